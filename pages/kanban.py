"""看板: every case in scope by stage, the most urgent first; moves open a dialog that asks for
exactly what the move needs."""

import streamlit as st

from components import board_view
from components.caselife_forms import coordinator_lists
from components.refusals import refusal_shown
from components.session import require_user
from db import texts
from db.cases import board, report_up
from db.core.engine import read_session
from db.core.units import units_in_scope

actor = require_user("kanban")
st.title(texts.PAGE_KANBAN)
board_view.moved_toast()
board_view.card_style()

with read_session() as session:
    units = units_in_scope(session, actor)
    people = board.responsible_people(session, actor=actor)
filters = board_view.filter_bar(units, people, key_prefix="kanban")
with refusal_shown(stop=True), read_session() as session:
    columns = board.board(session, actor=actor, filters=filters, limits=board_view.limits())
    reported = report_up.reported_to_me(session, actor=actor)

if reported:
    board_view.reported_row(reported, key_prefix="kanban")
shown = [c for c in columns if c.stage in board.BOARD_STAGES]
for column, slot in zip(shown, st.columns(len(shown)), strict=True):
    with slot:
        board_view.column_view(column, key_prefix="kanban")
finished = [c for c in columns if c.stage in board.COUNT_ONLY_STAGES]
st.caption(
    " · ".join(
        texts.BOARD_FINISHED.format(stage=texts.label(c.stage), count=c.count) for c in finished
    )
)

listed = coordinator_lists(actor)  # settled on the spot lately; referrals waiting an outcome

drawn = [card for column in shown for card in column.cards] + list(reported)
asked = board_view.follow_click(drawn, key="kanban-links", also_open=listed)
if asked is not None:
    board_view.open_dialog(*asked)
if board_view.DIALOG in st.session_state:
    board_view.move_dialog(actor)
