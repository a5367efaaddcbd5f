"""Files the tests read, kept here: no test reads anything from outside the repository.

ledger_qingshi_2026.xlsx: a town's ledger in the offices' Excel layout (青石镇, 40 cases, the
21 columns), generated for the tests: names are made up, and the ID and phone numbers are
fictitious on their face, so that none can belong to a real person:

- ID numbers (身份证号) have the region code 990000, which is no real place (no province code
  starts with 99; the app checks only the form, the birth date and the GB 11643 check digit, not
  the region). Each keeps a plausible birth date and sex digit (17th); the order code (15th-16th)
  is the lowest from 00 that gives a check digit X in sheet rows 10 and 13 (so that an X is still
  imported) and a digit everywhere else; the check digit is computed by GB 11643.
- Mobile numbers (联系电话) are 1XX0000NNNN: a carrier prefix, 0000, then the case's serial
  (QSZ-2026-0001 has 18700000001).

Every value passes the import's checks: all 40 rows are imported.
"""

from pathlib import Path

SAMPLE_LEDGER = Path(__file__).parent / "ledger_qingshi_2026.xlsx"
