"""The true client address of this session's request (db.accounts.addresses decides).

Streamlit 1.67 serves through uvicorn. `st.context.ip_address` is the peer of the websocket
handshake as uvicorn's scope holds it, and `None` for 127.0.0.1 and ::1 (Streamlit hides the
loopback address) or when there is no request. uvicorn itself replaces that peer by an
X-Forwarded-For entry when the peer is one of FORWARDED_ALLOW_IPS (its default: 127.0.0.1,::1);
./run.sh and the browser tests set FORWARDED_ALLOW_IPS empty, so the peer reaches us as it
connected and DISPUTE_DESK_TRUSTED_PROXIES alone decides (see README, "Sign-in throttling").
"""

import streamlit as st

from db.accounts.addresses import UNKNOWN
from db.accounts.addresses import client_address as true_client
from db.core.settings import trusted_proxies

LOOPBACK = "127.0.0.1"


def client_address() -> str:
    try:
        headers = st.context.headers
        peer = st.context.ip_address
        forwarded = headers.get_all("X-Forwarded-For")
    except Exception:  # no request context
        return UNKNOWN
    if not headers:  # no request (AppTest): nobody connected
        return UNKNOWN
    return true_client(peer or LOOPBACK, forwarded, trusted_proxies())
