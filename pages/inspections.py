"""督查检查: supervisors start an inspection, tick it on site (each answer saved at once, so it
can be continued later from any device), submit it for a score; check rectifications; read the
bulletin. `?id=N` opens one inspection."""

import streamlit as st

from components import inspection_view
from components.bulletin_view import bulletin_tab
from components.forms import literal
from components.rectification_view import rectification_list
from components.refusals import refusal_shown
from components.session import require_user
from db import texts
from db.core.engine import read_session
from db.core.units import units_in_scope
from db.core.validation import parse_row_id
from db.enums import InspectionStatus
from db.supervision import checklists, inspection_list, inspections

actor = require_user("inspections")
st.title(texts.PAGE_INSPECTIONS)

inspect, rects, bulletin = st.tabs(
    [texts.SUP_TAB_INSPECT, texts.SUP_TAB_RECTS, texts.SUP_TAB_BULLETIN]
)
with inspect:
    opened = parse_row_id(st.query_params.get(inspection_view.OPEN, ""))
    view = None
    if opened is not None:
        with refusal_shown(), read_session() as session:
            view = inspections.load(session, actor=actor, inspection_id=opened)
    if view is not None:
        if st.button(texts.SUP_BACK, key="insp-back"):
            del st.query_params[inspection_view.OPEN]
            st.rerun()
        st.subheader(
            texts.SUP_HEADER.format(
                unit=literal(view.unit_name), day=view.visited_on, team=literal(view.team)
            )
        )
        st.caption(
            texts.SUP_TEMPLATE_VERSION.format(
                name=view.template_name, version=view.template_version
            )
        )
        if view.status == InspectionStatus.DRAFT:
            inspection_view.checklist(actor, view)
        else:
            inspection_view.result(actor, view)
    else:
        with read_session() as session:
            rows = inspection_list.list_inspections(session, actor=actor)
            templates = checklists.current_templates(session)
            units = units_in_scope(session, actor)
        inspection_view.inspection_list(rows, InspectionStatus.DRAFT)
        inspection_view.start_form(actor, templates, units)
        inspection_view.inspection_list(rows, InspectionStatus.SUBMITTED)
with rects:
    rectification_list(actor, key_prefix="insp-rect")
with bulletin:
    bulletin_tab(actor)
