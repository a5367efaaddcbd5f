"""Form pieces: choice boxes over enumerations and errors shown under their field."""

import json
import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from db import texts
from db.clock import local_today
from db.core.validation import EARLIEST_DATE


def choice(
    label: str,
    options: Sequence[StrEnum],
    *,
    key: str,
    horizontal: bool = False,
    radio: bool = False,
) -> StrEnum:
    """A select box (or radio) over codes, showing their Chinese labels."""
    if radio:
        return st.radio(label, options, format_func=texts.label, key=key, horizontal=horizontal)
    return st.selectbox(label, options, format_func=texts.label, key=key)


def long_text(label: str, *, limit: int, key: str, **options: object) -> str:
    """A text area taking at most `limit` characters (db/'s max_length for the field, see
    db.core.validation.max_chars), with the limit said in its help."""
    return st.text_area(
        label, key=key, max_chars=limit, help=texts.V_LIMIT_HELP.format(max=limit), **options
    )


def past_day(
    label: str, *, key: str, value: date | None = None, where: DeltaGenerator | None = None
) -> date:
    """A box for the day something happened: YYYY-MM-DD, today in Asia/Shanghai by default,
    any day db/ accepts from its earliest on. No max_value: a future day is refused by db/ in
    Chinese, where Streamlit's range check speaks English. (Streamlit bounds every date box, at
    ten years either side of its value when not told: a day past those still gets the English.)"""
    return (where or st).date_input(
        label,
        value=value or local_today(),
        min_value=EARLIEST_DATE,
        key=key,
        format="YYYY-MM-DD",
    )


def kept_open(label: str, *, key: str, expanded: bool = False):  # type: ignore[no-untyped-def]
    """An expander that stays as the user left it when the page runs again. An untracked one
    folds whenever it is drawn anew (a message above it, a changed `expanded`), and the file
    made or the upload previewed inside seems to vanish; this one keeps its state under `key`
    (opening it runs the page once, as any widget does)."""
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


def field_error(errors: dict[str, str], path: str, *, limit: int | None = None) -> None:
    """The Chinese message for this field, if the last submit was refused on it. A long text
    box (`limit`) found empty may have lost a paste past the limit: the message says so."""
    if message := errors.get(path):
        if limit is not None and message == texts.V_REQUIRED:
            message = texts.V_REQUIRED_LONG.format(max=limit)
        st.error(message, icon=":material/error:")


def show_errors_summary(errors: dict[str, str]) -> None:
    st.error(texts.FORM_HAS_ERRORS.format(count=len(errors)))


_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=^\"'])")


def literal(text: str) -> str:
    """User text for an element that renders Markdown (labels, captions, alerts, headers):
    every ASCII punctuation mark backslash-escaped, so it shows as typed — no emphasis, link,
    image, HTML, icon, colour or formula. Where a plain element fits, use st.text instead."""
    return _MARKUP.sub(r"\\\1", text)


def bring_into_view(key: str) -> None:
    """Scroll the page so the container with `key` is on the screen: a rerun keeps the scroll
    position, so a message drawn at the top of a long form stays above a phone's screen (the
    user scrolled down to the submit button). The key is ours, never user text."""
    selector = json.dumps(f".st-key-{key}")
    st.html(
        f"<script>document.querySelector({selector})"
        '?.scrollIntoView({block: "center"});</script>',
        unsafe_allow_javascript=True,
    )
