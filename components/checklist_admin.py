"""The admin page's checklist tab: edit a checklist template as a table; saving writes a new
version (inspections already made keep the version they used)."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.enums import EvidenceFigure
from db.supervision import checklists

COLUMNS = list(checklists.ItemDraft.model_fields)  # section, text, weight, guidance, ...
FIGURE_LABELS = {texts.label(f): f for f in EvidenceFigure}


def _errors(error: ValidationError) -> list[str]:
    shown = []
    for path, message in field_errors(error).items():
        parts = path.split(".")
        if parts[0] == "items" and len(parts) == 3:
            row, field = int(parts[1]) + 1, texts.SUP_ITEM_FIELDS.get(parts[2], parts[2])
            shown.append(f"{texts.IMP_WHERE.format(row=row, column=field)}：{message}")
        else:
            shown.append(f"{texts.SUP_ITEM_FIELDS.get(path, path)}：{message}")
    return shown


def checklist_tab(actor: Actor) -> None:
    with read_session() as session:
        templates = checklists.current_templates(session)
        by_key = {t.key: t for t in templates}
        chosen = st.selectbox(
            texts.SUP_ADMIN_PICK,
            [*by_key, None],
            format_func=lambda k: (
                texts.SUP_ADMIN_NEW_TEMPLATE
                if k is None
                else texts.SUP_TEMPLATE_VERSION.format(
                    name=by_key[k].name, version=by_key[k].version
                )
            ),
            key="admin-checklist-pick",
        )
        template = by_key.get(chosen) if chosen else None
        items = checklists.items_of(session, template.id or 0) if template else []
    st.caption(texts.SUP_ADMIN_HELP)
    name = st.text_input(
        texts.SUP_ADMIN_NAME,
        value=template.name if template else "",
        key=f"admin-checklist-name-{chosen}",
    )
    frame = pd.DataFrame(
        [
            {
                **{c: getattr(i, c) for c in COLUMNS},
                "evidence_figure": texts.label(i.evidence_figure) if i.evidence_figure else None,
            }
            for i in items
        ],
        columns=COLUMNS,
    )
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        key=f"admin-checklist-items-{chosen}",
        column_config={
            "section": st.column_config.TextColumn(texts.SUP_ITEM_FIELDS["section"]),
            "text": st.column_config.TextColumn(texts.SUP_ITEM_FIELDS["text"], width="large"),
            "weight": st.column_config.NumberColumn(
                texts.SUP_ITEM_FIELDS["weight"], min_value=1, max_value=100, step=1
            ),
            "guidance": st.column_config.TextColumn(texts.SUP_ITEM_FIELDS["guidance"]),
            "evidence_required_on_fail": st.column_config.CheckboxColumn(
                texts.SUP_ITEM_FIELDS["evidence_required_on_fail"]
            ),
            "evidence_figure": st.column_config.SelectboxColumn(
                texts.SUP_ITEM_FIELDS["evidence_figure"], options=list(FIGURE_LABELS)
            ),
        },
    )
    if not st.button(texts.SUP_ADMIN_SAVE, key="admin-checklist-save", type="primary"):
        return
    rows = [
        {
            **{k: v for k, v in row.items() if not (isinstance(v, float) and pd.isna(v))},
            "evidence_figure": FIGURE_LABELS.get(row.get("evidence_figure")),
            "evidence_required_on_fail": bool(row.get("evidence_required_on_fail")),
            "section": row.get("section") or "",
            "text": row.get("text") or "",
            "guidance": row.get("guidance") or "",
        }
        for row in edited.to_dict("records")
    ]
    try:
        draft = checklists.TemplateDraft.model_validate({"name": name, "items": rows})
    except ValidationError as error:
        for message in _errors(error):
            st.error(message)
        return
    with refusal_shown() as refused, write_session() as session:
        saved = checklists.save_version(
            session, actor=actor, draft=draft, key=template.key if template else None
        )
    if not refused:
        st.success(texts.SUP_ADMIN_SAVED.format(name=saved.name, version=saved.version))
