"""纠纷台账: every case in the user's scope, filtered, searched and paginated in the database."""

import streamlit as st

from components.case_life_view import waiting_by_unit
from components.export_view import ledger_export
from components.forms import kept_open
from components.import_view import import_ledger
from components.leader_handover_view import leader_handover_form
from components.ledger_link import apply_link
from components.ledger_view import filter_bar, ledger_table
from components.refusals import refusal_shown
from components.session import require_user
from db import texts
from db.cases import board, ledger
from db.cases.categories import local_categories
from db.cases.leaders import leaders_in_view
from db.core.engine import read_session
from db.core.permissions import Permission, allows
from db.core.units import units_in_scope

actor = require_user("cases")
st.title(texts.PAGE_CASES)

with read_session() as session:
    units = units_in_scope(session, actor)
    local = local_categories(session)  # retired ones too: cases still carry them
    people = board.responsible_people(session, actor=actor)
    leaders = leaders_in_view(session, actor=actor)
apply_link(units, key_prefix="cases")  # a link from home with a filter (issue 21)
filters = filter_bar(units, people, key_prefix="cases", local=local, leaders=leaders)
page_number = int(st.session_state.get("cases-page", 1))
with refusal_shown(stop=True), read_session() as session:
    page = ledger.list_cases(session, actor=actor, filters=filters, page=page_number)

waiting_by_unit(actor)
st.caption(texts.LEDGER_TOTAL.format(total=page.total, page=page.page, pages=page.pages))
if page.rows:
    ledger_table(page.rows, key="cases-table")
else:
    st.info(texts.LEDGER_EMPTY)
if page.pages > 1:
    st.session_state["cases-page"] = page.page  # filters may have shrunk the page count
    st.number_input(texts.LEDGER_PAGE, min_value=1, max_value=page.pages, step=1, key="cases-page")
ledger_export(actor, filters)
if allows(actor.role, Permission.HAND_OVER_LEADS):  # 包案领导调整 (issue 23)
    with kept_open(texts.HANDOVER_TITLE, key="cases-handover-open"):
        leader_handover_form(actor, key_prefix="cases-handover")
if allows(actor.role, Permission.IMPORT):
    with kept_open(texts.IMP_SECTION, key="cases-import-open"):
        import_ledger(actor, key_prefix="cases-import")
