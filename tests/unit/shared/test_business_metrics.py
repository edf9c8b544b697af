"""Business metrics are counted from committed events and written as one EMF document
per invocation, in the names the dashboards read."""

from __future__ import annotations

import json

from riskplatform import business_metrics


def test_committed_events_become_the_dashboards_metrics(capsys):
    business_metrics.count_committed(
        ["RiskCaptured", "RiskAssessed", "RiskAssessed", "RiskChanged"]
    )
    business_metrics.flush()

    document = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    directive = document["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "RiskPlatform"
    assert {m["Name"] for m in directive["Metrics"]} == {"RisksCaptured", "RisksAssessed"}
    assert document["RisksCaptured"] == [1.0]
    assert document["RisksAssessed"] == [1.0, 1.0]  # each commit counted, none merged away


def test_an_invocation_that_counted_nothing_writes_nothing(capsys):
    business_metrics.flush()
    assert capsys.readouterr().out == ""


def test_nothing_is_written_while_metrics_are_disabled(capsys, monkeypatch):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    business_metrics.count_committed(["RiskScored"] * 250)  # past Powertools' 100 a metric
    business_metrics.flush()
    assert capsys.readouterr().out == ""
