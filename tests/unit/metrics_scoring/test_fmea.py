"""RPN and the AIAG & VDA (2019) action priority, checked cell by cell.

HANDBOOK below is the action priority table laid out as the handbook prints it: one line
per severity band and occurrence band, then the priority for each detection band from
the worst detection (7-10) to the best (1). It is written independently of the lookup
in metrics_scoring.domain.fmea, expanded here into all 1,000 (S, O, D) cells, and every
cell is compared. docs/scoring.md names the sources it was checked against.
"""

from __future__ import annotations

import itertools

import pytest

from metrics_scoring.domain.fmea import Fmea, action_priority

HANDBOOK = """
S 9-10  O 8-10  D 7-10 H  D 5-6 H  D 2-4 H  D 1 H
S 9-10  O 6-7   D 7-10 H  D 5-6 H  D 2-4 H  D 1 H
S 9-10  O 4-5   D 7-10 H  D 5-6 H  D 2-4 H  D 1 M
S 9-10  O 2-3   D 7-10 H  D 5-6 M  D 2-4 L  D 1 L
S 9-10  O 1     D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 7-8   O 8-10  D 7-10 H  D 5-6 H  D 2-4 H  D 1 H
S 7-8   O 6-7   D 7-10 H  D 5-6 H  D 2-4 H  D 1 M
S 7-8   O 4-5   D 7-10 H  D 5-6 M  D 2-4 M  D 1 M
S 7-8   O 2-3   D 7-10 M  D 5-6 M  D 2-4 L  D 1 L
S 7-8   O 1     D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 4-6   O 8-10  D 7-10 H  D 5-6 H  D 2-4 M  D 1 M
S 4-6   O 6-7   D 7-10 M  D 5-6 M  D 2-4 M  D 1 L
S 4-6   O 4-5   D 7-10 M  D 5-6 L  D 2-4 L  D 1 L
S 4-6   O 2-3   D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 4-6   O 1     D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 2-3   O 8-10  D 7-10 M  D 5-6 M  D 2-4 L  D 1 L
S 2-3   O 6-7   D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 2-3   O 4-5   D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 2-3   O 2-3   D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 2-3   O 1     D 7-10 L  D 5-6 L  D 2-4 L  D 1 L
S 1     O 1-10  D 1-10 L
"""
WORDS = {"H": "high", "M": "medium", "L": "low"}


def ratings(text: str) -> range:
    low, _, high = text.partition("-")
    return range(int(low), int(high or low) + 1)


def expand(table: str) -> dict[tuple[int, int, int], str]:
    """Every (severity, occurrence, detection) cell the table's lines cover."""
    cells: dict[tuple[int, int, int], str] = {}
    for line in table.strip().splitlines():
        words = line.split()
        severity, occurrence = ratings(words[1]), ratings(words[3])
        for d_band, letter in zip(words[5::3], words[6::3], strict=True):
            for cell in itertools.product(severity, occurrence, ratings(d_band)):
                assert cell not in cells, f"{cell} twice in the table"
                cells[cell] = WORDS[letter]
    return cells


CELLS = expand(HANDBOOK)


def test_the_table_covers_all_1000_combinations_once():
    assert sorted(CELLS) == list(itertools.product(range(1, 11), repeat=3))


@pytest.mark.parametrize("severity", range(1, 11))
def test_every_cell_matches_the_handbook(severity):
    for occurrence, detection in itertools.product(range(1, 11), repeat=2):
        expected = CELLS[(severity, occurrence, detection)]
        assert action_priority(severity, occurrence, detection) == expected, (
            severity,
            occurrence,
            detection,
        )


@pytest.mark.parametrize(
    ("severity", "occurrence", "detection", "priority"),
    [
        (10, 1, 10, "low"),  # catastrophic but practically never occurs
        (9, 2, 3, "low"),  # severity 9-10 is not always high
        (9, 3, 6, "medium"),
        (9, 4, 1, "medium"),
        (9, 4, 2, "high"),
        (8, 6, 2, "high"),
        (2, 6, 8, "low"),
        (2, 8, 5, "medium"),
        (5, 8, 4, "medium"),
        (1, 10, 10, "low"),
    ],
)
def test_well_known_cells(severity, occurrence, detection, priority):
    assert action_priority(severity, occurrence, detection) == priority


def test_a_worse_rating_never_lowers_the_priority():
    order = {"low": 0, "medium": 1, "high": 2}
    for (s, o, d), priority in CELLS.items():
        for worse in ((s + 1, o, d), (s, o + 1, d), (s, o, d + 1)):
            if worse in CELLS:
                assert order[CELLS[worse]] >= order[priority], ((s, o, d), worse)


def test_the_rpn_is_the_product_and_keeps_the_ratings():
    rated = Fmea.rate(9, 3, 5)
    assert (rated.severity, rated.occurrence, rated.detection) == (9, 3, 5)
    assert (rated.rpn, rated.action_priority) == (135, "medium")


@pytest.mark.parametrize("cell", [(0, 5, 5), (5, 11, 5), (5, 5, 0)])
def test_ratings_outside_1_to_10_are_refused(cell):
    with pytest.raises(ValueError, match="must be 1 to 10"):
        action_priority(*cell)
