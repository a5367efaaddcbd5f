"""Benchmarks run on demand (not part of ./test.sh): `python -m bench.<name> --help`.

See bench/README.md for what each figure means and the figures measured so far."""
