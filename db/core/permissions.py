"""The one permission table: what each role may do and which pages it may open."""

from enum import StrEnum

from db import texts
from db.core.errors import Refused
from db.enums import Role


class Permission(StrEnum):
    REGISTER_CASE = "register_case"
    READ_CASES = "read_cases"
    REVEAL_PERSONAL = "reveal_personal"
    EXPORT = "export"
    ASSIGN = "assign"
    HANDLE = "handle"
    CLOSE = "close"
    FLAG = "flag"
    INSPECT = "inspect"
    VIEW_DASHBOARD = "view_dashboard"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    IMPORT = "import"
    RECTIFY = "rectify"  # answer the rectifications ordered to one's own units
    MANAGE_CHECKLISTS = "manage_checklists"
    MANAGE_TEMPLATES = "manage_templates"  # an office's own document layouts (db.io.documents)
    MANAGE_TARGETS = "manage_targets"  # the figures' targets per year and campaign (db.figures)
    MANAGE_CATEGORIES = "manage_categories"  # local categories (db.cases.categories)
    SUBMIT_REPORT = "submit_report"  # the daily report of one's own unit (db.reports.daily)
    READ_REPORTS = "read_reports"  # daily reports of the units in one's subtree
    MANAGE_CAMPAIGNS = "manage_campaigns"  # define campaigns (专项活动)
    READ_CAMPAIGNS = "read_campaigns"  # follow campaigns (figures in one's own scope)
    WEEKLY_PACK = "weekly_pack"  # the weekly analysis pack (周研判) and its decisions on cases
    READ_INBOX = "read_inbox"  # one's own notifications (通知, db.inbox): every signed-in role
    # The reception register (领导接访下访登记, db.receptions): read it in one's scope; record a
    # leader's receptions (a leader their own, a coordinator those of the leaders of their scope).
    # The administrator has neither: like the ledger, it is case work, not administration.
    READ_RECEPTIONS = "read_receptions"
    RECORD_RECEPTION = "record_reception"
    # 包案领导调整: move a leader's cases in scope to another leader (db.cases.leader_handover)
    HAND_OVER_LEADS = "hand_over_leads"


R = Role
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    R.ADMIN: frozenset(
        {
            Permission.READ_INBOX,
            Permission.MANAGE_USERS,
            Permission.READ_AUDIT,
            Permission.IMPORT,
            Permission.MANAGE_CHECKLISTS,
            Permission.MANAGE_TEMPLATES,
            Permission.MANAGE_TARGETS,
            Permission.MANAGE_CATEGORIES,
            Permission.MANAGE_CAMPAIGNS,
            Permission.READ_CAMPAIGNS,
            Permission.HAND_OVER_LEADS,
        }
    ),
    R.COORDINATOR: frozenset(
        {
            Permission.READ_INBOX,
            Permission.HAND_OVER_LEADS,
            Permission.REGISTER_CASE,
            Permission.READ_CASES,
            Permission.REVEAL_PERSONAL,
            Permission.EXPORT,
            Permission.ASSIGN,
            Permission.HANDLE,
            Permission.CLOSE,
            Permission.VIEW_DASHBOARD,
            Permission.IMPORT,
            Permission.RECTIFY,
            Permission.SUBMIT_REPORT,
            Permission.READ_REPORTS,
            Permission.READ_CAMPAIGNS,
            Permission.WEEKLY_PACK,
            Permission.READ_RECEPTIONS,
            Permission.RECORD_RECEPTION,
        }
    ),
    R.MEDIATOR: frozenset(
        {
            Permission.READ_INBOX,
            Permission.REGISTER_CASE,
            Permission.READ_CASES,
            Permission.REVEAL_PERSONAL,
            Permission.HANDLE,
            Permission.RECTIFY,
            Permission.SUBMIT_REPORT,
            Permission.READ_REPORTS,
        }
    ),
    R.SUPERVISOR: frozenset(
        {
            Permission.READ_INBOX,
            Permission.READ_CASES,
            Permission.INSPECT,
            Permission.READ_REPORTS,
            Permission.READ_CAMPAIGNS,
        }
    ),
    R.LEADER: frozenset(
        {
            Permission.READ_INBOX,
            Permission.READ_CASES,
            Permission.FLAG,
            Permission.VIEW_DASHBOARD,
            Permission.EXPORT,
            Permission.READ_REPORTS,
            Permission.READ_CAMPAIGNS,
            Permission.WEEKLY_PACK,
            Permission.READ_RECEPTIONS,
            Permission.RECORD_RECEPTION,
        }
    ),
}

# Page url paths (fixed: links and bookmarks open pages by them) and the permission that opens each.
PAGE_PERMISSION: dict[str, Permission] = {
    "inbox": Permission.READ_INBOX,
    "intake": Permission.REGISTER_CASE,
    "kanban": Permission.READ_CASES,
    "cases": Permission.READ_CASES,
    "case": Permission.READ_CASES,
    "reports": Permission.READ_REPORTS,
    "campaigns": Permission.READ_CAMPAIGNS,
    "weekly": Permission.WEEKLY_PACK,
    "receptions": Permission.READ_RECEPTIONS,
    "dashboard": Permission.VIEW_DASHBOARD,
    "inspections": Permission.INSPECT,
    "rectifications": Permission.RECTIFY,
    "admin": Permission.MANAGE_USERS,
}


class NotAllowed(Refused):
    """The role may not do this; the message is for the user (Chinese)."""

    def __init__(self, message: str = texts.E_NOT_ALLOWED) -> None:
        super().__init__(message)


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def require(role: Role, permission: Permission) -> None:
    if not allows(role, permission):
        raise NotAllowed()


def pages_for(role: Role) -> list[str]:
    """Every page this role may open, in the navigation's order (account is everyone's)."""
    return [page for page, needed in PAGE_PERMISSION.items() if allows(role, needed)]
