"""What each consumed event implies for the graph: one ``Upsert`` per event. Pure Python.

Version keys: a risk's and a solution's own events carry their whole state and share
``version`` (their membership edge moves with it); their OWNS edge, from the owner named
by email, has ``owner_version``. A division's events are partial, so
each aspect has its own key: ``version`` (its registration, with the code that never
changes), ``name_version``, ``parent_version`` (the PARENT_OF edge) and
``retired_version``. Products, suppliers and sites are registered once, under
``version``. Scores have ``score_version``. An edge that is added and removed (a
solution's link to a risk; a relationship) is gated per edge, on the entity it belongs
to: ``edge_version_<LABEL>_<the other end's id>``. A user's memberships carry their
access ``version``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph_sync.domain.model import (
    DIVISION,
    HAS_RISK,
    HAS_SOLUTION,
    MITIGATES,
    OWNS,
    PARENT_OF,
    PRODUCT,
    RISK,
    SITE,
    SOLUTION,
    SUPPLIER,
    USER,
    Edge,
    Owner,
    Upsert,
    Vertex,
    Write,
    edge_version_key,
    owner,
)
from riskplatform.dispatch import EventTable
from riskplatform.events import source

VERSION = "version"
NAME_VERSION = "name_version"
PARENT_VERSION = "parent_version"
RETIRED_VERSION = "retired_version"
SCORE_VERSION = "score_version"
OWNER_VERSION = "owner_version"

INTAKE = source("risk-intake")
SCORING = source("metrics-scoring")

Data = Mapping[str, Any]

RISK_FIELDS = ("title", "category", "status", "owner_email", "division_id")
SOLUTION_FIELDS = (
    "title",
    "kind",
    "status",
    "design_effectiveness",
    "test_result",
    "tested_on",
    "next_test_due",
    "owner_email",
    "cost",
    "due_date",
    "division_id",
)


def division(division_id: str) -> Vertex:
    return Vertex(division_id, DIVISION)


def parent(data: Data) -> Owner:
    return Owner(PARENT_OF, division(data["parent_id"]) if data["parent_id"] else None)


def division_registered(data: Data) -> Upsert:
    version = data["version"]
    return Upsert(
        division(data["division_id"]),
        (
            Write(VERSION, version, {"code": data["code"]}),
            Write(NAME_VERSION, version, {"name": data["name"]}),
            Write(PARENT_VERSION, version, owner=parent(data)),
        ),
    )


def division_renamed(data: Data) -> Upsert:
    write = Write(NAME_VERSION, data["version"], {"name": data["name"]})
    return Upsert(division(data["division_id"]), (write,))


def division_moved(data: Data) -> Upsert:
    write = Write(PARENT_VERSION, data["version"], owner=parent(data))
    return Upsert(division(data["division_id"]), (write,))


def division_retired(data: Data) -> Upsert:
    write = Write(RETIRED_VERSION, data["version"], {"retired": True})
    return Upsert(division(data["division_id"]), (write,))


def owned(data: Data) -> Write:
    """The OWNS edge from the risk's or solution's owner, the only one (none when it
    names no owner)."""
    email = data.get("owner_email")
    return Write(OWNER_VERSION, data["version"], owner=Owner(OWNS, owner(email) if email else None))


def risk_state(data: Data) -> Upsert:
    """A risk's whole state (RiskCaptured, RiskChanged); its HAS_RISK edge moves when its
    division did. A captured risk is not retired, and may not carry its treatment and
    review date yet (they are optional in RiskCaptured)."""
    properties = {key: data[key] for key in RISK_FIELDS} | {
        "treatment": data.get("treatment"),
        "review_due": data.get("review_due"),
        "retired": data.get("retired", False),
    }
    write = Write(
        VERSION, data["version"], properties, owner=Owner(HAS_RISK, division(data["division_id"]))
    )
    return Upsert(Vertex(data["risk_id"], RISK), (write, owned(data)))


def risk_scored(data: Data) -> Upsert:
    """Only the score: inherent, the current residual that exposure sums, and the
    appetite status. The risk's division comes from the risk's own events (the score's
    copy of it may be older than a move)."""
    inherent = data["inherent"]
    current = data.get("current_residual") or inherent  # archived events may lack it
    appetite = data.get("appetite") or {}
    properties = {
        "score": inherent["score"],
        "level": inherent["level"],
        "likelihood": inherent["likelihood"],
        "impact": inherent["impact"],
        "residual": current["score"],
        "residual_level": current["level"],
        "appetite_status": appetite.get("status"),
        "model_version": data["model"]["version"],
    }
    write = Write(SCORE_VERSION, data["score_version"], properties)
    return Upsert(Vertex(data["risk_id"], RISK), (write,))


def solution_state(data: Data) -> Upsert:
    """SolutionRegistered and SolutionChanged both carry the whole state."""
    write = Write(
        VERSION,
        data["version"],
        {key: data[key] for key in SOLUTION_FIELDS},
        owner=Owner(HAS_SOLUTION, division(data["division_id"])),
    )
    return Upsert(Vertex(data["solution_id"], SOLUTION), (write, owned(data)))


def _mitigation(data: Data) -> tuple[Vertex, Edge, str]:
    risk = Vertex(data["risk_id"], RISK)
    edge = Edge(MITIGATES, Vertex(data["solution_id"], SOLUTION), risk)
    return risk, edge, edge_version_key(MITIGATES, edge.source.id)


def solution_linked(data: Data) -> Upsert:
    risk, edge, key = _mitigation(data)
    return Upsert(risk, (Write(key, data["risk_version"], adds=(edge,)),))


def solution_unlinked(data: Data) -> Upsert:
    risk, edge, key = _mitigation(data)
    return Upsert(risk, (Write(key, data["risk_version"], removes=(edge,)),))


def product_registered(data: Data) -> Upsert:
    write = Write(VERSION, data["version"], {"code": data["code"], "name": data["name"]})
    return Upsert(Vertex(data["product_id"], PRODUCT), (write,))


def supplier_registered(data: Data) -> Upsert:
    write = Write(VERSION, data["version"], {"name": data["name"], "country": data["country"]})
    return Upsert(Vertex(data["supplier_id"], SUPPLIER), (write,))


def site_registered(data: Data) -> Upsert:
    write = Write(VERSION, data["version"], {"name": data["name"], "country": data["country"]})
    return Upsert(Vertex(data["site_id"], SITE), (write,))


LABELS = {
    "division": DIVISION,
    "risk": RISK,
    "product": PRODUCT,
    "supplier": SUPPLIER,
    "site": SITE,
}


def _relationship(data: Data) -> tuple[Vertex, Edge, str]:
    """The edge (division SELLS product, product DEPENDS_ON supplier, product MADE_AT
    site, risk AFFECTS product, supplier or site) and its gate, on its from entity."""
    source = Vertex(data["from_id"], LABELS[data["from_type"]])
    target = Vertex(data["to_id"], LABELS[data["to_type"]])
    edge = Edge(data["relation"].upper(), source, target)
    return source, edge, edge_version_key(edge.label, target.id)


def relationship_added(data: Data) -> Upsert:
    source, edge, key = _relationship(data)
    return Upsert(source, (Write(key, data["from_version"], adds=(edge,)),))


def relationship_removed(data: Data) -> Upsert:
    source, edge, key = _relationship(data)
    return Upsert(source, (Write(key, data["from_version"], removes=(edge,)),))


def memberships_changed(data: Data) -> Upsert:
    """MembershipGranted, MembershipRevoked: the user's whole set of divisions, which
    the graph API reads to know where its callers work (a comma-separated property:
    Neptune stores no lists)."""
    divisions = ",".join(sorted(m["division_id"] for m in data["memberships"]))
    write = Write(VERSION, data["version"], {"email": data["email"], "divisions": divisions})
    return Upsert(Vertex(data["user_id"], USER), (write,))


# Every event graph-sync's rule routes to it, and the change each implies: adding an
# event is one line here (ADR 67). Each is applied by an upsert, alone or in a batch.
CHANGES: EventTable[Callable[[Data], Upsert]] = EventTable(
    "graph-sync",
    {
        (INTAKE, "DivisionRegistered"): division_registered,
        (INTAKE, "DivisionRenamed"): division_renamed,
        (INTAKE, "DivisionMoved"): division_moved,
        (INTAKE, "DivisionRetired"): division_retired,
        (INTAKE, "RiskCaptured"): risk_state,
        (INTAKE, "RiskChanged"): risk_state,
        (INTAKE, "SolutionRegistered"): solution_state,
        (INTAKE, "SolutionChanged"): solution_state,
        (INTAKE, "SolutionLinked"): solution_linked,
        (INTAKE, "SolutionUnlinked"): solution_unlinked,
        (INTAKE, "ProductRegistered"): product_registered,
        (INTAKE, "SupplierRegistered"): supplier_registered,
        (INTAKE, "SiteRegistered"): site_registered,
        (INTAKE, "RelationshipAdded"): relationship_added,
        (INTAKE, "RelationshipRemoved"): relationship_removed,
        (INTAKE, "MembershipGranted"): memberships_changed,
        (INTAKE, "MembershipRevoked"): memberships_changed,
        (SCORING, "RiskScored"): risk_scored,
    },
)


def change_for(source: str, detail_type: str, data: Data) -> Upsert | None:
    """The graph change an event implies; None for one graph-sync ignores on purpose
    (none today), ``UnhandledEvent`` (a LookupError) for one it does not know (the
    record fails and ends in the DLQ, where someone will look)."""
    implied = CHANGES.route(source, detail_type)
    return None if implied is None else implied(data)
