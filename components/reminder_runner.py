"""The app runs the reminders itself (db.reminders), so the embedded default needs no timer:
at most once a minute, in a daemon thread off the request path, when a page is shown. The
database decides which process runs (db.reminders.run.claim); this module only spares a page
view the claim's write when this process tried less than a minute ago. Failures are logged by
remind_if_due, never shown."""

import threading
import time

from db.core.engine import get_engine
from db.reminders.run import EVERY, remind_if_due

ENABLED = True  # the page tests switch it off: their notifications are the ones they make
_lock = threading.Lock()
_last_try = [float("-inf")]  # this process's last try (time.monotonic)


def kick() -> None:
    """Start a run in the background if this process has not tried within the minute."""
    if not ENABLED:
        return
    now = time.monotonic()
    with _lock:
        if now - _last_try[0] < EVERY.total_seconds():
            return
        _last_try[0] = now
    engine = get_engine()
    threading.Thread(target=remind_if_due, args=(engine,), name="dd-remind", daemon=True).start()
