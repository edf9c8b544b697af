"""The words every service uses, as the event contracts in events-schema/ define them
(tests/contract checks that the two agree): one place, not one copy per service."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """What a risk is about."""

    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    FINANCIAL = "financial"
    REGULATORY_QUALITY = "regulatory_quality"
    PRODUCT_SAFETY = "product_safety"
    SUPPLY_CHAIN = "supply_chain"
    CYBER = "cyber"
    EHS = "ehs"
    REPUTATIONAL = "reputational"


CATEGORIES = tuple(category.value for category in Category)
# Always rated for safety, and scored by their worst impact whatever the model weighs
# (the safety guard, ADR 29).
SAFETY_CATEGORIES = frozenset({Category.PRODUCT_SAFETY, Category.EHS})


@dataclass(frozen=True)
class KriDefinition:
    """A key risk indicator's definition as KriDefined, KriChanged and KriRetired carry it:
    metrics-scoring's indicators, API bodies and events and reporting's projection of
    them build on these fields, declared once."""

    kri_id: str
    risk_id: str
    name: str
    unit: str
    direction: str
    amber: float
    red: float
    stale_after_days: int
    amber_steps: int
