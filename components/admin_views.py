"""The admin page's parts: users and the audit log (the unit tree: components.unit_admin_view)."""

from datetime import datetime, time

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.refusals import refusal_shown
from db import texts
from db.accounts import admin
from db.accounts.addresses import UNKNOWN
from db.cases.schemas import field_errors
from db.clock import LOCAL_ZONE, format_local
from db.core import audit
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import UnitOption, unit_label
from db.enums import AuditAction, Role


def users_tab(actor: Actor, units: list[UnitOption]) -> None:
    with read_session() as session:
        users = admin.list_users(session, actor=actor)
    st.dataframe(
        pd.DataFrame(
            {
                texts.FIELDS["username"]: [u.username for u in users],
                texts.FIELDS["display_name"]: [u.display_name for u in users],
                texts.FIELDS["role_of_user"]: [texts.label(u.role) for u in users],
                texts.FIELDS["unit"]: [u.unit for u in users],
                texts.ADMIN_ACTIVE: [texts.YES if u.is_active else texts.NO for u in users],
                texts.ADMIN_MUST_CHANGE: [
                    texts.YES if u.must_change_password else "" for u in users
                ],
                texts.ADMIN_LIVE_SESSIONS: [u.live_sessions for u in users],
            }
        ),
        hide_index=True,
        key="admin-users-table",
    )
    by_unit = {u.id: u for u in units}
    offered = [u.id for u in units if u.active]  # a deactivated unit takes no new account
    with st.expander(texts.ADMIN_NEW_USER):
        with st.form("admin-new-user", clear_on_submit=True, enter_to_submit=False):
            username = st.text_input(texts.FIELDS["username"], key="admin-new-username")
            name = st.text_input(texts.FIELDS["display_name"], key="admin-new-name")
            role = st.selectbox(
                texts.FIELDS["role_of_user"],
                list(Role),
                format_func=texts.label,
                key="admin-new-role",
            )
            unit_id = st.selectbox(
                texts.FIELDS["unit"],
                offered,
                format_func=lambda i: unit_label(by_unit[i]),
                key="admin-new-unit",
            )
            submitted = st.form_submit_button(texts.ADMIN_CREATE, key="admin-new-submit")
        if submitted:
            _add_user(actor, username=username, display_name=name, role=role, unit_id=unit_id)

    by_id = {u.id: u for u in users}
    chosen = st.selectbox(
        texts.ADMIN_PICK_USER,
        list(by_id),
        format_func=lambda i: f"{by_id[i].username}（{by_id[i].display_name}）",
        key="admin-user",
    )
    if chosen is None:
        return
    user = by_id[chosen]
    with st.form("admin-edit-user", enter_to_submit=False):
        role = st.selectbox(
            texts.FIELDS["role_of_user"],
            list(Role),
            index=list(Role).index(user.role),
            format_func=texts.label,
            key="admin-edit-role",
        )
        unit_ids = list(by_unit)
        current = next((i for i, u in by_unit.items() if u.name == user.unit), unit_ids[0])
        unit_id = st.selectbox(
            texts.FIELDS["unit"],
            unit_ids,
            index=unit_ids.index(current),
            format_func=lambda i: unit_label(by_unit[i]),
            key="admin-edit-unit",
        )
        save = st.form_submit_button(texts.ADMIN_SAVE_ROLE, key="admin-edit-submit")
    left, middle, right = st.columns(3)
    toggle = left.button(
        texts.ADMIN_DISABLE if user.is_active else texts.ADMIN_ENABLE, key="admin-toggle-active"
    )
    reset = middle.button(texts.ADMIN_RESET, key="admin-reset-password")
    end_sessions = right.button(texts.ADMIN_END_SESSIONS, key="admin-end-sessions")
    with refusal_shown(), write_session() as session:
        if save:
            admin.set_role_and_unit(
                session, actor=actor, user_id=user.id, role=role, unit_id=unit_id
            )
            st.success(texts.ADMIN_SAVED)
        if toggle:
            admin.set_active(session, actor=actor, user_id=user.id, active=not user.is_active)
            st.success(texts.ADMIN_SAVED)
        if reset:
            password = admin.reset_password(session, actor=actor, user_id=user.id)
            st.success(texts.ADMIN_RESET_DONE.format(username=user.username, password=password))
        if end_sessions:
            count = admin.end_sessions(session, actor=actor, user_id=user.id)
            st.success(texts.ADMIN_SESSIONS_ENDED.format(username=user.username, count=count))


def _add_user(actor: Actor, **raw: object) -> None:
    """Create the account; its first password is shown once."""
    try:
        data = admin.UserCreate.model_validate(raw)
    except ValidationError as error:
        for field, message in field_errors(error).items():
            st.error(f"{texts.FIELDS.get(field, field)}：{message}")
        return
    with refusal_shown() as refused, write_session() as session:
        password = admin.add_user(session, actor=actor, data=data)
    if not refused:
        st.success(texts.ADMIN_CREATED.format(username=data.username, password=password))


def audit_tab(actor: Actor) -> None:
    with read_session() as session:
        users = admin.list_users(session, actor=actor)
    by_id = {u.id: u.username for u in users}
    cols = st.columns(5)
    user_id = cols[0].selectbox(
        texts.AUDIT_USER,
        [None, *by_id],
        format_func=lambda i: texts.ALL if i is None else by_id[i],
        key="admin-audit-user",
    )
    action = cols[1].selectbox(
        texts.AUDIT_ACTION,
        [None, *AuditAction],
        format_func=lambda a: texts.ALL if a is None else texts.label(a),
        key="admin-audit-action",
    )
    case_id = cols[2].number_input(
        texts.AUDIT_CASE, min_value=0, step=1, value=0, key="admin-audit-case"
    )
    since = cols[3].date_input(
        texts.AUDIT_SINCE, value=None, key="admin-audit-since", format="YYYY-MM-DD"
    )
    until = cols[4].date_input(
        texts.AUDIT_UNTIL, value=None, key="admin-audit-until", format="YYYY-MM-DD"
    )
    with read_session() as session:
        rows, total = audit.search(
            session,
            user_id=user_id,
            action=action,
            case_id=int(case_id) or None,
            since=datetime.combine(since, time.min, LOCAL_ZONE) if since else None,
            until=datetime.combine(until, time.max, LOCAL_ZONE) if until else None,
        )
    st.caption(texts.AUDIT_TOTAL.format(total=total, shown=len(rows)))
    st.dataframe(
        pd.DataFrame(
            {
                texts.AUDIT_TIME: [format_local(r.at) for r in rows],
                texts.AUDIT_USER: [r.username for r in rows],
                texts.AUDIT_ACTION: [texts.label(r.action) for r in rows],
                texts.AUDIT_CASE: [shown(r.case_id) for r in rows],
                texts.AUDIT_TARGET: [shown(r.target) for r in rows],
                texts.AUDIT_DETAIL: [shown(r.detail) for r in rows],
                texts.AUDIT_CLIENT: [client_shown(r.client) for r in rows],
            }
        ),
        hide_index=True,
        key="admin-audit-table",
    )


def shown(value: object) -> str:
    """An audit cell as text: an empty value is an empty cell (the table would say "None")."""
    return "" if value is None else str(value)


def client_shown(client: str | None) -> str:
    """Where the request came from; 不详 when no address was known (stored as "unknown")."""
    return texts.AUDIT_CLIENT_UNKNOWN if client in (None, "", UNKNOWN) else client
