"""系统管理: accounts, the unit tree and the audit log (admins only)."""

import streamlit as st

from components.admin_views import audit_tab, users_tab
from components.category_admin import categories_tab
from components.checklist_admin import checklist_tab
from components.import_view import import_ledger
from components.leader_handover_view import leader_handover_form
from components.session import require_user
from components.setup_book_view import setup_tab
from components.target_admin import targets_tab
from components.template_admin import templates_tab
from components.unit_admin_view import units_tab
from db import texts
from db.core.engine import read_session
from db.core.units import units_in_scope
from db.demo.world import loaded_world

actor = require_user("admin")
st.title(texts.PAGE_ADMIN)
with read_session() as session:
    units = units_in_scope(session, actor)
    world = loaded_world(session)
st.caption(world)
tabs = st.tabs(
    [
        texts.ADMIN_USERS,
        texts.ADMIN_UNITS,
        texts.SB_TAB,
        texts.ADMIN_AUDIT,
        texts.IMP_SECTION,
        texts.SUP_ADMIN_TAB,
        texts.TPL_TAB,
        texts.TGT_TAB,
        texts.CAT_TAB,
        texts.HANDOVER_TAB,
    ]
)
users, unit_tree, setup, log, ledger, checklist, documents, targets, categories, leads = tabs
with users:
    users_tab(actor, units)
with unit_tree:
    units_tab(actor)
with setup:
    setup_tab(actor)
with log:
    audit_tab(actor)
with ledger:
    import_ledger(actor, key_prefix="admin-import")
with checklist:
    checklist_tab(actor)
with documents:
    templates_tab(actor)
with targets:
    targets_tab(actor)
with categories:
    categories_tab(actor)
with leads:  # 包案领导调整 (issue 23)
    st.subheader(texts.HANDOVER_TITLE)
    leader_handover_form(actor, key_prefix="admin-handover")
