"""The time-driven notifications (issue 21): `python -m db remind`, run by cron or a systemd
timer, and by the app at most once a minute (db.reminders.jobs). Each kind is one statement
over an index (db.reminders.passes), inserting only the rows not yet there (dedupe_key), and
each pass commits alone (db.reminders.run): run twice, or again after a crash, nobody is told
twice and nothing is lost."""
