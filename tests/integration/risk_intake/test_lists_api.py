"""The register's lists: pages, filters (a division with its subtree, status, category,
owner, tag, overdue reviews and tests), sorting and FULLTEXT search."""

from __future__ import annotations

import pytest

from tests.integration.risk_intake.support import risk_body, solution_body

pytestmark = pytest.mark.integration

RISKS = [
    # code, title, description, category, owner, tags, review due, status
    ("IMMU", "Taq polymerase single source", "One enzyme supplier for PCR master mix.",
     "supply_chain", "anna@example.com", ["pcr"], "2020-01-31", "open"),
    ("IMMU", "Cold-chain excursions in EU distribution", "Temperature loggers on summer routes.",
     "operational", "ben@example.com", ["cold-chain"], "2099-01-31", "draft"),
    ("REAG", "Ransomware on the LIMS", "Lab information system outage stops release.",
     "cyber", "anna@example.com", [], None, "open"),
    ("REAG", "Reagent lot release delays", "QC release testing backs up at quarter end.",
     "operational", "carl@example.com", ["qc", "pcr"], "2021-06-30", "closed"),
    ("INST", "Firmware recall of analysers", "A firmware fault could force a field recall.",
     "product_safety", "dora@example.com", [], "2020-05-01", "open"),
]  # fmt: skip


@pytest.fixture
def register(as_role, tree) -> dict[str, str]:
    """The risks above, by title: written by a risk manager of each top division."""
    writers = {
        "IMMU": as_role("risk-manager", tree["LIFE"]),
        "REAG": as_role("risk-manager", tree["LIFE"]),
        "INST": as_role("risk-manager", tree["INST"]),
    }
    ids = {}
    for code, title, description, category, owner, tags, due, status in RISKS:
        body = risk_body(
            tree[code],
            title=title,
            description=description,
            category=category,
            ownerEmail=owner,
            tags=tags,
            reviewDue=due,
            status=status,
        )
        reply = writers[code].post("/risks", body)
        assert reply.status == 201, reply.body
        ids[title] = reply.body["id"]
    return ids


@pytest.fixture
def executive(as_role):
    return as_role("executive")


def titles(reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [item["title"] for item in reply.body["items"]]


def test_a_division_filter_takes_its_whole_subtree(executive, tree, register):
    found = titles(executive.get("/risks", divisionId=tree["REAG"], sort="title"))

    assert found == [
        "Cold-chain excursions in EU distribution",
        "Ransomware on the LIMS",
        "Reagent lot release delays",
        "Taq polymerase single source",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": ["open", "closed"]}, {"Taq polymerase single source",
         "Ransomware on the LIMS", "Reagent lot release delays", "Firmware recall of analysers"}),
        ({"category": "operational"}, {"Cold-chain excursions in EU distribution",
                                       "Reagent lot release delays"}),
        ({"owner": "anna@example.com"}, {"Taq polymerase single source",
                                         "Ransomware on the LIMS"}),
        ({"tag": "pcr"}, {"Taq polymerase single source", "Reagent lot release delays"}),
        ({"plannedReviewPassed": "true"}, {"Taq polymerase single source",
                                     "Firmware recall of analysers"}),
        ({"q": "supplier"}, {"Taq polymerase single source"}),
        ({"q": "relea"}, {"Ransomware on the LIMS", "Reagent lot release delays"}),
        ({"q": "release testing"}, {"Reagent lot release delays"}),
        ({"q": "the release of the reagent"}, {"Reagent lot release delays"}),
        ({"q": "cold-chain"}, {"Cold-chain excursions in EU distribution"}),
        ({"q": "release", "category": "cyber"}, {"Ransomware on the LIMS"}),
    ],
)  # fmt: skip
def test_filters_and_search_narrow_the_list(executive, register, query, expected):
    assert set(titles(executive.get("/risks", **query))) == expected


def test_search_ranks_by_relevance_unless_told_to_sort(executive, register):
    ranked = titles(executive.get("/risks", q="release"))
    by_title = titles(executive.get("/risks", q="release", sort="-title"))

    assert set(ranked) == set(by_title)
    assert by_title == ["Reagent lot release delays", "Ransomware on the LIMS"]


def test_pages_are_stable_and_count_the_whole_result(executive, register):
    pages = [executive.get("/risks", sort="reviewDue", limit=2, offset=o).body for o in (0, 2, 4)]

    assert [p["total"] for p in pages] == [5, 5, 5]
    assert [[i["reviewDue"] for i in p["items"]] for p in pages] == [
        ["2020-01-31", "2020-05-01"],
        ["2021-06-30", "2099-01-31"],
        [None],  # no review date comes last
    ]
    assert (pages[0]["limit"], pages[2]["offset"]) == (2, 4)


def test_retired_risks_are_listed_only_when_asked_for(as_role, executive, tree, register):
    writer = as_role("analyst", tree["INST"])
    retired = writer.delete(f"/risks/{register['Firmware recall of analysers']}", 1)
    assert retired.status == 200

    assert "Firmware recall of analysers" not in titles(executive.get("/risks"))
    assert "Firmware recall of analysers" in titles(executive.get("/risks", includeRetired="true"))


def test_solutions_filter_sort_and_search(as_role, executive, tree):
    manager = as_role("risk-manager", tree["LIFE"])
    for title, kind, status, due in (
        ("Second enzyme supplier", "preventive", "planned", None),
        ("Safety stock of enzyme", "mitigating", "active", "2020-02-01"),
        ("Data loggers on every route", "preventive", "active", "2099-02-01"),
    ):
        extra = {"testResult": "passed", "testedOn": "2019-12-01", "nextTestDue": due}
        body = solution_body(
            tree["IMMU"], title=title, kind=kind, status=status, **(extra if due else {})
        )
        assert manager.post("/solutions", body).status == 201

    assert titles(executive.get("/solutions", kind="preventive", sort="title")) == [
        "Data loggers on every route",
        "Second enzyme supplier",
    ]
    assert titles(executive.get("/solutions", testOverdue="true")) == ["Safety stock of enzyme"]
    assert set(titles(executive.get("/solutions", q="enzyme"))) == {
        "Second enzyme supplier",
        "Safety stock of enzyme",
    }
    assert titles(executive.get("/solutions", status="active", sort="-nextTestDue")) == [
        "Data loggers on every route",
        "Safety stock of enzyme",
    ]
    assert executive.get("/solutions", divisionId=tree["INST"]).body["total"] == 0


def test_divisions_list_by_name_within_a_subtree(executive, tree):
    assert [d["code"] for d in executive.get("/divisions").body["items"]] == [
        "IMMU",
        "INST",
        "LIFE",
        "REAG",
    ]  # names are "Division <code>"
    below_life = executive.get("/divisions", parentId=tree["LIFE"], sort="-code").body["items"]
    assert [d["code"] for d in below_life] == ["REAG", "LIFE", "IMMU"]
    assert [d["code"] for d in executive.get("/divisions", q="nst").body["items"]] == ["INST"]
