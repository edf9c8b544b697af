"""The fault-injection harness, short (ADR 55): a few hundred risks, each store down for a
few seconds, every fault injected; nothing lost, nothing applied twice, the poison event
in its DLQs and nowhere else. ``make chaos`` runs the long version and prints figures."""

from __future__ import annotations

import logging

import pytest

from tests.chaos.harness import Options, figures, run

pytestmark = pytest.mark.integration


def test_under_faults_no_event_is_lost_or_applied_twice(monkeypatch, capsys):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    logging.disable(logging.CRITICAL)
    try:
        state = run(
            Options(
                risks=300,
                analysts=3,
                pollers=2,  # the dev stage's ConsumerConcurrency
                outage_seconds=3,
                settle_timeout_seconds=90,
                prefix="test_chaos_",  # ADR 53: tests work in test_ schemas
            ),
            out=lambda line: None,
        )
    finally:
        logging.disable(logging.NOTSET)
    report = state.report
    assert report is not None
    printed = "\n".join(figures(state))
    with capsys.disabled():
        print("\n" + printed)

    assert state.settled_at is not None, printed
    assert len(state.stores.outages) == 3 and all(o.ended for o in state.stores.outages)
    assert report.risks == 300
    assert report.lost == 0, printed
    assert report.duplicated == 0, printed
    assert report.poison_only_in_dlqs(state.poison_id), printed
    assert set(report.poison_routes) == {"metrics-scoring", "reporting", "graph-sync"}
    # The faults were really injected.
    bus = state.bus.figures
    assert bus.calls_failed and bus.entries_failed and bus.duplicated
    assert any(p.figures.crashes for p in state.pollers)
    assert any(n for n in state.parked_peak.values()), "an outage parked events"
    # Memcached down: the reports still answered.
    assert set(state.reads.get("memcached", {200: 1})) == {200}
