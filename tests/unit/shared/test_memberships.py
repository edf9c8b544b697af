"""Division memberships: granting and revoking, the events that carry them to every
service, and the short cache each API keeps of them."""

from __future__ import annotations

from datetime import UTC, datetime

from riskplatform.contracts import default_contracts
from riskplatform.events import Envelope, MessageContext
from riskplatform.memberships import (
    CachedMemberships,
    MembershipGranted,
    MembershipRevoked,
    UserAccess,
    is_membership_event,
)

REAG = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
INST = "7c2a9e4b-1d3f-4a5b-8c6d-9e0f1a2b3c4d"
AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def envelope(event) -> Envelope:
    return Envelope.wrap(event, producer="risk-intake", context=MessageContext.new())


def test_each_grant_and_revoke_is_one_version_with_an_event_carrying_the_whole_set():
    access = UserAccess("sub-1", "j.meyer@example.com")
    assert access.grant(REAG, "admin@example.com", AT)
    assert access.grant(INST, "admin@example.com", AT)
    assert access.revoke(REAG, "admin@example.com")
    assert access.version == 3 and access.divisions == {INST}
    granted, _, revoked = access.events
    assert isinstance(granted, MembershipGranted) and isinstance(revoked, MembershipRevoked)
    assert [m.division_id for m in granted.memberships] == [REAG]
    assert [m.division_id for m in revoked.memberships] == [INST]
    assert (revoked.division_id, revoked.version, revoked.actor) == (REAG, 3, "admin@example.com")


def test_granting_twice_or_revoking_what_was_never_granted_changes_nothing():
    access = UserAccess("sub-1", "j.meyer@example.com")
    access.grant(REAG, "admin@example.com", AT)
    assert not access.grant(REAG, "someone@example.com", AT)
    assert not access.revoke(INST, "admin@example.com")
    assert access.version == 1 and len(access.events) == 1
    assert access.memberships[REAG].granted_by == "admin@example.com"


def test_the_events_keep_their_contract_and_read_back_into_the_same_access():
    access = UserAccess("sub-1", "j.meyer@example.com")
    access.grant(REAG, "admin@example.com", AT)
    access.grant(INST, "admin@example.com", AT)
    access.revoke(INST, "admin@example.com")
    for event in access.events:
        sent = envelope(event)
        default_contracts().validate(sent.source, sent.detail_type, sent.detail)
        assert is_membership_event(sent)
        assert sent.metadata.aggregate_id == "sub-1"
    copy = UserAccess.from_event(envelope(access.events[-1]))
    assert (copy.user_id, copy.email, copy.version) == ("sub-1", "j.meyer@example.com", 3)
    assert copy.memberships == access.memberships


class Counting:
    def __init__(self) -> None:
        self.divisions: dict[str, frozenset[str]] = {}
        self.reads = 0

    def divisions_of(self, user_id: str) -> frozenset[str]:
        self.reads += 1
        return self.divisions.get(user_id, frozenset())


def test_the_cache_holds_a_users_divisions_for_its_time_to_live_only():
    store, now = Counting(), [0.0]
    cached = CachedMemberships(store, ttl_seconds=10, clock=lambda: now[0])
    store.divisions["u"] = frozenset({REAG})
    assert cached.divisions_of("u") == {REAG}
    store.divisions["u"] = frozenset()  # revoked
    now[0] = 9.9
    assert cached.divisions_of("u") == {REAG} and store.reads == 1
    now[0] = 10.0
    assert cached.divisions_of("u") == frozenset() and store.reads == 2
    store.divisions["u"] = frozenset({INST})  # granted again
    cached.forget("u")
    assert cached.divisions_of("u") == {INST} and store.reads == 3
