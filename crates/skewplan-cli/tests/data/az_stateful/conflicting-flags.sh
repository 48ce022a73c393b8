#!/usr/bin/env bash
# Harness self-test: azure-cli refuses --max-surge with --node-image-only.
set -euo pipefail
az aks nodepool upgrade --resource-group rg-selftest --cluster-name modern1 --name nodepool1 --node-image-only --max-surge 33% --yes
az aks nodepool wait --resource-group rg-selftest --cluster-name modern1 --nodepool-name nodepool1 --updated
