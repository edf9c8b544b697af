"""The same events in any delivery order, with duplicates and in any batches, give the
same final scores (hypothesis, against the real MariaDB).

Each example plays one story twice with fresh ids: once in order, once shuffled, with
some events delivered again and the deliveries cut into SQS batches at random. The final
results of the two runs (every score, residual, FMEA, appetite status, explanation) are
the same once the ids are swapped back."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskplatform.events import Envelope
from tests.support.db import sql
from tests.unit.metrics_scoring.factories import (
    assessed,
    captured,
    changed,
    division,
    kri_reading,
    linked,
    solution,
)

pytestmark = pytest.mark.integration
DUE = date(2099, 1, 1)
ACCEPTANCE = {
    "accepted_by": "risk.manager@example.com",
    "accepted_at": "2026-11-23T14:05:00.000Z",
    "rationale": "Second source qualified by spring.",
    "expires_on": "2099-01-01",
}
NAMES = (
    "root",
    "child",
    "other_root",
    "risk_a",
    "risk_b",
    "control_1",
    "control_2",
    "reading_1",
    "reading_2",
    "assessment_1",
    "assessment_2",
    "assessment_3",
)


@dataclass
class Story:
    ids: dict[str, str] = field(default_factory=lambda: {n: str(uuid.uuid4()) for n in NAMES})
    kri_id: str = ""

    def prefix(self, deliver, call) -> None:
        """What the story needs before its events: an appetite, and a KRI on risk A."""
        i = self.ids
        deliver(
            division(i["root"], None),
            division(i["other_root"], None),
            captured(i["risk_a"], "supply_chain", i["child"]),
        )
        for root, (appetite, tolerance) in (("root", (2, 4)), ("other_root", (6, 9))):
            status, _ = call(
                "POST",
                "/appetites",
                body={
                    "divisionId": i[root],
                    "category": "supply_chain",
                    "appetite": appetite,
                    "tolerance": tolerance,
                },
            )
            assert status == 200
        status, kri = call(
            "POST",
            f"/risks/{i['risk_a']}/kris",
            body={
                "name": "On-time delivery",
                "unit": "%",
                "direction": "lower_is_worse",
                "amber": 95,
                "red": 90,
            },
        )
        assert status == 201
        self.kri_id = kri["kriId"]

    def events(self) -> list[Envelope]:
        i = self.ids
        return [
            captured(i["risk_a"], "supply_chain", i["child"]),
            division(i["child"], i["root"]),
            division(i["child"], i["other_root"], version=2),
            assessed(
                i["risk_a"],
                2,
                3,
                {"supply": 4},
                division_id=i["child"],
                assessment_id=i["assessment_1"],
            ),
            solution(i["control_1"], "preventive", "active", 60, "passed", DUE, title="Audit"),
            linked(i["risk_a"], i["control_1"], 3, division_id=i["child"]),
            solution(i["control_2"], "mitigating", "active", 50, "passed", DUE, title="Buffer"),
            linked(i["risk_a"], i["control_2"], 4, division_id=i["child"]),
            assessed(
                i["risk_a"],
                5,
                4,
                {"supply": 5, "safety": 2},
                division_id=i["child"],
                assessment_id=i["assessment_2"],
                fmea={"severity": 7, "occurrence": 5, "detection": 6},
            ),
            linked(i["risk_a"], i["control_2"], 6, link=False, division_id=i["child"]),
            solution(
                i["control_1"],
                "preventive",
                "degraded",
                60,
                "passed",
                DUE,
                version=2,
                title="Audit",
            ),
            kri_reading(self.kri_id, 80, datetime(2026, 11, 1, tzinfo=UTC), i["reading_1"]),
            kri_reading(self.kri_id, 97, datetime(2026, 11, 2, tzinfo=UTC), i["reading_2"]),
            changed(
                i["risk_a"],
                7,
                "supply_chain",
                division_id=i["child"],
                status="accepted",
                acceptance=ACCEPTANCE,
            ),
            assessed(
                i["risk_b"],
                2,
                5,
                {"financial": 3},
                division_id=i["child"],
                assessment_id=i["assessment_3"],
            ),
            captured(i["risk_b"], "supply_chain", i["child"]),
            linked(i["risk_b"], i["control_1"], 3, division_id=i["child"]),
        ]

    def final(self, db) -> list[str]:
        """Each risk's final result, with this story's ids written as their names."""
        found = []
        for name in ("risk_a", "risk_b"):
            [row] = sql(
                db,
                "SELECT result, appetite_status, tracked FROM risk_scores WHERE risk_id = %s",
                self.ids[name],
            )
            text = json.dumps(
                [json.loads(row["result"]), row["appetite_status"], bool(row["tracked"])]
            )
            for key, value in [*self.ids.items(), ("kri", self.kri_id)]:
                text = text.replace(value, key)
            found.append(text)
        return found


deliveries = st.integers(min_value=0, max_value=16).flatmap(
    lambda _: st.tuples(
        st.permutations(range(17)),
        st.lists(st.integers(0, 16), max_size=6),
        st.lists(st.integers(1, 4), min_size=17, max_size=23),
        st.randoms(use_true_random=False),
    )
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=deliveries)
def test_any_order_with_duplicates_gives_the_same_final_scores(scoring, deliver, call, plan):
    order, repeats, batch_sizes, rnd = plan
    in_order, shuffled = Story(), Story()
    in_order.prefix(deliver, call)
    for event_ in in_order.events():
        assert deliver(event_) == {"batchItemFailures": []}

    shuffled.prefix(deliver, call)
    events = shuffled.events()
    sequence = [events[i] for i in order]
    for again in repeats:
        sequence.insert(rnd.randint(0, len(sequence)), events[again])
    while sequence:
        size, batch_sizes = (batch_sizes[0], batch_sizes[1:]) if batch_sizes else (1, [])
        batch, sequence = sequence[:size], sequence[size:]
        assert deliver(*batch) == {"batchItemFailures": []}

    assert shuffled.final(scoring.db) == in_order.final(scoring.db)
