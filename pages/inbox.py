"""通知: the reader's notifications, unread first, by kind; each line opens its case."""

import streamlit as st

from components.inbox_view import inbox_list
from components.session import require_user
from db import texts

actor = require_user("inbox")
st.title(texts.PAGE_INBOX)
inbox_list(actor, key_prefix="inbox")
