"""Loaded at start by a bench server's Python (bench.servers.gc_env puts this folder on
PYTHONPATH for the --gc variants of bench.concurrency that need code in the server process):
garbage-collection policies tried without changing the app. Nothing else imports it.

DD_BENCH_GC contains "freeze": on SIGUSR1 (bench.concurrency sends it after the warm-up run,
when the app's modules are imported and its engine is open) a full collection, then
gc.freeze(): every object alive after start-up moves to the permanent generation, which no
collection scans again.
DD_BENCH_GC contains "periodic": a daemon thread runs gc.collect() every DD_BENCH_GC_PERIOD
seconds (60), off the request path (it still holds the GIL while it runs).
"""

import gc
import os
import signal
import threading
import time

MODE = os.environ.get("DD_BENCH_GC", "")


def _freeze(_signum: int, _frame: object) -> None:
    gc.collect()
    gc.freeze()


def _periodic(period: float) -> None:
    while True:
        time.sleep(period)
        gc.collect()


if "freeze" in MODE:
    signal.signal(signal.SIGUSR1, _freeze)
if "periodic" in MODE:
    threading.Thread(
        target=_periodic,
        args=(float(os.environ.get("DD_BENCH_GC_PERIOD", "60")),),
        daemon=True,
        name="bench-gc",
    ).start()
