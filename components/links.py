"""In-page links: a Markdown link to "#dd-<target>" that a click turns into a rerun carrying
<target>, in this tab and this session.

Why: a card drawn as a page link, two or three buttons and a caption is five to seven elements,
and a board of 80 cards spent most of its rerun drawing them (issue 22). Drawn as Markdown it is
one element (its box is CSS: components.board_view.card_style). A Markdown link to another page would open a new tab and
a new session, so the links point at "#dd-…" inside the page, and one small component per page
(`listen`) catches their clicks and sends the target back as a one-shot trigger. The targets are
ours (numbers and move names, never user text), and what a target asks for is checked again by
the page and by db/ like any button press. Once listening, the page's <html> carries
data-dd-links="ready"; a click made before that (the page still loading) is taken from the
address's hash when the listener mounts.
"""

import streamlit as st

PREFIX = "#dd-"

_JS = """
export default function (component) {
  const { setTriggerValue, parentElement } = component;
  const doc = parentElement.ownerDocument || document;
  const win = doc.defaultView || window;
  const send = (href) => setTriggerValue("click", href.slice(4));
  const onClick = (event) => {
    const link = event.target.closest ? event.target.closest('a[href^="#dd-"]') : null;
    if (!link) return;
    event.preventDefault();
    send(link.getAttribute("href"));
  };
  doc.addEventListener("click", onClick);
  doc.documentElement.dataset.ddLinks = "ready";
  // A click before this listener was mounted (the page was still loading) only set the
  // address's hash: take it now, once, and clear it.
  if (win.location.hash.startsWith("#dd-")) {
    const early = win.location.hash;
    win.history.replaceState(null, "", win.location.pathname + win.location.search);
    send(early);
  }
  return () => {
    doc.removeEventListener("click", onClick);
    delete doc.documentElement.dataset.ddLinks;
  };
}
"""

_listener = st.components.v2.component("dd_links", js=_JS, isolate_styles=False)


def link(label: str, target: str) -> str:
    """A Markdown link whose click `listen` reports as `target`. `label` must already be safe
    Markdown (user text through components.forms.literal)."""
    return f"[{label}]({PREFIX}{target})"


def listen(key: str) -> str | None:
    """Mount the page's listener; return the target clicked, in the run that click started only.
    Call it once per page, after the links (it draws an empty element)."""
    result = _listener(key=key, on_click_change=lambda: None)
    clicked = result.click
    return clicked if isinstance(clicked, str) else None
