"""Small helpers shared by the page tests."""

from datetime import date

from db.clock import local_today
from db.figures.metrics import MetricFilter


def year_filter() -> MetricFilter:
    """The dashboard's default period: this year up to today."""
    today = local_today()
    return MetricFilter(start=date(today.year, 1, 1), end=today)
