"""FMEA for product and process risks: the risk priority number and the action priority of
the AIAG & VDA FMEA Handbook (1st edition, 2019). Pure Python.

The handbook's action priority table (the same for DFMEA and PFMEA) bands each rating:
severity 9-10, 7-8, 4-6, 2-3, 1; occurrence 8-10, 6-7, 4-5, 2-3, 1; detection 7-10,
5-6, 2-4, 1. Each band is keyed here by its lowest rating; each row lists the priority
for the detection bands from the worst detection (7-10) to the best (1). docs/scoring.md
says which sources this was checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

RATINGS = range(1, 11)
PRIORITY = {"H": "high", "M": "medium", "L": "low"}
DETECTION_BANDS = (7, 5, 2, 1)  # the order of the letters in each row
ACTION_PRIORITY: dict[int, dict[int, str]] = {
    9: {8: "HHHH", 6: "HHHH", 4: "HHHM", 2: "HMLL", 1: "LLLL"},
    7: {8: "HHHH", 6: "HHHM", 4: "HMMM", 2: "MMLL", 1: "LLLL"},
    4: {8: "HHMM", 6: "MMML", 4: "MLLL", 2: "LLLL", 1: "LLLL"},
    2: {8: "MMLL", 6: "LLLL", 4: "LLLL", 2: "LLLL", 1: "LLLL"},
    1: {8: "LLLL", 6: "LLLL", 4: "LLLL", 2: "LLLL", 1: "LLLL"},
}


def _band(rating: int, lowest_ratings: tuple[int, ...] | list[int]) -> int:
    return max(low for low in lowest_ratings if low <= rating)


def action_priority(severity: int, occurrence: int, detection: int) -> str:
    """high, medium or low, from the handbook's table."""
    for name, rating in (
        ("severity", severity),
        ("occurrence", occurrence),
        ("detection", detection),
    ):
        if rating not in RATINGS:
            raise ValueError(f"{name} must be 1 to 10, not {rating}")
    row = ACTION_PRIORITY[_band(severity, list(ACTION_PRIORITY))]
    letters = row[_band(occurrence, list(row))]
    return PRIORITY[letters[DETECTION_BANDS.index(_band(detection, DETECTION_BANDS))]]


@dataclass(frozen=True)
class Fmea:
    """What an assessment rated, and the priority it gives."""

    severity: int
    occurrence: int
    detection: int
    rpn: int
    action_priority: str

    @classmethod
    def rate(cls, severity: int, occurrence: int, detection: int) -> Fmea:
        priority = action_priority(severity, occurrence, detection)
        return cls(severity, occurrence, detection, severity * occurrence * detection, priority)
