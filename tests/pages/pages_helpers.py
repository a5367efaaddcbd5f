"""Small helpers shared by the page tests."""

from datetime import date

from db.clock import local_today
from db.figures.metrics import MetricFilter


def year_filter() -> MetricFilter:
    """The dashboard's default period: this year up to today."""
    today = local_today()
    return MetricFilter(start=date(today.year, 1, 1), end=today)


def offered_file(at, key: str):  # type: ignore[no-untyped-def]
    """What the page offers for download under the link in container `key`: the entry of
    db.io.delivery.STORE its link names. The page itself holds only a link to file/<token>,
    never the bytes (no st.download_button: Streamlit would serve those at /media/ to anyone)."""
    from db.io.delivery import STORE

    assert not at.get("download_button"), "a file offered through Streamlit's media store"
    bodies = [h.proto.body for h in at.get("html") if 'class="dd-download"' in h.proto.body]
    tokens = [b.split('href="file/', 1)[1].split('"', 1)[0] for b in bodies]
    entries = [e for e in map(STORE.get, tokens) if e is not None and e.slot == key]
    assert len(entries) == 1, f"no single link for {key}: {bodies}"
    return entries[0]


def link_labels(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible words of the download links on the page."""
    bodies = [h.proto.body for h in at.get("html") if 'class="dd-download"' in h.proto.body]
    return [b.rsplit("</a>", 1)[0].rsplit(">", 1)[1] for b in bodies]


def in_page_links(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The targets of the in-page links (components.links) the Markdown on the page holds."""
    from components.links import PREFIX

    found: list[str] = []
    for markdown in at.markdown:
        found += [part.split(")", 1)[0] for part in markdown.value.split(f"]({PREFIX}")[1:]]
    return found


def click_in_page_link(at, target: str, *, key: str):  # type: ignore[no-untyped-def]
    """Click an in-page link as the browser does: its listener (components.links, mounted under
    `key`) sends the target as a one-shot trigger with the next run. The link must be on the
    page, as a user can only click what is drawn."""
    import json

    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    assert target in in_page_links(at), (target, in_page_links(at))
    (listener,) = [e for e in at.get("bidi_component") if e.proto.id.endswith(f"-{key}")]
    states = at._tree.get_widget_states()
    fresh = WidgetStates()
    fresh.widgets.extend(states.widgets)
    trigger = fresh.widgets.add()
    trigger.id = _make_trigger_id(listener.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "click", "value": target}])
    at._run(fresh)
    # A click that opened another page (st.switch_page) leaves the app there, as the browser's
    # address does; AppTest would otherwise run the page last asked with at.switch_page again.
    at._page_hash = ""
    return at
