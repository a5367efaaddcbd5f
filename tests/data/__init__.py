"""Files the tests read, kept here: no test reads anything from outside the repository.

ledger_qingshi_2026.xlsx: a town's ledger in the offices' Excel layout (青石镇, 40 cases, the
21 columns), generated for the tests: names, ID numbers and phone numbers are made up, with the
form and check digits the import requires.
"""

from pathlib import Path

SAMPLE_LEDGER = Path(__file__).parent / "ledger_qingshi_2026.xlsx"
