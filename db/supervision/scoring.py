"""How an inspection is scored and concluded, and when its rectifications are due.

Configuration (environment, read when used):
- SUPERVISION_EXCELLENT_AT (default 0.90): a score at or above it is 优秀;
- SUPERVISION_PASS_AT (default 0.60): at or above it (below 优秀) is 合格, below it 不合格;
- RECTIFICATION_DAYS (default 15): days from the submission to a rectification's deadline.
"""

import os

from db.enums import Conclusion, TickResult


def thresholds() -> tuple[float, float]:
    """(excellent_at, pass_at) as shares of 1."""
    return (
        float(os.environ.get("SUPERVISION_EXCELLENT_AT", "0.90")),
        float(os.environ.get("SUPERVISION_PASS_AT", "0.60")),
    )


def rectification_days() -> int:
    return int(os.environ.get("RECTIFICATION_DAYS", "15"))


def score_of(ticks: list[tuple[int, TickResult | None]]) -> float | None:
    """Passed weight over applicable weight (pass + fail); None when nothing applies."""
    applicable = sum(w for w, r in ticks if r in (TickResult.PASS, TickResult.FAIL))
    passed = sum(w for w, r in ticks if r == TickResult.PASS)
    return passed / applicable if applicable else None


def conclusion_for(score: float) -> Conclusion:
    excellent_at, pass_at = thresholds()
    if score >= excellent_at:
        return Conclusion.EXCELLENT
    return Conclusion.PASS if score >= pass_at else Conclusion.FAIL
