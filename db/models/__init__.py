"""All database tables of Dispute Desk (SQLModel table models), one module per part of the
work; importing db.models registers every table on SQLModel.metadata (Alembic and the tests
rely on it). Import a table from here: `from db.models import Case`."""

from db.models.case_indexes import FIGURE_COLUMNS
from db.models.caselife import ExtensionRequest, ReportUp, UrgentAck
from db.models.categories import LocalCategory
from db.models.core import (
    AuditLog,
    Case,
    CaseCounter,
    CaseEvent,
    FollowUp,
    LoginAttempt,
    Party,
    Unit,
    User,
    WebSession,
    code_type,
)
from db.models.documents import CaseDocument
from db.models.inbox import JobRun, Notification
from db.models.meetings import MeetingItem, WeeklyMeeting
from db.models.outbox import NoticeChoice, OutboxAttempt, OutboxMessage
from db.models.receptions import Reception, ReceptionCase
from db.models.reports import Campaign, CampaignPhase, CampaignUnit, DailyReport
from db.models.supervision import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionResult,
    Rectification,
    SupervisionPhoto,
)
from db.models.tallies import CaseTally, ResolveDays
from db.models.targets import FigureTarget
from db.models.templates import DocumentTemplate
from db.models.workbench import CaseRecord

__all__ = [
    "FigureTarget",
    "FIGURE_COLUMNS",
    "AuditLog",
    "Campaign",
    "CampaignPhase",
    "CampaignUnit",
    "Case",
    "CaseCounter",
    "CaseDocument",
    "CaseEvent",
    "CaseRecord",
    "CaseTally",
    "ChecklistItem",
    "ChecklistTemplate",
    "DailyReport",
    "DocumentTemplate",
    "ExtensionRequest",
    "FollowUp",
    "Inspection",
    "InspectionResult",
    "LocalCategory",
    "LoginAttempt",
    "MeetingItem",
    "JobRun",
    "Notification",
    "NoticeChoice",
    "OutboxAttempt",
    "OutboxMessage",
    "Party",
    "Reception",
    "ReceptionCase",
    "Rectification",
    "ReportUp",
    "ResolveDays",
    "SupervisionPhoto",
    "Unit",
    "UrgentAck",
    "User",
    "WebSession",
    "WeeklyMeeting",
    "code_type",
]
