#!/usr/bin/env python3
"""Prints what `az aks show|list|nodepool list|get-upgrades -o table` prints
for a JSON document, with the Azure CLI's own table transformers
(azure-cli `acs/_format.py`) and knack's table output. REST-shaped documents
(fields under `properties`) are flattened as az flattens them first.

Run with the Azure CLI's Python (`~/.cache/az-venv/bin/python`):
  tools/az_table.py show|list|nodepool-list|get-upgrades FILE.json
"""
import json
import sys

from azure.cli.command_modules.acs import _format as formats
from knack.output import format_table
from knack.util import CommandResultItem


def flat(d):
    if isinstance(d, dict) and isinstance(d.get("properties"), dict):
        d = {**{k: v for k, v in d.items() if k != "properties"}, **d["properties"]}
    if isinstance(d, dict) and "resourceGroup" not in d and isinstance(d.get("id"), str):
        parts = d["id"].split("/")
        low = [p.lower() for p in parts]
        if "resourcegroups" in low:
            d["resourceGroup"] = parts[low.index("resourcegroups") + 1]
    return d


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict) and "responses" in data:
        data = data["responses"]["200"]["body"]
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        data = data["value"]
    data = [flat(x) for x in data] if isinstance(data, list) else flat(data)
    transformer = {
        "show": formats.aks_show_table_format,
        "list": formats.aks_list_table_format,
        "nodepool-list": formats.aks_agentpool_list_table_format,
        "get-upgrades": formats.aks_upgrades_table_format,
    }[kind]
    if kind == "nodepool-list" and isinstance(data, dict):
        data = data.get("agentPoolProfiles")
    sys.stdout.write(format_table(CommandResultItem(data, table_transformer=transformer, is_query_active=False)))


if __name__ == "__main__":
    main()
