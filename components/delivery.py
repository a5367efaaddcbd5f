"""Files and photos for the signed-in session only: what pages use instead of Streamlit's download
button and image elements, whose bytes Streamlit would serve at /media/<hash> to anyone.

A page hands the bytes (or a loader) to db.io.delivery with `download_link` or `photo`, and draws
a plain link or <img> to file/<token>. The route `/file/{token}` (served next to Streamlit by
components/server.py) is thin: it reads the server-side session's token from the request's
sign-in cookie (components.cookie.decode, as the gate does) and lets db.io.delivery decide;
anything but a valid request gets an empty 404.
"""

import html
from urllib.parse import quote

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response

from components import cookie
from components import session as gate
from components.refusals import refusal_shown
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.io.delivery import PATH, STORE, Loader, Offer, deliver
from db.supervision import photos

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINK_STYLE = """<style>
a.dd-download { display: inline-block; padding: 0.35rem 0.8rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.3); text-decoration: none; color: inherit; }
a.dd-download:hover { border-color: #b22222; color: #b22222; }
</style>"""


def session_id() -> str:
    ctx = st.runtime.scriptrunner.get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def _put(
    actor: Actor, offer: Offer, *, data: bytes | None, loader: Loader | None, slot: str | None
) -> str:
    return STORE.put(
        session_id=session_id(),
        actor=actor,
        sign_in_token=st.session_state.get(gate.TOKEN) or "",
        offer=offer,
        data=data,
        loader=loader,
        slot=slot,
    )


def download_link(
    actor: Actor,
    label: str,
    *,
    key: str,
    offer: Offer,
    data: bytes | None = None,
    loader: Loader | None = None,
) -> str:
    """A download link for this session only, in a container with `key` (CSS class
    st-key-<key>); the link itself has class dd-download. Returns the token."""
    with refusal_shown() as refused:  # too large for one session
        token = _put(actor, offer, data=data, loader=loader, slot=key)
    if refused:
        return ""
    with st.container(key=key):
        st.html(
            LINK_STYLE + f'<a class="dd-download" href="{PATH}/{token}" '
            f'download="{html.escape(offer.file_name)}">{html.escape(label)}</a>'
        )
        st.caption(texts.DELIVERY_LINK_HINT)
    return token


def photo(actor: Actor, photo_id: int, *, width: int = 160) -> None:
    """A stored photo as an <img> for this session; read (with the reader's scope check,
    db.supervision.photos.photo_bytes) only when the browser fetches it."""

    def load(session, reader: Actor) -> bytes:  # type: ignore[no-untyped-def]
        return photos.photo_bytes(session, actor=reader, photo_id=photo_id)

    offer = Offer(what=f"photo:{photo_id}", file_name=f"photo-{photo_id}", mime="", audited=False)
    token = _put(actor, offer, data=None, loader=load, slot=f"photo-{photo_id}")
    st.html(f'<img class="dd-photo" src="{PATH}/{token}" width="{width}" alt="">')


# --- the web side -------------------------------------------------------------------------


def session_active(session_id: str) -> bool:
    """The Streamlit session is connected to this process's runtime."""
    from streamlit.runtime import Runtime

    try:
        return Runtime.instance().is_active_session(session_id)
    except RuntimeError:  # no runtime in this process
        return False


def content_disposition(file_name: str, *, inline: bool = False) -> str:
    """`attachment` with an ASCII fallback name and the real one in RFC 5987 form (Chinese)."""
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in file_name
    )
    kind = "inline" if inline else "attachment"
    return (
        f"{kind}; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(file_name, safe='')}"
    )


def _nothing() -> Response:
    return Response(status_code=404, headers={"Cache-Control": "no-store"})


def fetch(request: Request) -> Response:
    """GET /file/{token}: the bytes for the session and user they were offered to, or 404."""
    token = str(request.path_params.get("token", ""))
    entry = STORE.get(token)
    if entry is None or request.method != "GET":  # a HEAD would be audited as a delivery
        return _nothing()
    client = request.client.host if request.client else "unknown"
    cookie_token = cookie.decode(request.cookies.get(cookie.COOKIE_NAME))
    opened = write_session() if entry.offer.audited else read_session()
    with opened as session:
        delivered = deliver(
            session,
            STORE,
            token,
            cookie_token=cookie_token,
            client=client,
            session_active=session_active,
        )
    if delivered is None:
        return _nothing()
    inline = not delivered.mime  # a photo: its type read from its content, shown in the page
    try:
        mime = delivered.mime or photos.check_image(delivered.data)[0]
    except Refused:  # a stored photo no longer readable as one
        return _nothing()
    return Response(
        delivered.data,
        media_type=mime,
        headers={
            "Content-Disposition": content_disposition(delivered.file_name, inline=inline),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
