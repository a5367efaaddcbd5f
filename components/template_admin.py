"""系统管理 → 文书模板: which layout each document is made with (the county's own or the built-in
one), the built-in template to download as a starting point, the fields a template may hold,
and an upload that is checked (db.io.documents.templates) before it is used."""

import pandas as pd
import streamlit as st

from components.agreement_view import DOCX
from components.delivery import download_link
from components.refusals import refusal_shown
from db import texts
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.io.delivery import Offer
from db.io.documents.fields import FIELDS
from db.io.documents.layout import KINDS, builtin_template
from db.io.documents.templates import in_use, upload_template, use_builtin

K = "admin-templates"


def templates_tab(actor: Actor) -> None:
    st.caption(texts.TPL_INTRO)
    kind = st.selectbox(
        texts.TPL_KIND, list(KINDS), format_func=texts.DOC_KINDS.get, key=f"{K}-kind"
    )
    with read_session() as session:
        current = in_use(session, actor=actor, kind=kind)
    if current is None:
        st.caption(texts.TPL_BUILTIN)
    else:
        st.caption(
            texts.TPL_CURRENT.format(
                name=current.file_name,
                who=current.uploaded_by,
                at=format_local(current.uploaded_at),
            )
        )
        if st.button(texts.TPL_USE_BUILTIN, key=f"{K}-builtin"):
            with refusal_shown() as refused, write_session() as session:
                use_builtin(session, actor=actor, kind=kind)
            if not refused:
                st.success(texts.TPL_BACK_TO_BUILTIN)
                st.rerun()
    download_link(
        actor,
        texts.TPL_BUILTIN_LINK,
        key=f"{K}-download",
        offer=Offer(
            what=f"template:{kind}",
            file_name=f"{texts.DOC_KINDS[kind]}.docx",
            mime=DOCX,
            audited=False,
        ),
        loader=lambda _session, _reader: builtin_template(kind),
    )
    upload = st.file_uploader(texts.TPL_UPLOAD, type=["docx"], key=f"{K}-file")
    if upload is not None and st.button(texts.TPL_CHECK, key=f"{K}-check"):
        with refusal_shown() as refused, write_session() as session:
            row = upload_template(
                session, actor=actor, kind=kind, data=upload.getvalue(), file_name=upload.name
            )
        if not refused:
            st.success(texts.TPL_ACCEPTED.format(name=row.file_name))
    st.markdown(f"**{texts.TPL_FIELDS_HEAD}**")
    st.dataframe(
        pd.DataFrame(
            {
                texts.TPL_FIELD: [f"{{{{ {name} }}}}" for name in FIELDS[kind]],
                texts.TPL_MEANING: [texts.DOC_FIELDS[name] for name in FIELDS[kind]],
            }
        ),
        hide_index=True,
        key=f"{K}-fields",
        column_config={texts.TPL_MEANING: st.column_config.TextColumn(width="large")},
        height=35 * (len(FIELDS[kind]) + 1) + 3,  # every field visible
    )
