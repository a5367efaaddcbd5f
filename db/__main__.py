"""python -m db: the operators' commands (db.cli.main)."""

import sys

from db.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
