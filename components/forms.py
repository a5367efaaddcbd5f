"""Form pieces: choice boxes over enumerations and errors shown under their field."""

import re
from collections.abc import Sequence
from enum import StrEnum

import streamlit as st

from db import texts


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


def field_error(errors: dict[str, str], path: str) -> None:
    """The Chinese message for this field, if the last submit was refused on it."""
    if message := errors.get(path):
        st.error(message, icon=":material/error:")


def show_errors_summary(errors: dict[str, str]) -> None:
    st.error(texts.FORM_HAS_ERRORS.format(count=len(errors)))


_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=^\"'])")


def literal(text: str) -> str:
    """User text for an element that renders Markdown (labels, captions, alerts, headers):
    every ASCII punctuation mark backslash-escaped, so it shows as typed — no emphasis, link,
    image, HTML, icon, colour or formula. Where a plain element fits, use st.text instead."""
    return _MARKUP.sub(r"\\\1", text)
