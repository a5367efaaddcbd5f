"""Notifications carried outside the app (issue 21), off by default.

A user chooses in 我的账号 which kinds of notification reach them by mail or through the
office's messaging gateway (choices). `python -m db outbox` then queues each unread
notification of a chosen kind once per channel (queue) and sends the messages that are due,
retrying with a growing pause until DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS and recording every attempt
(send). A message says the kind, the case number with a short title, and a link path: never a
party's name, ID number or phone (message)."""
