"""The case page's part of the case life from below: the urgent mark with its acknowledgements
(and 已知悉), a report up waiting above, the reports up with their answers and waiting times,
and the requests for a deadline extension (ask; grant or refuse)."""

from collections.abc import Callable
from datetime import timedelta

import pandas as pd
import streamlit as st

from components.case_grid import case_grid
from components.move_forms import _apply
from db import texts
from db.cases import extension_requests as requests
from db.cases import report_up, urgent
from db.cases.schemas import CaseDetail
from db.clock import format_local, local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.core.permissions import Permission, allows


def case_life(actor: Actor, case: CaseDetail) -> bool:
    """Draw it; True once something was done (the caller reruns)."""
    with read_session() as session:
        is_urgent, may_ack = urgent.state(session, actor=actor, case_id=case.id)
        acks = urgent.acknowledgements(session, actor=actor, case_id=case.id)
        reports = report_up.history(session, actor=actor, case_id=case.id)
        asked = requests.for_case(session, actor=actor, case_id=case.id)
        may_ask = requests.may_request(session, actor=actor, case_id=case.id)
    version = st.session_state.get(f"case-version-{case.id}", case.version)
    if is_urgent and _urgent(actor, case, acks, may_ack):
        return True
    _reports(reports)
    return _extensions(actor, case, version, asked, may_ask)


def _urgent(actor: Actor, case: CaseDetail, acks: list[dict], may_ack: bool) -> bool:
    with st.container(key="case-urgent"):
        st.error(texts.URGENT_MARK + texts.URGENT_ACKS)
        for ack in acks:
            st.text(
                texts.URGENT_ACK_LINE.format(
                    who=ack["who"],
                    level=ack["level"],
                    when=format_local(ack["at"]),
                    minutes=ack["minutes"],
                )
            )
        if not acks:
            st.caption(texts.URGENT_NO_ACK)
        if may_ack and st.button(texts.URGENT_ACK, key="case-urgent-ack", type="primary"):
            return _apply(
                lambda s: urgent.acknowledge(s, actor=actor, case_id=case.id),
                success=texts.URGENT_ACK_DONE,
            )
    return False


def _reports(reports: list[dict]) -> None:
    waiting = [r for r in reports if r["answered_at"] is None]
    if waiting:
        days = int(waiting[-1]["waited"] // 24)
        st.warning(texts.REPORT_WAITING_MARK.format(unit=waiting[-1]["to_unit"], days=days))
    if reports:
        st.subheader(texts.REPORT_UP_HISTORY)
        table = pd.DataFrame(reports)
        for column in ("sent_at", "answered_at"):
            table[column] = [format_local(v) if v is not None else "" for v in table[column]]
        st.dataframe(
            table[list(texts.REPORT_COLUMNS)].rename(columns=texts.REPORT_COLUMNS),
            hide_index=True,
            key="case-report-history",
        )


def _extensions(
    actor: Actor, case: CaseDetail, version: int, asked: list[dict], may_ask: bool
) -> bool:
    if asked:
        st.subheader(texts.EXTENSION_HISTORY)
    for request in asked:
        st.text(
            texts.EXTENSION_LINE.format(
                when=format_local(request["requested_at"]),
                who=request["who"],
                proposed=request["proposed"].isoformat(),
                old=request["old"].isoformat(),
                reason=request["reason"],
                status=texts.label(request["status"])
                + (f"：{request['note']}" if request["note"] else ""),
            )
        )
        if request["status"] == "pending" and allows(actor.role, Permission.ASSIGN):
            if _answer(actor, case, version, request["id"]):
                return True
    if may_ask and case.deadline:
        with (
            st.expander(texts.EXTENSION_ASK),
            st.form("case-extension-form", enter_to_submit=False),
        ):
            proposed = st.date_input(
                texts.EXTENSION_PROPOSED,
                value=max(case.deadline, local_today()) + timedelta(days=7),
                key="case-extension-date",
                format="YYYY-MM-DD",
            )
            reason = st.text_input(
                texts.EXTENSION_REASON, key="case-extension-reason", max_chars=500
            )
            if st.form_submit_button(texts.EXTENSION_ASK, key="case-extension-submit"):
                data = {"proposed_deadline": proposed, "reason": reason}
                return _apply(
                    lambda s: requests.request_extension(
                        s,
                        actor=actor,
                        case_id=case.id,
                        ask=requests.ExtensionAsk.model_validate(data),
                    ),
                    success=texts.EXTENSION_ASKED,
                )
    return False


def _answer(actor: Actor, case: CaseDetail, version: int, request_id: int) -> bool:
    k = f"case-extension-{request_id}"
    if st.button(texts.EXTENSION_GRANT, key=f"{k}-grant", type="primary"):
        return _apply(
            lambda s: requests.grant(
                s, actor=actor, case_id=case.id, version=version, request_id=request_id
            ),
            success=texts.EXTENSION_ANSWERED,
        )
    with st.form(f"{k}-refuse-form", enter_to_submit=False):
        reason = st.text_input(
            texts.EXTENSION_REFUSE_REASON, key=f"{k}-refuse-reason", max_chars=500
        )
        if st.form_submit_button(texts.EXTENSION_REFUSE, key=f"{k}-refuse"):
            return _apply(
                lambda s: requests.refuse(
                    s,
                    actor=actor,
                    case_id=case.id,
                    request_id=request_id,
                    reason=requests.RefusalReason.model_validate({"reason": reason}),
                ),
                success=texts.EXTENSION_ANSWERED,
            )
    return False


def waiting_by_unit(
    actor: Actor, *, key: str = "cases-waiting", read: Callable[[Actor], list[dict]] | None = None
) -> None:
    """The list of cases reported up and not yet taken or returned, by the unit they wait at,
    with the days waited (on the ledger, live, and on the dashboard, `read` as its figures)."""
    if read is not None:
        waiting = read(actor)
    else:
        with read_session() as session:
            waiting = report_up.waiting(session, actor=actor)
    if not waiting:
        return
    with st.expander(texts.LEDGER_WAITING + f"（{len(waiting)}）"):
        table = pd.DataFrame(waiting)
        columns = texts.LEDGER_WAITING_COLUMNS
        case_grid(  # a click on a number opens the case in this tab
            table[list(columns)].rename(columns=columns),
            [w["case_id"] for w in waiting],
            key=key,
            number_column=columns["number"],
        )
