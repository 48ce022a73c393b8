#!/usr/bin/env bash
# az_stateful.sh - run a generated AKS upgrade script from its first line to
# its last against a stub AKS that holds the pasted cluster, with every `az`
# line run by the REAL Azure CLI (parser, validators and command handlers).
#
# Setup: the azure-cli venv of check_az.sh (`tools/check_az.sh --setup`).
#
# Usage:
#   az_stateful.sh run --cluster PASTE.json [options] SCRIPT.sh
#   az_stateful.sh batch JOBS.jsonl
#   Options (run; in batch each line is a JSON object with the same keys,
#   plus "script", "id" and "env" as an object):
#     --cluster FILE               what the user pasted: `az aks show` (CLI or REST
#                                  shape, or a REST API example), `az aks nodepool
#                                  show/list`, or `kubectl get nodes -o json`
#     --control-plane-version V    for pastes without a control plane
#     --versions FILE              `az aks get-versions`-shaped list: the versions the
#                                  stub offers (unset: any version)
#     --plan PLAN.json             `skewplan plan --format json`: compare the stub's
#                                  final state with the plan's
#     --name N --resource-group RG the cluster's name where the paste has none
#     --env NAME=VALUE             a variable for the script (repeatable)
#     --prompt-answer y|n|notty    how prompts are answered (default y); every prompt
#                                  is recorded and fails the run either way
#     --assume-legacy              where the paste is silent, the cluster is a legacy
#                                  one (AvailabilitySet pools, maxAgentPools 1)
#     --also-legacy                run twice when the paste is silent about
#                                  maxAgentPools or a pool's type: as modern, then
#                                  as legacy (a second summary, id "...#legacy")
#     --workdir DIR --timeout S    where the script runs (default: a temp dir); limit
#   Output: a JSON summary per script (batch: one line each): commands with
#   their client calls, errors, prompts, warnings, the final state of the stub
#   cluster and, with a plan, its differences from the plan's final state.
#   Exit: 0 every script ran clean, 1 some did not, 2 usage/setup error.
#
# How: see tools/README.md. No network: `unshare -n` when permitted, and a
# socket guard inside Python. Config goes to a throw-away AZURE_CONFIG_DIR.
set -u
# Everything runs inside main, so bash has read the whole file before it
# starts (an edit to this file during a run can't break that run).
main() {
AZ_VENV="${AZ_VENV:-$HOME/.cache/az-venv}"
PY="$AZ_VENV/bin/python"
if [ ! -x "$PY" ] || ! "$PY" -c 'import azure.cli.core' 2>/dev/null; then
  echo "az_stateful.sh: no azure-cli venv at $AZ_VENV (tools/check_az.sh --setup)" >&2
  return 2
fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/azcfg" "$work/home"
# `az aks get-credentials` writes ~/.kube/config: HOME is a throw-away too.
export HOME="$work/home" AZURE_CONFIG_DIR="$work/azcfg" AZURE_CORE_COLLECT_TELEMETRY=0 AZURE_CORE_NO_COLOR=1 \
       AZURE_CORE_ONLY_SHOW_ERRORS=false AZURE_EXTENSION_USE_DYNAMIC_INSTALL=no \
       AZURE_CORE_SURVEY_MESSAGE=0 PYTHONWARNINGS=ignore
NETNS=()
if unshare -n true 2>/dev/null; then NETNS=(unshare -n); fi
timeout "${AZ_STATEFUL_TIMEOUT:-3600}" "${NETNS[@]}" "$PY" "$here/az_stateful.py" "$@" < /dev/null
rc=$?
[ $rc -eq 124 ] && echo "az_stateful.sh: timed out after ${AZ_STATEFUL_TIMEOUT:-3600}s" >&2
return $rc
}
main "$@"
exit $?
