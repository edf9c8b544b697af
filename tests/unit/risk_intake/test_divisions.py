"""The division tree: register, rename, move (never into its own subtree), retire."""

from __future__ import annotations

import pytest

from risk_intake.domain.divisions import Division
from riskplatform.errors import Conflict, InvalidInput
from tests.unit.risk_intake.factories import ACTOR, NOW, division, published


def test_a_division_joins_the_tree_under_its_parent():
    parent = division("LIFE")
    child = Division.register("REAG", "Reagents", parent, ACTOR, NOW)

    [envelope] = published(*child.events)
    assert (envelope.data["parent_id"], envelope.metadata.division_id) == (parent.id, child.id)
    assert {(e.field, e.new) for e in child.audit} == {
        ("code", "REAG"),
        ("name", "Reagents"),
        ("parent_id", parent.id),
    }


def test_renaming_raises_the_version_unless_the_name_is_the_same():
    subject = division()
    subject.rename(subject.name, ACTOR, NOW)
    assert subject.version == 1
    subject.rename("Reagents & Kits", ACTOR, NOW)
    [envelope] = published(*subject.events)
    assert (envelope.detail_type, envelope.data["version"]) == ("DivisionRenamed", 2)


def test_a_move_names_the_old_parent():
    old, new = division("LIFE"), division("INST")
    subject = division("REAG", old)

    subject.move(new, [new.id], ACTOR, NOW)

    [envelope] = published(*subject.events)
    assert (envelope.data["parent_id"], envelope.data["previous_parent_id"]) == (new.id, old.id)
    subject.move(None, [], ACTOR, NOW)
    assert subject.parent_id is None


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_a_division_never_moves_under_itself_or_below_itself(depth):
    subject = division("LIFE")
    chain = [subject]
    for n in range(depth):
        chain.append(division(f"SUB{n}", chain[-1]))
    target = chain[-1]
    lineage = [d.id for d in reversed(chain)]

    with pytest.raises(InvalidInput) as refused:
        subject.move(target, lineage, ACTOR, NOW)
    assert refused.value.field == "parentId"
    assert (subject.parent_id, subject.version) == (None, 1)


def test_retiring_needs_an_empty_division_and_ends_its_changes():
    subject = division()
    with pytest.raises(Conflict, match="sub-division"):
        subject.retire(1, 0, ACTOR, NOW)
    with pytest.raises(Conflict, match="risk"):
        subject.retire(0, 2, ACTOR, NOW)

    subject.retire(0, 0, ACTOR, NOW)

    [envelope] = published(*subject.events)
    assert envelope.detail_type == "DivisionRetired"
    with pytest.raises(Conflict):
        subject.rename("Again", ACTOR, NOW)
    with pytest.raises(Conflict):
        Division.register("NEW", "New", subject, ACTOR, NOW)
