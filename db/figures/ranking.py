"""The units one level down ranked (issue 20): by 化解率 as the plans define it (resolved or
closed ÷ every case found in the period, db.figures.definitions), and by overdue cases. Read
from db.figures.metrics.by_unit (cases anywhere in each unit's subtree)."""

from typing import Literal

import pandas as pd
from sqlmodel import Session

from db.core.actor import Actor
from db.figures.metrics import by_unit
from db.figures.source import MetricFilter

COLUMNS = ["rank", "unit", "registered", "resolved", "open", "overdue", "resolution_rate"]


def unit_ranking(
    session: Session, *, actor: Actor, f: MetricFilter, by: Literal["resolution", "overdue"]
) -> pd.DataFrame:
    """The units one level below the root with cases in the period, best 化解率 first (ties:
    more registered first) or most overdue first (ties: lower 化解率 first); rank from 1, equal
    values sharing a rank."""
    frame = by_unit(session, actor=actor, f=f)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.assign(resolution_rate=frame["rate"])  # by_unit's rate: 化解率
    if by == "resolution":
        frame = frame.sort_values(["resolution_rate", "registered"], ascending=[False, False])
        key = frame["resolution_rate"]
    else:
        frame = frame.sort_values(["overdue", "resolution_rate"], ascending=[False, True])
        key = frame["overdue"]
    frame = frame.assign(rank=key.rank(method="min", ascending=False).astype(int))
    return frame[COLUMNS].reset_index(drop=True)
