"""我的账号: who I am, changing my own password, and which notifications reach me outside the
app (my work e-mail, the kinds per configured channel)."""

import streamlit as st

from components.outside_choices import outside_choices_form
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
outside_choices_form(actor)
