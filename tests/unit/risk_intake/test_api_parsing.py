"""What the intake API reads from a request besides its body: If-Match (the kernel's, as
every API reads it), sort and search words; and what a partial update (PATCH) means."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from risk_intake.adapters.sql import fulltext_terms, like_pattern
from risk_intake.domain.queries import Sort
from risk_intake.entrypoints.routes.common import sorting
from risk_intake.entrypoints.schemas.risks import RiskPatch
from riskplatform.api import PreconditionRequired, expected, version_of
from riskplatform.errors import InvalidInput


@pytest.mark.parametrize(("header", "version"), [('"3"', 3), ("3", 3), ('W/"12"', 12)])
def test_if_match_names_the_version_read(header, version):
    assert version_of(header) == version


@pytest.mark.parametrize("header", ["", "*", '"3', "three", '"3", "4"'])
def test_an_if_match_without_one_version_is_refused(header):
    with pytest.raises(InvalidInput) as refused:
        version_of(header)
    assert (refused.value.field, refused.value.location) == ("If-Match", "header")


def test_a_change_without_if_match_is_428():
    with pytest.raises(PreconditionRequired) as refused:
        expected(None)
    assert refused.value.status == 428


def test_sort_names_a_field_and_its_direction():
    assert sorting("-reviewDue") == Sort("review_due", descending=True)
    assert sorting("title") == Sort("title")
    assert sorting(None) is None


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Taq supplier", "+taq* +supplier*"),
        ("the release of the reagent", "+release* +reagent*"),
        ("cold-chain", "+cold* +chain*"),
        ("QC lot (B)", "+lot*"),
    ],
)
def test_search_words_become_required_prefixes_without_stopwords(text, terms):
    assert fulltext_terms(text) == terms


def test_a_search_of_only_short_or_common_words_is_refused():
    with pytest.raises(InvalidInput) as refused:
        fulltext_terms("to be or it")
    assert (refused.value.field, refused.value.location) == ("q", "query")


def test_like_patterns_take_wildcards_literally():
    assert like_pattern("50%_a") == "%50\\%\\_a%"


def test_a_patch_changes_only_what_was_sent_and_clears_only_what_may_be_empty():
    assert RiskPatch.model_validate({"treatment": None, "reviewDue": "2027-01-31"}).changes() == {
        "treatment": None,
        "review_due": date(2027, 1, 31),
    }
    with pytest.raises(ValidationError) as refused:
        RiskPatch.model_validate({"title": None})
    assert refused.value.errors()[0]["loc"] == ("title",)
    with pytest.raises(ValidationError):
        RiskPatch.model_validate({})
