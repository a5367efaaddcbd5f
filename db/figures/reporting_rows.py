"""The rows the reporting figures (db.figures.reporting) return."""

from dataclasses import dataclass
from datetime import date

from db.enums import ReportStatus


@dataclass(frozen=True)
class DayRate:
    day: date
    expected: int
    reported: int  # zero reports included
    zero: int

    @property
    def rate(self) -> float | None:
        return self.reported / self.expected if self.expected else None


@dataclass(frozen=True)
class ReportingRate:
    days: list[DayRate]

    @property
    def expected(self) -> int:
        return sum(d.expected for d in self.days)

    @property
    def reported(self) -> int:
        return sum(d.reported for d in self.days)

    @property
    def rate(self) -> float | None:
        return self.reported / self.expected if self.expected else None


@dataclass(frozen=True)
class UnitDay:
    """One unit's report (or its absence) for one day."""

    unit_id: int
    unit_name: str
    parent_name: str
    status: ReportStatus
    late: bool = False
    version: int = 0
    note: str = ""
    submitted_by: str = ""
    cases: int = 0
    contradiction: bool = False


@dataclass(frozen=True)
class UnitPeriod:
    """One unit over a period: days reported, zero-reported, missing; late; contradictions."""

    unit_id: int
    unit_name: str
    reported: int
    zero: int
    missing: int
    late: int
    contradictions: int


__all__ = ["DayRate", "ReportingRate", "UnitDay", "UnitPeriod"]
