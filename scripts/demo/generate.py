"""The demo register as plain data: divisions, products, suppliers, sites, risks with
assessments, and solutions linked to the risks they answer. Deterministic for a seed.

`plan(risks=300, solutions=150)` is the demo company; larger sizes give synthetic sets for
benchmarks (the same wording, numbered once the combinations run out).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from scripts.demo import company
from scripts.demo.risks import RISKS, SOLUTIONS, RiskTemplate, SolutionTemplate

TODAY = date(2026, 11, 26)


@dataclass
class PlannedRisk:
    key: str  # which template
    context: str  # the product, supplier, site or division it is about
    division: str  # division code
    category: str
    title: str
    description: str
    owner_email: str
    likelihood: int
    impact: dict[str, int]
    fmea: dict[str, int] | None
    affects: tuple[str, str] | None  # ("product" | "supplier" | "site", name)


@dataclass
class PlannedSolution:
    division: str
    kind: str
    title: str
    description: str
    status: str
    design_effectiveness: int
    test_result: str | None
    tested_on: str | None
    next_test_due: str | None
    owner_email: str
    cost: int
    due_date: str | None
    risks: list[int] = field(default_factory=list)  # indexes into Plan.risks


@dataclass
class Plan:
    divisions: dict[str, tuple[str, str | None]]
    products: dict[str, list[str]]
    suppliers: dict[str, str]
    sites: dict[str, tuple[str, str]]
    risks: list[PlannedRisk]
    solutions: list[PlannedSolution]


def _division_of_product(product: str) -> str:
    return next(code for code, products in company.PRODUCTS.items() if product in products)


def _contexts(template: RiskTemplate) -> list[tuple[str, str, dict[str, str]]]:
    """(context name, division code, placeholder values) for each thing it can be about."""
    if template.about == "product":
        return [
            (p, _division_of_product(p), {"product": p})
            for products in company.PRODUCTS.values()
            for p in products
            if company.PRODUCT_KINDS[p] in template.kinds
        ]
    if template.about == "supplier":
        found = []
        for supplier, supplied in company.SUPPLIERS.items():
            users = [p for p, deps in company.DEPENDS_ON.items() if supplier in deps]
            if users:
                found.append(
                    (
                        supplier,
                        _division_of_product(users[0]),
                        {"supplier": supplier, "supplied": supplied},
                    )
                )
        return found
    if template.about == "site":
        found = []
        for site, (country, made) in company.SITES.items():
            made_here = [p for p, s in company.MADE_AT.items() if s == site]
            if made_here:
                found.append(
                    (
                        site,
                        _division_of_product(made_here[0]),
                        {"site": site, "country": country, "made": made},
                    )
                )
        return found
    return [
        (code, code, {"division": name})
        for code, (name, parent) in company.DIVISIONS.items()
        if parent is not None
    ]


def _around(value: int, rng: random.Random, top: int = 5) -> int:
    return max(1, min(top, value + rng.choice((-1, 0, 0, 0, 1))))


def _risk(
    template: RiskTemplate,
    context: tuple[str, str, dict[str, str]],
    n: int,
    rng: random.Random,
    round_: int,
) -> PlannedRisk:
    name, division, values = context
    suffix = f" (set {round_ + 1})" if round_ else ""
    fmea = None
    if template.fmea:
        s, o, d = template.fmea
        fmea = {"severity": s, "occurrence": _around(o, rng, 10), "detection": _around(d, rng, 10)}
    return PlannedRisk(
        key=template.key,
        context=name,
        division=division,
        category=template.category,
        title=template.title.format(**values) + suffix,
        description=template.description.format(**values),
        owner_email=company.owner_email(n),
        likelihood=_around(template.likelihood, rng),
        impact={k: _around(v, rng) for k, v in template.impact.items()},
        fmea=fmea,
        affects=(template.about, name) if template.about != "division" else None,
    )


def _solution(
    template: SolutionTemplate, context: tuple[str, str, dict[str, str]], n: int, rng: random.Random
) -> PlannedSolution:
    name, division, values = context
    values = {"supplied": "critical materials", "supplier": name, **values}
    status = rng.choices(
        ["active", "in_progress", "planned", "degraded", "retired"], [50, 20, 15, 10, 5]
    )[0]
    tested = status in ("active", "degraded")
    tested_on = TODAY - timedelta(days=rng.randint(10, 400)) if tested else None
    result = None
    if tested:
        result = "failed" if status == "degraded" and rng.random() < 0.6 else "passed"
    return PlannedSolution(
        division=division,
        kind=template.kind,
        title=template.title.format(**values),
        description=template.description.format(**values),
        status=status,
        design_effectiveness=max(5, min(95, template.effectiveness + rng.randint(-10, 10))),
        test_result=result,
        tested_on=tested_on.isoformat() if tested_on else None,
        next_test_due=(tested_on + timedelta(days=365)).isoformat() if tested_on else None,
        owner_email=company.owner_email(n + 5),
        cost=template.cost,
        due_date=(TODAY + timedelta(days=rng.randint(30, 300))).isoformat()
        if status in ("planned", "in_progress")
        else None,
    )


def plan(risks: int = 300, solutions: int = 150, seed: int = 7) -> Plan:
    rng = random.Random(seed)
    combos = [(t, c) for t in RISKS for c in _contexts(t)]
    rng.shuffle(combos)
    planned = [_risk(*combos[n % len(combos)], n, rng, n // len(combos)) for n in range(risks)]
    by_context: dict[tuple[str, str], list[int]] = {}
    for index, risk in enumerate(planned):
        by_context.setdefault((risk.key, risk.context), []).append(index)

    candidates = []
    for template in SOLUTIONS:
        for key in template.answers:
            risk_template = next(t for t in RISKS if t.key == key)
            for context in _contexts(risk_template):
                linked = by_context.get((key, context[0]), [])
                if linked:
                    candidates.append((template, context, linked))
    rng.shuffle(candidates)
    made: list[PlannedSolution] = []
    for n, (template, context, linked) in enumerate(candidates[:solutions]):
        solution = _solution(template, context, n, rng)
        solution.risks = list(linked)
        made.append(solution)
    return Plan(
        divisions=company.DIVISIONS,
        products=company.PRODUCTS,
        suppliers=company.SUPPLIERS,
        sites=company.SITES,
        risks=planned,
        solutions=made,
    )
