"""How an inspection is scored and concluded.

The thresholds are settings (db.core.settings, read when used): SUPERVISION_EXCELLENT_AT
(default 0.90), at or above which a score is 优秀, and SUPERVISION_PASS_AT (default 0.60), at or
above which (below 优秀) it is 合格, below it 不合格.
"""

from db.core import settings
from db.enums import Conclusion, TickResult


def thresholds() -> tuple[float, float]:
    """(excellent_at, pass_at) as shares of 1."""
    return settings.excellent_at(), settings.pass_at()


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
