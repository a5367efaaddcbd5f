"""我的账号: who I am, and changing my own password."""

import streamlit as st

from components.session import password_change_form, require_user
from db import texts

actor = require_user("account")
st.title(texts.PAGE_ACCOUNT)
st.text(
    texts.SIGNED_IN_AS.format(
        name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
    )
)
st.subheader(texts.PASSWORD_SUBMIT)
password_change_form(actor, key_prefix="account-password")
