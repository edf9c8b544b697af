"""Merges the outputs of the local stacks into one JSON object and prints it, with the
values of what runs beside the stacks (each a JSON object in .local/outputs.d/, such as
the web app's `WebUrl`).

python scripts/outputs.py .local/outputs.json
python scripts/outputs.py --merge-only .local/outputs.json   (the stacks' outputs as
                                                             last written, new extras)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STACKS = [
    "riskplatform-local",
    "riskplatform-local-risk-intake",
    "riskplatform-local-metrics-scoring",
    "riskplatform-local-graph-sync",
    "riskplatform-local-reporting",
]
EXTRAS = Path(__file__).resolve().parent.parent / ".local" / "outputs.d"


def merged_outputs() -> dict[str, str]:
    import boto3

    cloudformation = boto3.client("cloudformation")
    outputs: dict[str, str] = {}
    for name in STACKS:
        try:
            stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        except cloudformation.exceptions.ClientError:
            continue
        outputs.update({o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])})
    return outputs


def extras() -> dict[str, str]:
    values: dict[str, str] = {}
    for path in sorted(EXTRAS.glob("*.json")):
        values.update(json.loads(path.read_text()))
    return values


if __name__ == "__main__":
    target = Path(sys.argv[-1])
    if "--merge-only" in sys.argv:
        outputs = json.loads(target.read_text()) if target.exists() else {}
    else:
        outputs = merged_outputs()
    outputs.update(extras())
    text = json.dumps(outputs, indent=2, sort_keys=True)
    target.write_text(text + "\n")
    print(text)
