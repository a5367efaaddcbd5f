"""Time: stored in UTC, shown and reasoned about in the offices' zone (Asia/Shanghai)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today's date in Asia/Shanghai: what the offices call today."""
    return datetime.now(LOCAL_ZONE).date()


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_ZONE)


def format_local(moment: datetime | None) -> str:
    return "" if moment is None else to_local(moment).strftime("%Y-%m-%d %H:%M")
