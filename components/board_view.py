"""The board's filter bar, its columns of compact cards (a line with the number and the moves, a
line with the rest: 200 open cases fit on a few screens), "显示更多" per column, and the dialog
a move opens, whose result is told in a toast where the user is, not at the page top."""

from collections.abc import Iterable

import streamlit as st

from components import links
from components.forms import literal
from components.move_forms import move_form
from components.report_forms import REPORT_MOVES, report_move_form
from db import texts
from db.cases.board import MAX_PER_STAGE, PER_STAGE, BoardFilter, Card, Column
from db.core.actor import Actor
from db.core.units import UnitOption, unit_label
from db.enums import Category, Move, Risk, Stage

RISK_COLOUR = {Risk.HIGH: "red", Risk.MEDIUM: "orange", Risk.LOW: "green"}
DIALOG = "kanban-dialog"  # session-state flag: (case id, number, version, risk, move)
MOVED = "kanban-moved"  # session state: what the last move did, told once as a toast
LIMIT = "kanban-limit-{stage}"  # session state: how many cards a column shows
_CARD_STYLE = """<style>
div[class*="dd-cards"] [data-testid="stMarkdown"] {
  border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.5rem;
  padding: 0.5rem 0.75rem;
}
</style>"""
OPEN, MOVE = "open", "move"  # a card link's target: "open-<case id>", "move-<case id>-<move>"


def filter_bar(
    units: list[UnitOption], people: list[tuple[int, str]], *, key_prefix: str
) -> BoardFilter:
    k = key_prefix
    by_id = {u.id: u for u in units}
    names = dict(people)
    cols = st.columns([2, 2, 1.4, 2, 0.8, 0.8, 0.8])
    unit_id = cols[0].selectbox(
        texts.FIELDS["unit"],
        [None, *by_id],
        format_func=lambda i: texts.ALL if i is None else unit_label(by_id[i]),
        key=f"{k}-unit",
    )
    categories = cols[1].multiselect(
        texts.FIELDS["category"],
        list(Category),
        format_func=texts.label,
        key=f"{k}-category",
        placeholder=texts.ALL,
        select_all=False,
    )
    risks = cols[2].multiselect(
        texts.FIELDS["risk"],
        list(Risk),
        format_func=texts.label,
        key=f"{k}-risk",
        placeholder=texts.ALL,
        select_all=False,
    )
    person = cols[3].selectbox(
        texts.FIELDS["responsible"],
        [None, *names],
        format_func=lambda i: texts.ALL if i is None else names[i],
        key=f"{k}-person",
    )
    mine = cols[4].checkbox(texts.BOARD_MINE, key=f"{k}-mine")
    overdue = cols[5].checkbox(texts.LEDGER_OVERDUE, key=f"{k}-overdue")
    urgent = cols[6].checkbox(texts.URGENT_FILTER, key=f"{k}-urgent")
    return BoardFilter(
        unit_id=unit_id,
        categories=categories,
        risks=risks,
        responsible_user_id=person,
        mine=mine,
        overdue_only=overdue,
        urgent_only=urgent,
    )


def _days(card: Card) -> str:
    if card.age_days is not None:  # registered, waiting for assignment
        return texts.BOARD_UNASSIGNED_AGE.format(days=card.age_days)
    if card.waiting_days is not None:
        return texts.BOARD_WAITING_FOLLOW_UP.format(days=card.waiting_days)
    if card.days_left is None:
        return texts.BOARD_NO_DEADLINE
    if card.days_left < 0:
        return texts.BOARD_OVERDUE_DAYS.format(days=-card.days_left)
    return texts.BOARD_DAYS_LEFT.format(days=card.days_left)


def _line(card: Card) -> str:
    """Everything but the number and the moves, on one Markdown line (user text as literal)."""
    parts = [f":{RISK_COLOUR[card.risk]}-badge[{texts.label(card.risk)}]"]
    if card.flagged:
        parts.append(f":violet-badge[{texts.FLAG_MARK.strip('【】')}]")
    if card.urgent:
        parts.append(f":red-badge[{texts.URGENT_MARK.strip('【】')}]")
    if card.reported_up:
        parts.append(f":blue-badge[{texts.HOME_REPORTED_TO_ME}]")
    overdue = card.days_left is not None and card.days_left < 0
    parts.append(f":red[**{_days(card)}**]" if overdue else f"**{_days(card)}**")
    who = literal(card.responsible) if card.responsible else texts.BOARD_NOBODY
    details = [literal(card.title), texts.label(card.category), literal(card.village), who]
    return " ".join(parts) + " · " + " · ".join(details)


def card_markdown(card: Card) -> str:
    """A card as one Markdown text: the number (opens the case) and the moves as in-page links
    (components.links), then everything else on a second line."""
    number = links.link(f"**{literal(card.number)}**", f"{OPEN}-{card.id}")
    moves = " · ".join(
        links.link(
            texts.BOARD_MOVE_SHORT.get(m.value, texts.label(m)), f"{MOVE}-{card.id}-{m.value}"
        )
        for m in card.moves
    )
    head = f"{number}\u3000{moves}" if moves else number
    return f"{head}  \n:small[{_line(card)}]"


def card_style() -> None:
    """Once per page: every Markdown element inside a container keyed "…dd-cards…" is drawn as a
    card's box (CSS), so a card is one element, not a bordered container around one."""
    st.html(_CARD_STYLE)


def cards_view(cards: list[Card], *, key: str) -> None:
    """Cards one under the other, each one Markdown element (issue 22: a card was five to seven
    elements, most of a board's rerun); `key` names their container (ends in "dd-cards")."""
    with st.container(key=key, gap="small"):
        for card in cards:
            st.markdown(card_markdown(card))


def limits() -> dict[Stage, int]:
    """How many cards each column shows: PER_STAGE, more once "显示更多" was pressed."""
    return {
        stage: int(st.session_state.get(LIMIT.format(stage=stage.value), PER_STAGE))
        for stage in Stage
    }


def _show_more(stage: Stage, shown: int) -> None:
    st.session_state[LIMIT.format(stage=stage.value)] = min(shown + PER_STAGE, MAX_PER_STAGE)


def column_view(column: Column, *, key_prefix: str) -> None:
    st.markdown(f"**{texts.label(column.stage)}**")
    st.caption(texts.BOARD_COUNT.format(count=column.count, shown=len(column.cards)))
    cards_view(column.cards, key=f"{key_prefix}-{column.stage.value}-dd-cards")
    shown = len(column.cards)
    if column.count > shown and shown < MAX_PER_STAGE:
        st.button(
            texts.BOARD_MORE.format(rest=column.count - shown),
            key=f"{key_prefix}-more-{column.stage.value}",
            on_click=_show_more,
            args=(column.stage, shown),
            width="stretch",
        )


def reported_row(cards: list[Card], *, key_prefix: str) -> None:
    """上报待接收: the cases reported up to the reader's level, above the columns."""
    st.markdown(f"**{texts.BOARD_REPORTED_UP.format(count=len(cards))}**")
    for i, slot in enumerate(st.columns(4)):
        with slot:
            cards_view(cards[i::4], key=f"{key_prefix}-reported-{i}-dd-cards")


def follow_click(
    cards: list[Card], *, key: str, also_open: Iterable[int] = ()
) -> tuple[Card, Move] | None:
    """Listen for the page's in-page links (once per page, after them). A click on a number
    opens the case in this tab and session; a click on a move returns it, for its dialog. A
    click on a card this run no longer drew (moved meanwhile by someone else) changes nothing
    and says so. `also_open`: the cases the page's other lists link to."""
    target = links.listen(key)
    if target is None:
        return None
    kind, _, rest = target.partition("-")
    case_id, _, move = rest.partition("-")
    if kind == OPEN and case_id in {str(i) for i in also_open}:
        st.switch_page("pages/case.py", query_params={"id": int(case_id)})
    for card in cards:
        if str(card.id) != case_id:
            continue
        if kind == OPEN:
            st.switch_page("pages/case.py", query_params={"id": card.id})
        if kind == MOVE and move in {m.value for m in card.moves}:
            return card, Move(move)
    st.toast(texts.BOARD_CARD_GONE, icon=":material/info:")
    return None


def open_dialog(card: Card, move: Move) -> None:
    st.session_state[DIALOG] = (card.id, card.number, card.version, card.risk.value, move.value)


def _dismiss() -> None:
    st.session_state.pop(DIALOG, None)


@st.dialog(texts.BOARD_DIALOG, width="large", on_dismiss=_dismiss)
def move_dialog(actor: Actor) -> None:
    case_id, number, version, risk, move = st.session_state[DIALOG]
    st.markdown(f"**{number}** — {texts.label(Move(move))}")
    form = report_move_form if Move(move) in REPORT_MOVES else move_form
    if form(
        actor,
        case_id=case_id,
        version=version,
        risk=risk,
        move=Move(move),
        key_prefix="kanban-dialog",
    ):
        # Told as a toast after the rerun (the page top may be screens away), not as dd_notice.
        done = st.session_state.pop("dd_notice", texts.label(Move(move)))
        st.session_state[MOVED] = texts.BOARD_MOVED.format(number=number, done=done)
        _dismiss()
        st.rerun()


def moved_toast() -> None:
    """The last move's result, once, in a toast (it floats where the user is looking)."""
    if notice := st.session_state.pop(MOVED, None):
        st.toast(notice, icon=":material/check_circle:", duration="long")
