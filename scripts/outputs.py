"""Merges the outputs of the local stacks into one JSON object and prints it.

python scripts/outputs.py .local/outputs.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import boto3

STACKS = [
    "riskplatform-local",
    "riskplatform-local-risk-intake",
    "riskplatform-local-metrics-scoring",
    "riskplatform-local-graph-sync",
    "riskplatform-local-reporting",
]


def merged_outputs() -> dict[str, str]:
    cloudformation = boto3.client("cloudformation")
    outputs: dict[str, str] = {}
    for name in STACKS:
        try:
            stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        except cloudformation.exceptions.ClientError:
            continue
        outputs.update({o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])})
    return outputs


if __name__ == "__main__":
    text = json.dumps(merged_outputs(), indent=2, sort_keys=True)
    Path(sys.argv[1]).write_text(text + "\n")
    print(text)
