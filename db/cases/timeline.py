"""The case's one timeline (records, moves, corrections, ratings, documents), newest first, and
the groups a reader filters it by. Event kinds that later features add (documents: attachments,
printed agreements) fall in the group their code names, else in "other"."""

from db.cases.schemas import EventView
from db.enums import EventKind

GROUPS = ("record", "move", "correction", "risk", "document", "other")
_BY_KIND = {
    EventKind.RECORD: "record",
    EventKind.RECORD_CORRECTED: "record",
    EventKind.CORRECTED: "correction",
    EventKind.RERATED: "risk",
    **{
        kind: "move"
        for kind in (
            EventKind.REGISTERED,
            EventKind.ASSIGNED,
            EventKind.STAGE_CHANGED,
            EventKind.ESCALATED,
            EventKind.FOLLOW_UP,
            EventKind.EXTENDED,
            EventKind.IMPORTED,
            EventKind.REFERRAL_OUTCOME,
            EventKind.REPORTED_UP,
            EventKind.REPORT_TAKEN,
            EventKind.REPORT_RETURNED,
            EventKind.EXTENSION_REQUESTED,
            EventKind.EXTENSION_REFUSED,
            EventKind.LEADER_CHANGED,
        )
    },
}
_DOCUMENT_WORDS = ("document", "attachment", "agreement", "file")


def group_of(kind: str) -> str:
    if kind in _BY_KIND:
        return _BY_KIND[EventKind(kind)]
    return "document" if any(word in str(kind) for word in _DOCUMENT_WORDS) else "other"


def newest_first(events: list[EventView], groups: list[str] | None = None) -> list[EventView]:
    """The events of the groups asked for (all when none), the newest first."""
    wanted = set(groups or GROUPS)
    chosen = [e for e in events if group_of(e.kind) in wanted]
    return sorted(reversed(chosen), key=lambda e: e.at, reverse=True)  # ties: later id first
