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
