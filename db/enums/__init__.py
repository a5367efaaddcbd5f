"""Enumerations stored as short English codes; their Chinese labels live in db.texts."""

from enum import StrEnum


class UnitKind(StrEnum):
    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"
    COMMUNITY = "community"
    DEPARTMENT = "department"


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEDIATOR = "mediator"
    SUPERVISOR = "supervisor"
    LEADER = "leader"


class Stage(StrEnum):
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    MEDIATING = "mediating"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REFERRED = "referred"


# A case in these stages still needs work; the rest have left active handling.
OPEN_STAGES = (Stage.REGISTERED, Stage.ASSIGNED, Stage.MEDIATING)
# Stages that take a case off the ledger's active work (for the 90-day duplicate window).
FINISHED_STAGES = (Stage.CLOSED, Stage.REFERRED)


class Category(StrEnum):
    MARRIAGE_FAMILY = "marriage_family"
    NEIGHBOUR = "neighbour"
    HOMESTEAD = "homestead"
    LAND_CONTRACT = "land_contract"
    LABOUR = "labour"
    PROPERTY_MGMT = "property_mgmt"
    TRAFFIC = "traffic"
    DEBT = "debt"
    LAND_REQUISITION = "land_requisition"
    MEDICAL = "medical"
    CONSUMER = "consumer"
    OTHER = "other"


class OfficialCategory(StrEnum):
    """The Ministry of Justice's 人民调解 categories; every Category counts under one
    (db.cases.categories.OFFICIAL_OF)."""

    MARRIAGE_FAMILY = "marriage_family"
    NEIGHBOUR = "neighbour"
    HOUSING_HOMESTEAD = "housing_homestead"
    CONTRACT = "contract"
    BUSINESS = "business"
    DAMAGES = "damages"
    FOREST_LAND = "forest_land"
    VILLAGE_AFFAIRS = "village_affairs"
    LAND_REQUISITION = "land_requisition"
    ENVIRONMENT = "environment"
    LABOUR = "labour"
    MEDICAL = "medical"
    PROPERTY_MGMT = "property_mgmt"
    TRAFFIC = "traffic"
    CONSUMER = "consumer"
    OTHER = "other"


class FoundVia(StrEnum):
    SCREENING = "screening"
    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"
    ONLINE = "online"
    ASSIGNED_FROM_ABOVE = "from_above"
    DEPARTMENT_TRANSFER = "dept_transfer"


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"
    OTHER = "other"


class EventKind(StrEnum):
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    STAGE_CHANGED = "stage_changed"
    NOTE = "note"
    ESCALATED = "escalated"
    FOLLOW_UP = "follow_up"
    EDITED = "edited"
    EXTENDED = "extended"
    FLAGGED = "flagged"
    IMPORTED = "imported"
    REFERRAL_OUTCOME = "referral_outcome"  # what came of a referral (db.cases.aftercare)
    # The case life from below (db.cases.report_up, extension_requests, urgent).
    REPORTED_UP = "reported_up"
    REPORT_TAKEN = "report_taken"
    REPORT_RETURNED = "report_returned"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_REFUSED = "extension_refused"
    URGENT_ACKED = "urgent_acked"
    # Documents attached to the case (db.cases.documents): uploaded, withdrawn.
    DOCUMENT_ADDED = "document_added"
    DOCUMENT_WITHDRAWN = "document_withdrawn"
    # The case as a workbench (db.cases.records, corrections, rerating).
    RECORD = "record"  # a record of work (处置记录)
    RECORD_CORRECTED = "record_corrected"  # its author's correction within 24 hours
    CORRECTED = "corrected"  # 更正 of the case's facts and parties
    RERATED = "rerated"  # 风险重评
    LEADER_CHANGED = "leader_changed"  # 包案领导调整: the bulk hand-over (db.cases.leader_handover)


class RecordKind(StrEnum):
    """What kind of work a record of work (处置记录) records."""

    SESSION = "session"  # 调解会
    VISIT = "visit"  # 走访
    CALL = "call"  # 电话
    MEETING = "meeting"  # 协调会
    PLAN = "plan"  # 方案调整: the case's 化解方案 revised
    OTHER = "other"  # 其他


class DocumentKind(StrEnum):
    """What a document attached to a case is (附件类别, db.cases.documents)."""

    SIGNED_AGREEMENT = "signed_agreement"  # 签字的调解协议书
    EVIDENCE = "evidence"  # 证据材料
    SITE_PHOTO = "site_photo"  # 现场照片
    COURT_RULING = "court_ruling"  # 司法确认裁定书
    OTHER = "other"


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_CASE = "view_case"
    REVEAL = "reveal"
    EXPORT = "export"
    DENIED = "denied"
    CREATE = "create"
    UPDATE = "update"
    PASSWORD_CHANGED = "password_changed"
    USER_CHANGED = "user_changed"
    IMPORT = "import"
    DOWNLOAD = "download"  # a file handed to a signed-in session (db.io.delivery)
    UNIT_CHANGED = (
        "unit_changed"  # the unit tree: created, renamed, moved... (db.accounts.unit_admin)
    )
    VIEW_RECEPTION = "view_reception"  # one reception read, visitors' names and all (issue 23)


class Move(StrEnum):
    """The things one does to a case; each moves it between stages (see db.cases.lifecycle)."""

    ASSIGN = "assign"
    START = "start"
    RESOLVE = "resolve"
    REFER = "refer"
    CLOSE = "close"
    ESCALATE = "escalate"
    REOPEN = "reopen"  # a follow-up found the dispute flared up
    REVISIT = "revisit"  # 回头看: a closed case flared up again (db.cases.aftercare)
    RECALL = "recall"  # the town takes back a case settled on the spot (db.cases.on_the_spot)
    REPORT_UP = "report_up"  # 上报 from below: the handler sends it to the level above
    TAKE = "take"  # the level above takes a case reported up to it (handling moves up)
    RETURN = "return"  # ... or returns it to the unit below with a reason


class ReportAnswer(StrEnum):
    """The level above's answer to a report up."""

    TAKEN = "taken"
    RETURNED = "returned"


class RequestStatus(StrEnum):
    """A request for a deadline extension."""

    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class Level(StrEnum):
    """The level that handles (and resolves) a case: 不出村 / 不出镇 / 不出县."""

    VILLAGE = "village"
    TOWN = "town"
    COUNTY = "county"


class ResolutionMethod(StrEnum):
    PEOPLES_MEDIATION = "peoples"
    ADMIN_MEDIATION = "administrative"
    JUDICIAL_MEDIATION = "judicial"
    CONSULTATION = "consultation"
    OTHER = "other"


class ReferralChannel(StrEnum):
    ARBITRATION = "arbitration"
    ADMIN_RULING = "admin_ruling"
    ADMIN_REVIEW = "admin_review"
    LITIGATION = "litigation"


class ReferralOutcome(StrEnum):
    """What came of a referral (移交) to a court, arbitration or review."""

    JUDGMENT = "judgment"  # 判决
    AWARD = "award"  # 裁决
    WITHDRAWN = "withdrawn"  # 撤回
    UNKNOWN = "unknown"  # 不详


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    FAIRLY = "fairly"
    UNSATISFIED = "unsatisfied"


# Supervision (督查): inspections with a checklist, and rectifications (整改).


class TickResult(StrEnum):
    """What the inspector found for one checklist item."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "na"


class InspectionStatus(StrEnum):
    DRAFT = "draft"  # being ticked on site; saved tick by tick
    SUBMITTED = "submitted"  # scored; read-only


class Conclusion(StrEnum):
    EXCELLENT = "excellent"  # 优秀
    PASS = "pass"  # 合格
    FAIL = "fail"  # 不合格


class RectificationStatus(StrEnum):
    OPEN = "open"  # ordered, the unit has not answered yet
    DONE = "done"  # the unit says it is done; waits for a supervisor's check
    CLOSED = "closed"  # a supervisor checked and closed it


class EvidenceFigure(StrEnum):
    """A figure the ledger can give for an item, for the inspected unit on the day."""

    OVERDUE_OPEN = "overdue_open"
    FOLLOW_UP_SHARE = "follow_up_share"
    NO_CONTACT = "no_contact"
    DAILY_REPORTS = "daily_reports"


class ReportStatus(StrEnum):
    """A unit's daily report (日报) for one day, as the town sees it."""

    REPORTED = "reported"  # disputes found that day
    ZERO = "zero"  # 零报告: nothing found
    MISSING = "missing"  # no report (yet)


class FigureCode(StrEnum):
    """The figures an office sets a target for (db.figures.targets; issue 20)."""

    RESOLUTION = "resolution"  # 化解率
    REPORTING = "reporting"  # 日报报送率
    TIMELY = "timely"  # 及时上报率
    SUCCESS = "success"  # 调解成功率
    SATISFACTION = "satisfaction"  # 满意率


from db.enums.inbox import NoticeKind as NoticeKind  # noqa: E402  (the inbox, issue 21)
from db.enums.outbox import Channel as Channel  # noqa: E402  (the outbox, issue 21)
from db.enums.outbox import OutboxStatus as OutboxStatus  # noqa: E402
from db.enums.receptions import ReceptionKind as ReceptionKind  # noqa: E402  (issue 23)
from db.enums.receptions import ReceptionStatus as ReceptionStatus  # noqa: E402
