#!/usr/bin/env bash
# Harness self-test: a pool upgrade while the cluster's own upgrade
# (started with --no-wait) still runs is refused.
set -euo pipefail
az aks upgrade --resource-group rg-selftest --name modern1 --control-plane-only --kubernetes-version 1.31.14 --yes --no-wait
az aks nodepool upgrade --resource-group rg-selftest --cluster-name modern1 --name nodepool1 --kubernetes-version 1.31.14 --yes
