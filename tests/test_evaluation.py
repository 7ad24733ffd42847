from __future__ import annotations

import pytest

from classify.evaluation import LabelledCall, accuracy, booked_scores, format_report, per_outcome

CALLS = [
    LabelledCall("1", "booked", "booked", True, 120),
    LabelledCall("2", "booked", "not_booked", True, 90),
    LabelledCall("3", "not_booked", "not_booked", True, 75),
    LabelledCall("4", "spam_junk", "spam_junk", True, 20),
    LabelledCall("5", "missed_call", "missed_call", False, 0),
    LabelledCall("6", "booked", "booked", True, 45),
]


def test_accuracy_counts_exact_matches():
    assert accuracy(CALLS) == pytest.approx(5 / 6)


def test_per_outcome_precision_and_recall():
    scores = per_outcome(CALLS)

    assert scores["booked"] == (1.0, pytest.approx(2 / 3), 3)
    assert scores["not_booked"] == (0.5, 1.0, 1)
    assert scores["voicemail"] == (None, None, 0)


def test_duration_baseline_scores():
    baseline = booked_scores(CALLS, use_baseline=True)

    # Leads by duration: calls 1, 2 and 3; booked: 1, 2 and 6.
    assert baseline.precision == pytest.approx(2 / 3)
    assert baseline.recall == pytest.approx(2 / 3)
    assert baseline.accuracy == pytest.approx(4 / 6)


def test_report_lists_every_outcome_and_baseline():
    report = format_report(CALLS)

    for outcome in (
        "booked",
        "not_booked",
        "voicemail",
        "missed_call",
        "spam_junk",
        "wrong_number",
        "existing_customer",
    ):
        assert outcome in report
    assert "overall accuracy: 83.3%" in report
    assert "duration rule" in report
