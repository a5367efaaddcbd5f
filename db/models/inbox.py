"""Notifications (通知, issue 21): one row per reader and thing to tell, made in the same
transaction as the change that causes it, or by `python -m db remind` for the time-driven ones.

A row carries the case's number and a short title only: never a party's name, ID number or
phone (a notification may leave the app by mail or webhook). `dedupe_key` makes a time-driven
reminder idempotent: one row per reader and key (for example "overdue:<case>:<local date>"), so
a second run, or a run repeated after a crash, tells nobody twice."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import NoticeKind
from db.models.core import code_type


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        # The unread count in the sidebar of every page: one index range per reader.
        sa.Index("ix_notifications_reader", "user_id", "read_at", "id"),
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_dedupe"),
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    kind: NoticeKind = Field(sa_type=code_type(NoticeKind))
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    rectification_id: int | None = Field(default=None, foreign_key="rectifications.id")
    title: str = Field(max_length=200)  # case number and a short title; no personal data
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    dedupe_key: str | None = Field(default=None, max_length=120)


class JobRun(SQLModel, table=True):
    """When a periodic job (the reminders, db.reminders) last started. Claimed by one UPDATE
    ... WHERE started_at < now - interval: of several processes (or a timer and the app) only
    the one whose UPDATE changed the row runs it, so the app's "at most once a minute" holds
    across processes and machines."""

    __tablename__ = "job_runs"
    name: str = Field(primary_key=True, max_length=40)
    started_at: datetime
    finished_at: datetime | None = None
