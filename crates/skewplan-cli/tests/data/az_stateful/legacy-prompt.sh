#!/usr/bin/env bash
# Harness self-test: on a legacy cluster, a control-plane-only upgrade without
# --yes asks whether every pool may be upgraded too.
set -euo pipefail
az aks upgrade --resource-group rg-selftest --name legacy1 --control-plane-only --kubernetes-version 1.31.14
