"""What a message outside the app says, built from the notification's title (the case number
and a short title), its kind's label and a link path only. Nothing else of the case is read, so
no party's name, ID number or phone can reach a mailbox or the gateway; an ID or phone number
that found its way into a title all the same is masked (db.core.validation.mask_in_text)."""

import re

from db import texts
from db.core.validation import mask_in_text
from db.models import Notification

_BREAKS = re.compile(r"\s+")  # a title is one line: no header can be added through it


def link(notification: Notification) -> str:
    """The path that opens the case (the inbox when the notice is about no case), under the
    address the user opens the app at."""
    return f"/case?id={notification.case_id}" if notification.case_id else "/inbox"


def _title(notification: Notification) -> str:
    return _BREAKS.sub(" ", mask_in_text(notification.title)).strip()


def subject(notification: Notification) -> str:
    return texts.OUTBOX_SUBJECT.format(
        kind=texts.label(notification.kind), title=_title(notification)
    )[:300]


def body(notification: Notification) -> str:
    return texts.OUTBOX_BODY.format(
        kind=texts.label(notification.kind), title=_title(notification), link=link(notification)
    )[:2000]
