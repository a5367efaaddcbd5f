"""The life of a case: registering (numbering, duplicates), the lifecycle's rules and guards, the moves and other actions, the ledger, search, the board and one person's work."""
