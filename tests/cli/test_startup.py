"""A case check starts with only what it needs: none of the audit's modules or libraries.

Measured in a fresh interpreter, since the test process itself has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import DATA, EXAMPLES, ROOT

AUDIT_ONLY = ("mtus_rules.audit", "mtus_rules.letters", "mtus_rules.authoring", "pebble", "pyarrow", "duckdb", "dask", "distributed", "pypdfium2")

_PROBE = """
import json, sys
from mtus_rules.cli import run
sys.argv = ["mtus-check", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_of(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_a_case_check_imports_nothing_of_the_audit() -> None:
    loaded = modules_of(str(EXAMPLES / "seed-000-clonazepam.yaml"))
    assert "mtus_rules.check.judge" in loaded  # the probe did run a check
    assert [name for name in loaded if name.startswith(AUDIT_ONLY)] == []


def test_help_imports_nothing_of_the_audit() -> None:
    loaded = modules_of("--help")
    assert [name for name in loaded if name.startswith(AUDIT_ONLY)] == []


def test_a_one_worker_text_audit_starts_no_pool() -> None:
    """A one-worker audit reads its letters in this process: neither the pool nor the PDF library loads."""
    loaded = modules_of("audit", str(DATA / "letters" / "CM16-0229336.txt"), "-w", "1", "-f", "jsonl")
    assert "mtus_rules.audit.rows" in loaded  # the probe did run an audit
    assert [name for name in loaded if name.startswith(("pebble", "mtus_rules.audit.pool", "pypdfium2"))] == []
