"""The one place pages and components catch what the user is told instead of what they asked
for: a Refused (the rules or the input say no) or a StorageError (the database could not take
the work), both with a Chinese message (db.core.errors). Anything else, a ValueError included,
is a programming error and is not caught here."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from db.core.errors import Refused, StorageError


@dataclass
class Outcome:
    """What the block was refused with; false when it ran to its end."""

    error: Refused | StorageError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextmanager
def refusal_shown(
    *, stop: bool = False, show: Callable[[str], object] | None = None
) -> Iterator[Outcome]:
    """Run the block; on a refusal show its message (st.error unless `show` says otherwise) and
    go on after the block, or end the script run with `stop`. The caller reads the outcome:

        with refusal_shown() as refused:
            with write_session() as session:
                service(session, ...)
        if refused:
            return
    """
    outcome = Outcome()
    try:
        yield outcome
    except (Refused, StorageError) as error:
        outcome.error = error
        (show or st.error)(str(error))
        if stop:
            st.stop()
