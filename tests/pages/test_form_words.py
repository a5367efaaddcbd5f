"""Words on the screen that Streamlit would say in English or as Python: the audit log's empty
cells and unknown clients, the date boxes' format."""

from datetime import date

from db import texts
from db.accounts.addresses import UNKNOWN
from db.clock import local_today
from db.core.validation import EARLIEST_DATE


def test_the_audit_log_shows_empty_cells_and_an_unknown_client_in_chinese(app_as) -> None:
    at = app_as("admin")  # signing in writes an audit row (no case; no address under AppTest)
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    (frame,) = [d.value for d in at.dataframe if texts.AUDIT_CLIENT in d.value.columns]
    assert len(frame) > 0
    cells = [cell for column in frame.columns for cell in frame[column]]
    assert not [c for c in cells if c is None or str(c) in ("None", "nan", UNKNOWN)]
    assert texts.AUDIT_CLIENT_UNKNOWN in set(frame[texts.AUDIT_CLIENT])
    assert "" in set(frame[texts.AUDIT_CASE])  # a sign-in names no case


def test_every_date_box_a_user_fills_shows_year_month_day(app_as) -> None:
    for user, page, past_day_box in (
        ("mediator", "pages/intake.py", "intake-found-on"),
        ("mediator", "pages/reports.py", "reports-submit-day"),
    ):
        at = app_as(user)
        at.switch_page(page).run()
        assert not at.exception, at.exception
        boxes = list(at.date_input)
        assert boxes, page
        for box in boxes:
            assert box.proto.format == "YYYY-MM-DD", (page, box.key)
            # Tomorrow can be typed: db/ refuses it in Chinese, not Streamlit in English.
            assert date.fromisoformat(box.proto.max.replace("/", "-")) > local_today(), box.key
        # The day a thing happened: today in Asia/Shanghai, and any day db/ accepts.
        day = at.date_input(key=past_day_box)
        assert day.value == local_today()
        assert date.fromisoformat(day.proto.min.replace("/", "-")) == EARLIEST_DATE
