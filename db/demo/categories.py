"""The demo's local categories (issue 20): two an office might add, and some demo cases that
carry them, so that 系统管理 → 分类, the ledger and the 人民调解统计表 show what they do.

A case given one keeps its built-in category (the base), so no tally or chart changes: 山林权属
counts under 土地承包 as before and under 山林土地纠纷 in the return, as 土地承包 does; 噪声扰民
counts under 邻里纠纷, and under 环境污染纠纷 in the return."""

from sqlalchemy import update
from sqlmodel import Session, col, select

from db.enums import Category, OfficialCategory
from db.models import Case, LocalCategory

# name, official category, base, what such a dispute is, every n-th case of the base carries it
DEMO_LOCAL = (
    (
        "山林权属",
        OfficialCategory.FOREST_LAND,
        Category.LAND_CONTRACT,
        "两组村民对一片山林的界址各执一词，一方砍伐林木后另一方阻拦。",
        3,
    ),
    (
        "噪声扰民",
        OfficialCategory.ENVIRONMENT,
        Category.NEIGHBOUR,
        "临街加工作坊夜间作业噪声大，周边住户多次协商未果。",
        6,
    ),
)


def add_demo_categories(session: Session, *, admin_id: int | None) -> dict[str, int]:
    """The demo's local categories, added once; their ids by name (the caller commits)."""
    ids: dict[str, int] = {}
    for name, official, base, _facts, _every in DEMO_LOCAL:
        local = session.exec(
            select(LocalCategory).where(LocalCategory.name == name, col(LocalCategory.active))
        ).first()
        if local is None:
            local = LocalCategory(name=name, official=official, base=base, created_by_id=admin_id)
            session.add(local)
            session.flush()
        ids[name] = local.id or 0
    return ids


def give_demo_categories(
    session: Session, *, first_id: int, last_id: int, admin_id: int | None
) -> None:
    """Add the demo's local categories (once) and give them to every n-th demo case of their
    base among the ids given, in the caller's transaction."""
    ids = add_demo_categories(session, admin_id=admin_id)
    for name, _official, base, facts, every in DEMO_LOCAL:
        session.execute(
            update(Case)
            .where(
                col(Case.id).between(first_id, last_id),
                col(Case.category) == base,
                col(Case.id) % every == 0,
            )
            .values(local_category_id=ids[name], facts=facts)
        )
