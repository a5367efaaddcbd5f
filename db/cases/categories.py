"""Categories (分类, issue 20): the twelve built-in ones (Category, cases.category) and the
local ones an admin adds (LocalCategory), each counted under one of the Ministry's 人民调解
categories (OfficialCategory) in the 人民调解统计表.

A local category names a base built-in category too: a case given one stores the base in
cases.category, so the dashboard, the board, the tallies and every chart read it exactly as
before, and only the return (and the ledger, the case page, the intake form) looks further, to
local_category_id. The official category of a case is defined once, in SQL, by official_sql().
Admins add and retire local categories (audited); one in use is deactivated, never deleted, so
the cases that carry it keep their name."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, require
from db.core.validation import clean_text, normalise
from db.enums import AuditAction, Category, OfficialCategory
from db.models import Case, LocalCategory
from db.models.categories import NAME_MAX

# Each built-in category counts under exactly one official category.
OFFICIAL_OF: dict[Category, OfficialCategory] = {
    Category.MARRIAGE_FAMILY: OfficialCategory.MARRIAGE_FAMILY,
    Category.NEIGHBOUR: OfficialCategory.NEIGHBOUR,
    Category.HOMESTEAD: OfficialCategory.HOUSING_HOMESTEAD,
    Category.LAND_CONTRACT: OfficialCategory.FOREST_LAND,
    Category.LABOUR: OfficialCategory.LABOUR,
    Category.PROPERTY_MGMT: OfficialCategory.PROPERTY_MGMT,
    Category.TRAFFIC: OfficialCategory.TRAFFIC,
    Category.DEBT: OfficialCategory.CONTRACT,
    Category.LAND_REQUISITION: OfficialCategory.LAND_REQUISITION,
    Category.MEDICAL: OfficialCategory.MEDICAL,
    Category.CONSUMER: OfficialCategory.CONSUMER,
    Category.OTHER: OfficialCategory.OTHER,
}


class CategoryRefused(Refused):
    """A local category the rules refuse: a name taken, one no longer in use..."""


@dataclass(frozen=True)
class LocalCategoryRow:
    id: int
    name: str
    official: OfficialCategory
    base: Category
    active: bool
    cases: int | None  # cases that carry it (None unless counted)


def _text(code: str) -> sa.ColumnElement:
    """A literal, so that SELECT and GROUP BY read alike (PostgreSQL compares their text)."""
    return sa.literal_column(f"'{code}'", sa.String)


def official_sql() -> sa.ColumnElement:
    """The official category of a case, as SQL: its local category's official one where it has
    one, else the official one of its built-in category (OFFICIAL_OF). The query must join
    LocalCategory to Case by with_local_categories()."""
    whens = [(col(Case.category) == _text(a), _text(b)) for a, b in OFFICIAL_OF.items()]
    builtin = sa.case(*whens, else_=_text(OfficialCategory.OTHER))
    return func.coalesce(col(LocalCategory.official), builtin)


def with_local_categories(query):  # type: ignore[no-untyped-def]
    """The query (reading Case) with each case's local category joined, if it has one."""
    return query.outerjoin(LocalCategory, col(LocalCategory.id) == col(Case.local_category_id))


def local_categories(
    session: Session, *, active_only: bool = False, counted: bool = False
) -> list[LocalCategoryRow]:
    """The local categories, active ones first; `counted`: each with the number of cases that
    carry it (the admin's list; it reads ix_cases_local_category, so only forms that show the
    number ask: the ledger and the intake read the names on every rerun)."""
    if counted:
        used = (
            select(Case.local_category_id, func.count().label("n"))
            .where(col(Case.local_category_id).is_not(None))
            .group_by(col(Case.local_category_id))
            .subquery()
        )
        query = select(LocalCategory, func.coalesce(used.c.n, 0)).outerjoin(
            used, used.c.local_category_id == LocalCategory.id
        )
    else:
        query = select(LocalCategory, sa.null())
    if active_only:
        query = query.where(col(LocalCategory.active))
    rows = session.exec(
        query.order_by(col(LocalCategory.active).desc(), col(LocalCategory.name))
    ).all()
    return [
        LocalCategoryRow(
            id=c.id or 0,
            name=c.name,
            official=OfficialCategory(c.official),
            base=Category(c.base),
            active=c.active,
            cases=int(n) if counted else None,
        )
        for c, n in rows
    ]


def local_by_name(session: Session) -> dict[str, tuple[int, Category]]:
    """Active local categories by name (imports read a ledger's category cell against it)."""
    rows = session.exec(
        select(LocalCategory.name, LocalCategory.id, LocalCategory.base).where(
            col(LocalCategory.active)
        )
    ).all()
    return {name: (int(i), Category(base)) for name, i, base in rows if i is not None}


def local_in_use(session: Session, local_category_id: int) -> LocalCategory:
    """The active local category a new case may carry; refused when unknown or retired."""
    found = session.get(LocalCategory, local_category_id)
    if found is None or not found.active:
        raise CategoryRefused(texts.CAT_E_INACTIVE, field="category")
    return found


def local_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    """The names of the local categories given (for the ledger's and the case page's rows)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(
        select(LocalCategory.id, LocalCategory.name).where(col(LocalCategory.id).in_(wanted))
    ).all()
    return {int(i): name for i, name in rows if i is not None}


_SPACES = re.compile(r"\s+")
# Letters, digits, CJK and the usual separators: a name is shown in messages and titles, where
# markup (* _ [ ] < > `...) would be read as Markdown.
_PLAIN = re.compile(r"[\w\-/.()（）·、 ]+")


def _clean_name(name: str) -> str:
    name = _SPACES.sub(" ", clean_text(normalise(name)))
    if not name:
        raise Invalid(texts.CAT_E_NAME_EMPTY, field="name")
    if len(name) > NAME_MAX:
        raise Invalid(texts.V_TOO_LONG.format(max=NAME_MAX), field="name")
    if not _PLAIN.fullmatch(name):
        raise Invalid(texts.CAT_E_NAME_ODD, field="name")
    return name


def _check_free(session: Session, name: str) -> None:
    """A name is not one of the built-in categories' and not an active local one's."""
    if name in texts.LABELS[Category].values():
        raise CategoryRefused(texts.CAT_E_NAME_BUILTIN.format(name=name), field="name")
    taken = session.exec(
        select(LocalCategory.id).where(col(LocalCategory.active), LocalCategory.name == name)
    ).first()
    if taken is not None:
        raise CategoryRefused(texts.CAT_E_NAME_TAKEN.format(name=name), field="name")


def add_local_category(
    session: Session, actor: Actor, *, name: str, official: OfficialCategory, base: Category
) -> int:
    """Add a local category counted under `official` in the return and under `base` everywhere
    else. Admins only; audited; commits. Returns its id."""
    require(actor.role, Permission.MANAGE_CATEGORIES)
    name = _clean_name(name)
    _check_free(session, name)
    added = LocalCategory(
        name=name,
        official=OfficialCategory(official),
        base=Category(base),
        created_by_id=actor.id,
    )
    session.add(added)
    session.flush()
    _audit(session, actor, added, texts.CAT_AUDIT_ADDED, AuditAction.CREATE)
    session.commit()
    return added.id or 0


def retire_local_category(session: Session, actor: Actor, local_category_id: int) -> bool:
    """Retire a local category: deleted when no case carries it, else deactivated (its cases
    keep it; new cases and imports no longer offer it). Admins only; audited; commits. Returns
    True when it was deleted."""
    require(actor.role, Permission.MANAGE_CATEGORIES)
    found = session.get(LocalCategory, local_category_id)
    if found is None or not found.active:
        raise CategoryRefused(texts.CAT_E_INACTIVE)
    used = session.exec(
        select(func.count()).where(Case.local_category_id == local_category_id)
    ).one()
    if used:
        found.active = False
        session.add(found)
        _audit(session, actor, found, texts.CAT_AUDIT_DEACTIVATED)
    else:
        _audit(session, actor, found, texts.CAT_AUDIT_DELETED)
        session.delete(found)
    session.commit()
    return not used


def reactivate_local_category(session: Session, actor: Actor, local_category_id: int) -> None:
    """Offer a deactivated local category again, unless its name was given anew meanwhile.
    Admins only; audited; commits."""
    require(actor.role, Permission.MANAGE_CATEGORIES)
    found = session.get(LocalCategory, local_category_id)
    if found is None or found.active:
        raise CategoryRefused(texts.CAT_E_NOT_RETIRED)
    _check_free(session, found.name)
    found.active = True
    session.add(found)
    _audit(session, actor, found, texts.CAT_AUDIT_REACTIVATED)
    session.commit()


def _audit(
    session: Session,
    actor: Actor,
    found: LocalCategory,
    wording: str,
    action: AuditAction = AuditAction.UPDATE,
) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        target=f"local_category:{found.id}",
        detail=wording.format(
            name=found.name,
            official=texts.MR_OFFICIAL_NAMES[OfficialCategory(found.official)],
            base=texts.label(Category(found.base)),
        ),
    )
