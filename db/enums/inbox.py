"""The inbox's words (issue 21)."""

from enum import StrEnum


class NoticeKind(StrEnum):
    """What a notification (通知, db.models.inbox; issue 21) tells its reader. The first group
    is made by a change, in its transaction; the second by `python -m db remind` (time-driven)."""

    ASSIGNED = "assigned"  # a case assigned to you (四定: you are the responsible person)
    EXTENDED = "extended"  # your case's deadline extended
    FLAGGED = "flagged"  # your case flagged (挂牌督办)
    REOPENED = "reopened"  # your case back in mediation (反弹, 回头看, recall)
    REPORT_RETURNED = "report_returned"  # your report-up returned
    REPORT_TAKEN = "report_taken"  # your report-up taken by the level above
    REPORTED_TO_YOU = "reported_to_you"  # a case reported up to your level
    URGENT = "urgent"  # an urgent case in your scope
    RECTIFICATION = "rectification"  # a rectification ordered to your unit
    RECTIFICATION_ANSWERED = "rectification_answered"  # (to the supervisor) marked done
    EXTENSION_ANSWERED = "extension_answered"  # your extension request answered
    DUE_SOON = "due_soon"  # deadline in a few days (the offset is a setting)
    DUE_TOMORROW = "due_tomorrow"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"  # once a day until the case moves
    FOLLOW_UP_LATE = "follow_up_late"  # no follow-up some days after resolution
    REPORT_MISSING = "report_missing"  # daily reports missing at the cut-off (one line)
    DIGEST = "digest"  # the daily digest
