"""Accuracy figures for predicted outcomes against labels, beside the duration-rule baseline.

The duration rule is what call-tracking dashboards have long used: an answered call of at least 60
seconds counts as a lead. It yields only "lead" or "not a lead", so it is compared with the classifier on
that question: was the call booked?
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from classify.outcomes import Outcome

BASELINE_MIN_SECONDS = 60
OUTCOMES = [o.value for o in Outcome]
# The predicted value of a call whose classification failed.
FAILED = "error"


@dataclass(frozen=True)
class LabelledCall:
    call_id: str
    expected: str
    predicted: str
    answered: bool | None
    duration_seconds: int | None

    @property
    def baseline_is_lead(self) -> bool:
        return bool(self.answered) and (self.duration_seconds or 0) >= BASELINE_MIN_SECONDS


@dataclass(frozen=True)
class BinaryScores:
    precision: float | None
    recall: float | None
    accuracy: float

    @property
    def f1(self) -> float | None:
        if not self.precision or not self.recall:
            return None
        return 2 * self.precision * self.recall / (self.precision + self.recall)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def confusion(calls: list[LabelledCall]) -> Counter[tuple[str, str]]:
    return Counter((c.expected, c.predicted) for c in calls)


def per_outcome(calls: list[LabelledCall]) -> dict[str, tuple[float | None, float | None, int]]:
    """Return precision, recall and support for each outcome."""
    matrix = confusion(calls)
    scores = {}
    for outcome in OUTCOMES:
        true_positives = matrix[(outcome, outcome)]
        predicted = sum(count for (_, p), count in matrix.items() if p == outcome)
        support = sum(count for (e, _), count in matrix.items() if e == outcome)
        scores[outcome] = (_ratio(true_positives, predicted), _ratio(true_positives, support), support)
    return scores


def accuracy(calls: list[LabelledCall]) -> float:
    return sum(c.expected == c.predicted for c in calls) / len(calls) if calls else 0.0


def booked_scores(calls: list[LabelledCall], use_baseline: bool) -> BinaryScores:
    """Score the question "was this call booked?" for the classifier or for the duration rule."""
    true_positives = false_positives = false_negatives = correct = 0
    for call in calls:
        actual = call.expected == Outcome.BOOKED
        flagged = call.baseline_is_lead if use_baseline else call.predicted == Outcome.BOOKED
        true_positives += actual and flagged
        false_positives += flagged and not actual
        false_negatives += actual and not flagged
        correct += actual == flagged
    return BinaryScores(
        precision=_ratio(true_positives, true_positives + false_positives),
        recall=_ratio(true_positives, true_positives + false_negatives),
        accuracy=correct / len(calls) if calls else 0.0,
    )


def _fmt(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.1%}"


def format_report(calls: list[LabelledCall]) -> str:
    """Render per-outcome precision and recall, accuracy, the confusion matrix and the baseline."""
    lines = [f"calls evaluated: {len(calls)}", "", f"{'outcome':<18} {'precision':>9} {'recall':>7} {'support':>8}"]
    for outcome, (precision, recall, support) in per_outcome(calls).items():
        lines.append(f"{outcome:<18} {_fmt(precision):>9} {_fmt(recall):>7} {support:>8}")
    lines += [
        "",
        f"overall accuracy: {accuracy(calls):.1%}",
        "",
        "confusion matrix (rows expected, columns predicted):",
    ]

    # Calls that could not be classified get their own column, so they count against accuracy visibly.
    columns = OUTCOMES + ([FAILED] if any(c.predicted == FAILED for c in calls) else [])
    lines.append(f"{'':<18}" + "".join(f"{column[:8]:>9}" for column in columns))
    matrix = confusion(calls)
    for expected in OUTCOMES:
        lines.append(f"{expected:<18}" + "".join(f"{matrix[(expected, p)]:>9}" for p in columns))

    lines += ["", f"booked or not, against the duration rule (answered and >= {BASELINE_MIN_SECONDS} s is a lead):"]
    lines.append(f"{'':<18} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>9}")
    for name, use_baseline in (("classifier", False), ("duration rule", True)):
        scores = booked_scores(calls, use_baseline)
        cells = [_fmt(scores.precision).rjust(9), _fmt(scores.recall).rjust(7), _fmt(scores.f1).rjust(7)]
        lines.append(f"{name:<18} {' '.join(cells)} {_fmt(scores.accuracy):>9}")
    return "\n".join(lines)
