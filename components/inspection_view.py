"""The inspection page's parts: the list of inspections, the start form, the checklist ticked on
site (each choice, note and photo saved at once through callbacks) and a submitted result.

Made for a 390-pixel phone: one section per expander, one item a block, the three answers as a
full-width segmented control (large targets)."""

from itertools import groupby

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components import delivery
from components.forms import literal, past_day
from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import UnitOption, unit_label
from db.enums import InspectionStatus, TickResult
from db.models import ChecklistTemplate
from db.supervision import inspections, photos, rectifications
from db.supervision.inspection_list import InspectionRow
from db.supervision.inspections import InspectionStart, InspectionView

OPEN = "id"
# Answers are tapped on site with a thumb: at least 44 px high (Apple's and Google's minimum).
TOUCH_STYLE = "<style>[class*='st-key-insp-tick-'] button { min-height: 44px; }</style>"  # query parameter: the inspection shown (a link that works from any device)


def _score(view: InspectionView | InspectionRow) -> str:
    if view.score is None or view.conclusion is None:
        return ""
    return texts.SUP_RESULT.format(score=view.score * 100, conclusion=texts.label(view.conclusion))


def inspection_list(rows: list[InspectionRow], status: InspectionStatus) -> None:
    """Drafts (to continue) or submitted inspections; a button opens one."""
    st.subheader(texts.SUP_DRAFTS if status == InspectionStatus.DRAFT else texts.SUP_DONE_LIST)
    chosen = [r for r in rows if r.status == status]
    if not chosen:
        st.caption(texts.SUP_NONE_YET)
    for row in chosen:
        with st.container(border=True, key=f"insp-row-{row.id}"):
            st.text(texts.SUP_HEADER.format(unit=row.unit_name, day=row.visited_on, team=row.team))
            if row.score is not None:
                st.caption(_score(row))
            label = texts.SUP_CONTINUE if status == InspectionStatus.DRAFT else texts.SUP_OPEN
            if st.button(label, key=f"insp-open-{row.id}"):
                st.query_params[OPEN] = str(row.id)
                st.rerun()


def start_form(actor: Actor, templates: list[ChecklistTemplate], units: list[UnitOption]) -> None:
    if not templates:
        st.info(texts.SUP_NO_TEMPLATE)
        return
    by_template = {t.id: t for t in templates}
    by_unit = {u.id: u for u in units}
    with st.form("insp-new", enter_to_submit=False):
        st.subheader(texts.SUP_NEW)
        template_id = st.selectbox(
            texts.SUP_TEMPLATE,
            list(by_template),
            format_func=lambda i: texts.SUP_TEMPLATE_VERSION.format(
                name=by_template[i].name, version=by_template[i].version
            ),
            key="insp-template",
        )
        unit_id = st.selectbox(
            texts.SUP_UNIT,
            list(by_unit),
            index=None,
            placeholder=texts.SUP_PICK_UNIT,
            format_func=lambda i: unit_label(by_unit[i]),
            key="insp-unit",
        )
        # Today in Asia/Shanghai (Streamlit's own default is the server's day, UTC before 08:00).
        visited_on = past_day(texts.SUP_DATE, key="insp-date")
        team = st.text_input(texts.SUP_TEAM, help=texts.SUP_TEAM_HELP, key="insp-team")
        submitted = st.form_submit_button(texts.SUP_START, key="insp-start", type="primary")
    if not submitted:
        return
    try:
        data = InspectionStart.model_validate(
            {"template_id": template_id, "unit_id": unit_id, "visited_on": visited_on, "team": team}
        )
    except ValidationError as error:
        for path, message in field_errors(error).items():
            st.error(f"{texts.SUP_ITEM_FIELDS.get(path, path)}：{message}")
        return
    with refusal_shown() as refused, write_session() as session:
        new_id = inspections.start(session, actor=actor, data=data)
    if refused:
        return
    st.session_state["dd_notice"] = texts.SUP_STARTED
    st.query_params[OPEN] = str(new_id)
    st.rerun()


def _save(actor: Actor, inspection_id: int, item_id: int, part: str, shown: object = None) -> None:
    """A widget's callback: write its value now (a closed tab loses nothing)."""
    key = f"insp-{part}-{item_id}"
    value = st.session_state.get(key)
    with refusal_shown(show=_flash_error), write_session() as session:
        if part == "photo":
            if value is not None:
                photos.save_photo(
                    session,
                    actor=actor,
                    inspection_id=inspection_id,
                    item_id=item_id,
                    data=value.getvalue(),
                )
                st.session_state["insp-flash"] = ("success", texts.SUP_PHOTO_SAVED)
        elif part == "tick":
            if value is None:  # tapping the chosen answer again keeps it (saved already)
                st.session_state[key] = shown
                return
            inspections.tick(
                session, actor=actor, inspection_id=inspection_id, item_id=item_id, result=value
            )
        else:
            inspections.tick(
                session, actor=actor, inspection_id=inspection_id, item_id=item_id, note=value
            )


def _flash_error(message: str) -> None:
    """A callback cannot draw: the checklist shows the message on the run that follows."""
    st.session_state["insp-flash"] = ("error", message)


def _photos(actor: Actor, photo_ids: list[int]) -> None:
    with read_session() as session:
        for photo_id in photo_ids:
            with refusal_shown(show=st.caption):
                photos.readable_photo(session, actor=actor, photo_id=photo_id)
                delivery.photo(actor, photo_id)  # fetched by this session only


def checklist(actor: Actor, view: InspectionView) -> None:
    """Tick the draft inspection's items; the submit button scores it."""
    st.html(TOUCH_STYLE)
    st.caption(texts.SUP_PROGRESS.format(done=view.ticked, total=len(view.items)))
    if flash := st.session_state.pop("insp-flash", None):
        getattr(st, flash[0])(flash[1])
    # The first section with an unanswered item opens the first time this session shows the
    # inspection; the sections then stay as the user folds them (recomputed on every rerun, a
    # section would fold under the user's finger as its last item is ticked).
    first_open = st.session_state.setdefault(
        f"insp-first-open-{view.id}",
        next((i.section for i in view.items if i.result is None), None),
    )
    for n, (section, group) in enumerate(groupby(view.items, key=lambda i: i.section)):
        items = list(group)
        done = sum(1 for i in items if i.result is not None)
        with st.expander(
            f"{literal(section)}（{done}/{len(items)}）",
            expanded=section == first_open,
            key=f"insp-section-{view.id}-{n}",
        ):
            for item in items:
                _item(actor, view.id, item)
    confirming = f"insp-confirming-{view.id}"
    if st.button(texts.SUP_SUBMIT, key="insp-submit", type="primary", width="stretch"):
        st.session_state[confirming] = True  # irreversible: asked once more, below the button
    if not st.session_state.get(confirming):
        return
    with st.container(border=True, key="insp-confirm-box"):
        st.warning(texts.SUP_SUBMIT_CONFIRM.format(done=view.ticked, total=len(view.items)))
        yes, back = st.columns(2)
        sure = yes.button(texts.SUP_SUBMIT_YES, key="insp-confirm", type="primary", width="stretch")
        if back.button(texts.SUP_SUBMIT_BACK, key="insp-cancel", width="stretch"):
            del st.session_state[confirming]
            st.rerun()
    if sure:
        del st.session_state[confirming]
        with refusal_shown() as refused, write_session() as session:
            done = inspections.submit(session, actor=actor, inspection_id=view.id)
        if refused:
            return
        st.session_state["dd_notice"] = texts.SUP_SUBMITTED.format(
            score=(done.score or 0) * 100, conclusion=texts.label(done.conclusion)
        )
        st.rerun()


def _item(actor: Actor, inspection_id: int, item: inspections.ItemView) -> None:
    with st.container(border=True, key=f"insp-item-{item.item_id}"):
        st.segmented_control(
            literal(item.text),
            list(TickResult),
            format_func=texts.label,
            default=item.result,
            key=f"insp-tick-{item.item_id}",
            on_change=_save,
            args=(actor, inspection_id, item.item_id, "tick", item.result),
            width="stretch",
            help=item.guidance or None,
        )
        if item.figure_text:
            st.caption(
                texts.SUP_FIG_CAPTION.format(
                    label=texts.label(item.figure) if item.figure else "",
                    value=item.figure_text,
                    what=texts.SUP_FIG_WHAT.get(item.figure, ""),
                )
            )
        if item.evidence_required:
            st.caption(texts.SUP_EVIDENCE_NEEDED)
        st.text_input(
            texts.SUP_NOTE,
            value=item.note,
            key=f"insp-note-{item.item_id}",
            on_change=_save,
            args=(actor, inspection_id, item.item_id, "note"),
        )
        with st.popover(
            f"{texts.SUP_PHOTO}（{len(item.photo_ids)}）", key=f"insp-pop-{item.item_id}"
        ):
            st.file_uploader(
                texts.SUP_PHOTO_UPLOAD,
                type=["jpg", "jpeg", "png", "webp"],
                key=f"insp-photo-{item.item_id}",
                on_change=_save,
                args=(actor, inspection_id, item.item_id, "photo"),
            )
            _photos(actor, item.photo_ids)


def result(actor: Actor, view: InspectionView) -> None:
    """A submitted inspection, read-only: the score, and each item's finding."""
    st.metric(texts.SUP_COL_SCORE, f"{(view.score or 0) * 100:.1f}", border=True)
    st.subheader(texts.label(view.conclusion) if view.conclusion else "")
    st.dataframe(
        pd.DataFrame(
            {
                texts.SUP_COL_ITEM: [i.text for i in view.items],
                texts.SUP_COL_RESULT: [
                    texts.label(i.result) if i.result else "" for i in view.items
                ],
                texts.SUP_NOTE: [i.note for i in view.items],
                texts.SUP_COL_FIGURE: [i.figure_text for i in view.items],
            }
        ),
        hide_index=True,
        key="insp-result-table",
    )
    for item in view.items:
        if item.photo_ids:
            st.text(item.text)
            _photos(actor, item.photo_ids)
    with read_session() as session:
        made = rectifications.list_rectifications(session, actor=actor, inspection_id=view.id)
    st.subheader(texts.SUP_RECTS_MADE.format(count=len(made)))
    for row in made:
        with st.container(border=True, key=f"insp-made-{row.id}"):
            st.caption(
                texts.SUP_RECT_HEADER.format(
                    unit=literal(row.unit_name),
                    deadline=row.deadline,
                    status=texts.label(row.status),
                )
            )
            st.text(row.requirement)
