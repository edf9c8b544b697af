"""The demo company's risk appetite, so that scoring has appetites to judge by and the
breach dashboard has something to show: like most life-science companies it has little
appetite for product safety and regulatory quality risks (within appetite up to low, on
watch up to medium, in breach above), set at each top division for its subtree in levels
of each risk's own model (ADR 26). The admin sets them in metrics-scoring, which rescores
the category's risks. An appetite already set for a division and category is left alone,
so running it again changes nothing.

    python -m scripts.demo.appetites
"""

from __future__ import annotations

from scripts.demo.kris import Client, top_divisions

STATEMENTS = {  # category: (appetite level, tolerance level)
    "product_safety": ("low", "medium"),
    "regulatory_quality": ("low", "medium"),
}


def load_appetites(roots: list[str]) -> int:
    """Sets the statements the top divisions lack; how many it set."""
    scoring = Client("ScoringApiUrl", "admin@riskplatform.local")
    held = {(a["divisionId"], a["category"]) for a in scoring.call("GET", "/appetites")}
    made = 0
    for root in roots:
        for category, (appetite, tolerance) in STATEMENTS.items():
            if (root, category) in held:
                continue
            scoring.call(
                "POST",
                "/appetites",
                {
                    "divisionId": root,
                    "category": category,
                    "appetiteLevel": appetite,
                    "toleranceLevel": tolerance,
                },
            )
            made += 1
    return made


def main() -> None:
    print(f"demo appetites: {load_appetites(top_divisions())} set")


if __name__ == "__main__":
    main()
