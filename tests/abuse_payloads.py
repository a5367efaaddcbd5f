"""The hostile and awkward inputs of the abuse suite (issue 9), shared by its three parts:

- tests/db/test_abuse.py — every entry point that stores text or numbers (the intake form's
  fields, the case moves' text fields, the inspection page's team and notes, rectification
  answers, the account password, the login, the ledger search, the Excel import's cells, ids
  from URLs, another unit's case), on SQLite and PostgreSQL;
- tests/pages/test_abuse.py — the pages (AppTest, SQLite): the intake form with each refused
  kind, the case page and the inspection page showing stored payloads, their ?id= parameter;
- tests/browser/test_abuse_journey.py — Chromium: a case registered with XSS, Markdown and rare
  CJK payloads, read back on the case page and in the ledger with no dialog and no injected
  element; forged, expired and garbage sign-in cookies.

What each kind must give:

- KEPT payloads are stored and shown exactly as typed (compared code point by code point), as
  text: no HTML, no Markdown, no clickable javascript: link.
- RTL (bidirectional override/embedding/isolate controls) are removed on the way in: invisible,
  they make a text show in another order than it is stored. Decision documented in
  db/core/validation.py (clean_text). Passwords are the exception: checked exactly as typed.
- CONTROL characters (NUL, BEL, ESC...) are refused with a Chinese message under the field:
  PostgreSQL cannot store NUL at all (it would be an error page, not a message).
- HUGE (1 MB) text is refused with the field's length limit, also where the browser's
  max_chars would have stopped it (the rules in db/ do not trust the browser).
"""

KEPT: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "markdown-link": "**bold** [link](javascript:alert(1))",
    "markdown-image": "![x](http://evil/x.png)",
    "javascript-url": "javascript:alert(document.cookie)",
    "sql": "'; DROP TABLE cases; --",
    "emoji": "👨‍👩‍👧‍👦 🏳️‍🌈",
    "rare-cjk": "𠮷野家的𰻞𰻞面",
}
ALL_KEPT = " ".join(KEPT.values())  # 190 characters: every kept payload in one text

RTL = "欠款\u202e0021\u202c元"  # shown reversed if kept; stored as 欠款0021元
RTL_STORED = "欠款0021元"
CONTROL = "张三\x00李四"
OTHER_CONTROLS = ("\x07", "\x1b[31m", "\x7f", "\x85")
HUGE = "纠" * 1_000_000  # 1 MB of text (3 MB in UTF-8)

# Forms keep each line's text; these must not be refused (tab and new lines are text).
ORDINARY_WHITESPACE = "第一行\n第二行\t（附表）\r\n第三行"
