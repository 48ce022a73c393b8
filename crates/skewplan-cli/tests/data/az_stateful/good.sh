#!/usr/bin/env bash
# Harness self-test: a correct script; its end state is good.plan.json's.
set -euo pipefail
RG=rg-selftest
az aks upgrade --resource-group "$RG" --name modern1 --control-plane-only --kubernetes-version 1.31.14 --yes
az aks nodepool update --resource-group "$RG" --cluster-name modern1 --name nodepool1 --max-surge 50%
az aks nodepool upgrade --resource-group "$RG" --cluster-name modern1 --name nodepool1 --kubernetes-version 1.31.14 --yes
az aks nodepool add --resource-group "$RG" --cluster-name modern1 --name user2 --node-vm-size Standard_D8s_v5 \
  --node-count 2 --kubernetes-version 1.31.14 --mode User
kubectl drain --selector agentpool=user --ignore-daemonsets --delete-emptydir-data
az aks nodepool delete --resource-group "$RG" --cluster-name modern1 --name user
test "$(az aks show --resource-group "$RG" --name modern1 --query currentKubernetesVersion --output tsv)" = 1.31.14
