"""The inbox (通知, issue 21): notifications made in the transaction of the change that causes
them (db.inbox.notify), read and marked read by their reader (db.inbox.reading). Below db.cases
and db.supervision, which call it; it knows users and units, never the rules of cases."""
