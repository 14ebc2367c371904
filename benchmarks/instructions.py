"""Instructions per letter, counted by valgrind's callgrind: a figure a busy machine cannot move.

On a shared machine the same commit's CPU per letter has been measured at 1.98 and 3.18 ms
an hour apart; seconds cannot tell a 5% change from the neighbours. Callgrind counts the
instructions the interpreter executes, the same for the same code, input and hash seed.
Each kind is run twice under callgrind, auditing the dev letters 0 and ``--rounds`` times
after the same start-up and warm-up, so the difference is the letters' own work.

    python benchmarks/instructions.py                 # txt and pdf, 1 round (about 5 minutes)
    python benchmarks/instructions.py --kinds txt     # text only

Needs valgrind (Debian: valgrind). Under callgrind Python runs ~50x slower; the counts
include pypdfium2's C code for PDF letters, so a PDF figure is extraction plus analysis; it is
printed beside the count of raw pypdfium2 extraction of the same files (audit.py's floor).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from audit import CORPUS, _EXTRACT
from bytecode import compile_package

ROOT = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected : (\d+)")

_AUDIT = """
import datetime as dt, gc, sys
from pathlib import Path
from mtus_rules.audit.rows import audit_letter
from mtus_rules.check.catalog import load_catalog
catalog = load_catalog(None)
gc.freeze()
paths = sorted(Path(sys.argv[1]).glob("*." + sys.argv[2]))
today = dt.date(2026, 1, 1)
audit_letter(catalog, paths[0], today)  # warm: durable-rules host, lazy imports
for _ in range(int(sys.argv[3])):
    for path in paths:
        audit_letter(catalog, path, today)
"""
_RAW = """
import sys, pypdfium2
from pathlib import Path
""" + _EXTRACT + """
paths = sorted(str(path) for path in Path(sys.argv[1]).glob("*." + sys.argv[2]))
for _ in range(int(sys.argv[3])):
    for path in paths:
        work(path)
"""  # audit.py's floor, the same work function


def instructions(script: str, kind: str, rounds: int) -> int:
    """Instructions of one callgrind run of ``script`` over the dev letters of ``kind``, ``rounds`` times."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, "-c", script, str(CORPUS / kind), kind, str(rounds)]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}  # set and dict order, hence the count, fixed
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"callgrind run failed ({done.returncode}): {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=["txt", "pdf"], choices=["txt", "pdf"])
    parser.add_argument("--rounds", type=int, default=1, help="audits of the letters in the measured run")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind not found (Debian: apt-get install valgrind)")
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    compile_package()
    for kind in args.kinds:
        letters = len(list((CORPUS / kind).glob(f"*.{kind}")))
        base, measured = instructions(_AUDIT, kind, 0), instructions(_AUDIT, kind, args.rounds)
        per_letter = (measured - base) / (letters * args.rounds)
        print(f"{kind}: {per_letter / 1e6:.2f} M instructions per letter ({letters} letters x {args.rounds}); "
              f"start-up and warm-up {base / 1e6:.0f} M", flush=True)
        if kind == "pdf":
            floor = (instructions(_RAW, kind, args.rounds) - instructions(_RAW, kind, 0)) / (letters * args.rounds)
            print(f"pdf: raw pypdfium2 extraction {floor / 1e6:.2f} M per letter; the audit's letters are "
                  f"{per_letter / floor:.2f}x its instructions", flush=True)


if __name__ == "__main__":
    main()
