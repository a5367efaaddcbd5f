"""The PostgreSQL server the benchmarks use (BENCH_POSTGRES, default postgres@127.0.0.1:5432)
and the databases they make there: dd_bench_<n>[_s<seed>] (bench.store), dd_bench_floor
(bench.floor); bench.concurrency makes dd_bench_concurrency."""

import os
import re

import psycopg

PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres@127.0.0.1:5432")
PG_PREFIX = "dd_bench_"


def pg_url(database: str, driver: str = "postgresql+psycopg") -> str:
    return f"{driver}://{PG_SERVER}/{database}"


def pg_admin() -> psycopg.Connection:
    """A connection to the server's postgres database, outside any transaction (CREATE and
    DROP DATABASE need that)."""
    return psycopg.connect(pg_url("postgres", "postgresql"), autocommit=True)


def pg_drop(database: str) -> None:
    with pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def pg_drop_all() -> list[str]:
    """Drop the databases bench.store and bench.floor make (dd_bench_<n>[_s<seed>],
    dd_bench_floor) and no other, even if its name starts the same way."""
    ours = re.compile(rf"{PG_PREFIX}(\d+(_s\d+)?|floor)")
    with pg_admin() as admin:
        names = [
            r[0] for r in admin.execute("SELECT datname FROM pg_database") if ours.fullmatch(r[0])
        ]
    for name in names:
        pg_drop(name)
    return names
