"""整改任务: the rectifications ordered to the user's units; the unit answers each with a note
(and a photo), a supervisor closes it after checking."""

import streamlit as st

from components.rectification_view import rectification_list
from components.session import require_user
from db import texts

actor = require_user("rectifications")
st.title(texts.PAGE_RECTIFICATIONS)
rectification_list(actor, key_prefix="rect")
