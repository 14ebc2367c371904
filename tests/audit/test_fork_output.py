"""Forked audit workers never write their parent's buffered output a second time."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

_SCRIPT = """
import datetime as dt, io, os, sys
from mtus_rules.audit import worker
from mtus_rules.check.catalog import load_catalog

sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), write_through=False)
sys.stdout.write("buffered in the parent\\n")  # not flushed, as rows can be when a worker is forked
if os.fork() == 0:  # what a forked worker does on start, then on its way out
    worker.adopt_catalog(None, dt.date(2017, 1, 1), 5.0)
    sys.stdout.write("from the worker\\n")
    sys.stdout.flush()
    os._exit(0)
os.wait()
sys.stdout.flush()
"""


def test_a_forked_worker_does_not_repeat_its_parents_buffered_output() -> None:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True)
    assert sorted(done.stdout.splitlines()) == ["buffered in the parent", "from the worker"]
