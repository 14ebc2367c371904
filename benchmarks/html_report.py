"""The HTML report of a large audit: seconds and page size from 100,000 rows, by format.

The rows of an audit of the dev letters (or the test letters when the corpus is absent) are
replicated to ``-n`` rows under distinct file names, written as JSONL and DuckDB (and
Parquet with ``--formats``), and ``mtus-check report ROWS --html`` is timed on each, with
its peak resident memory. The page lists only the first disagreements, so its size should
stay flat however many rows there are.

    python benchmarks/html_report.py                  # 100,000 rows, JSONL and DuckDB
    python benchmarks/html_report.py -n 10000 100000 --formats jsonl parquet duckdb
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mtus_rules.audit.sinks import open_output, read_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "txt"
LETTERS = CORPUS if CORPUS.is_dir() else ROOT / "tests" / "data" / "letters"


def source_rows(folder: Path) -> list[dict]:
    rows = folder / "source.jsonl"
    command = [sys.executable, "-m", "mtus_rules", "audit", str(LETTERS), "-o", str(rows), "--no-disagreements"]
    subprocess.run(command, check=True, capture_output=True)
    return list(read_rows(rows))


def replicate(rows: list[dict], n: int, path: Path) -> None:
    """``n`` rows: copies of whole letters, each copy under its own file name."""
    letters = [list(group) for _, group in itertools.groupby(rows, key=lambda row: row["file"])]
    output, written = open_output(path, resume=False), 0
    for copy in itertools.count():
        for letter in letters:
            if written >= n:
                output.close()
                return
            output.write([{**row, "file": f"{copy:06d}/{row['file']}"} for row in letter])
            written += len(letter)


def timed_report(rows: Path, page: Path) -> tuple[float, int]:
    """Seconds and peak resident kilobytes of ``mtus-check report ROWS --html PAGE``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mtus_rules", "report", str(rows), "--html", str(page), "--no-disagreements"], check=True, capture_output=True)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[100_000], help="rows to replicate to")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "duckdb"], choices=["jsonl", "csv", "parquet", "duckdb"])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = source_rows(folder)
        print(f"source: {len(rows)} rows from {LETTERS}")
        for n, fmt in itertools.product(arguments.n, arguments.formats):
            path, page = folder / f"rows-{n}.{fmt}", folder / f"report-{n}-{fmt}.html"
            replicate(rows, n, path)
            seconds, peak = timed_report(path, page)
            print(f"{n:>7} rows {fmt:>7}: report --html {seconds:5.1f} s, page {page.stat().st_size / 1e6:.2f} MB, "
                  f"rows file {path.stat().st_size / 1e6:.1f} MB, peak RSS so far {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
