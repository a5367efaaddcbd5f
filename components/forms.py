"""Form pieces: choice boxes over enumerations and errors shown under their field."""

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
