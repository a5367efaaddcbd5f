"""The 五个一 block of a hard case on its page (issue 23): its lead leader, team, plan and
deadline, and the lead leader's check-ins (their records on the case). User text as text."""

import pandas as pd
import streamlit as st

from db import texts
from db.cases.leaders import five_ones
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session


def five_ones_block(actor: Actor, case_id: int) -> None:
    """Nothing for a case that is not a hard one (high risk, urgent or flagged)."""
    with read_session() as session:
        block = five_ones(session, actor=actor, case_id=case_id)
    if block is None:
        return
    rows = texts.FIVE_ONES_ROWS
    missing = texts.FIVE_ONES_MISSING
    values = {
        rows["leader"]: block.leader or missing,
        rows["team"]: block.team or missing,
        rows["plan"]: block.plan or missing,
        rows["deadline"]: block.deadline.isoformat() if block.deadline else missing,
    }
    with st.container(border=True, key="case-five-ones"):
        st.subheader(texts.FIVE_ONES)
        frame = pd.DataFrame(
            {texts.CASE_ITEM: list(values), texts.CASE_VALUE: list(values.values())}
        )
        st.dataframe(frame, hide_index=True, key="case-five-ones-table")
        st.markdown(f"**{rows['checkins']}**")
        if not block.checkins:
            st.caption(texts.FIVE_ONES_NO_CHECKINS)
        for item in block.checkins:
            st.text(f"{format_local(item.held_at)}　{texts.label(item.kind)}　{item.content[:200]}")
