"""The demo register is the company an analyst would recognise: every category, every
division, ratings on the scales, solutions linked to the risks they answer."""

from __future__ import annotations

from scripts.demo.generate import plan
from scripts.demo.risks import RISKS, SOLUTIONS

CATEGORIES = {
    "strategic",
    "operational",
    "financial",
    "regulatory_quality",
    "product_safety",
    "supply_chain",
    "cyber",
    "ehs",
    "reputational",
}


def test_the_demo_company_has_300_distinct_risks_across_all_categories_and_divisions():
    demo = plan()
    assert len(demo.risks) == 300
    assert len({r.title for r in demo.risks}) == 300
    assert {r.category for r in demo.risks} == CATEGORIES
    roots = {code for code, (_, parent) in demo.divisions.items() if parent is None}
    reached = {demo.divisions[r.division][1] for r in demo.risks}
    assert reached == roots


def test_ratings_are_on_the_scales():
    for risk in plan().risks:
        assert 1 <= risk.likelihood <= 5
        assert risk.impact and all(1 <= v <= 5 for v in risk.impact.values())
        if risk.fmea:
            assert all(1 <= v <= 10 for v in risk.fmea.values())


def test_each_solution_answers_risks_of_its_kind_in_its_division():
    demo = plan()
    assert len(demo.solutions) == 150
    for solution in demo.solutions:
        template = next(t for t in SOLUTIONS if t.title.split("{")[0] in solution.title)
        assert solution.risks
        for index in solution.risks:
            risk = demo.risks[index]
            assert risk.key in template.answers
            assert risk.division == solution.division


def test_the_plan_is_the_same_every_time_and_scales_for_benchmarks():
    assert plan() == plan()
    big = plan(risks=5000, solutions=0)
    assert len(big.risks) == 5000
    assert {t.key for t in RISKS} == {r.key for r in big.risks}
