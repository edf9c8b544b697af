"""Writes each service's OpenAPI document, generated from its API code, beside its
template (services/<service>/openapi.json).

    python scripts/openapi.py           # write them
    python scripts/openapi.py --check   # fail if a committed document is out of date
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APIS = {
    "risk-intake": ("risk_intake.entrypoints.api", "Risk intake API"),
    "metrics-scoring": ("metrics_scoring.entrypoints.api", "Metrics scoring API"),
    "graph-sync": ("graph_sync.entrypoints.api", "Graph API"),
    "reporting": ("reporting.entrypoints.api", "Reporting API"),
}
VERSION = "0.1.0"


def document(service: str) -> str:
    module, title = APIS[service]
    from riskplatform.api import openapi_document

    app = importlib.import_module(module).app
    return json.dumps(openapi_document(app, title, VERSION), indent=2, sort_keys=True) + "\n"


def main(check: bool) -> int:
    sys.path[:0] = [str(ROOT / "shared"), *(str(p) for p in (ROOT / "services").glob("*/src"))]
    stale = []
    for service in APIS:
        path = ROOT / "services" / service / "openapi.json"
        text = document(service)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date (run make openapi): " + ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
