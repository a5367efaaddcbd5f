"""The reception register (领导接访下访登记, issue 23): leaders' receptions of the people (接访,
约访, 下访, 带案下访), planned ahead or recorded when held, the cases each concerns (linked by
number, or registered from the reception as 来访), and the monthly report's counts.

The register is about the leaders' work and the disputes, never about the visitors: no function
here takes, filters, searches or groups by a visitor's name or phone (tests/db/test_receptions
checks every public function's parameters), and nothing indexes them."""
