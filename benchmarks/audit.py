"""Audit throughput: letters per second for text and PDF, by size, workers and engine, with memory.

Beside each PDF run it times the raw text extraction of the same files with pypdfium2 (same
number of processes): the floor an audit cannot beat. The corpus is replicated (symlinks) to
each requested size, so start-up costs are spread as in real use and memory can be compared
across sizes.

    python benchmarks/audit.py                                  # 1,000 letters, 1 and all workers
    python benchmarks/audit.py -n 1000 10000 100000 --kinds txt # archive sizes, text only
    python benchmarks/audit.py -n 1000 --engines local dask     # Dask beside the local engine

Memory is the resident size summed over the audit's whole process tree (Dask's scheduler and
workers included), sampled every 20 ms, so a very short peak can be missed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

_EXTRACT = """
import sys, pathlib, multiprocessing as mp, pypdfium2
def text(path):
    with pypdfium2.PdfDocument(path) as pdf:
        return sum(len(page.get_textpage().get_text_range()) for page in pdf)
if __name__ == "__main__":
    workers, paths = int(sys.argv[1]), sorted(str(p) for p in pathlib.Path(sys.argv[2]).glob("*.pdf"))
    if workers == 1:
        [text(p) for p in paths]
    else:
        with mp.get_context("forkserver").Pool(workers) as pool:
            list(pool.imap(text, paths, chunksize=16))
"""


def replicate(kind: str, n: int, into: Path) -> list[Path]:
    sources = sorted((CORPUS / kind).glob(f"*.{kind}"))
    paths = []
    for i, source in zip(range(n), itertools.cycle(sources)):
        link = into / f"{i:06d}_{source.name}"
        link.symlink_to(source)
        paths.append(link)
    return paths


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak tree RSS (MB) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({process.returncode}): {stderr.decode()[-500:]}")
    return elapsed, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000], help="letters per run (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    parser.add_argument("--kinds", nargs="+", default=["txt", "pdf"], choices=["txt", "pdf"])
    parser.add_argument("--engines", nargs="+", default=["local"], choices=["local", "dask"])
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(f"{'run':<32} {'letters':>8} {'workers':>7} {'seconds':>8} {'letters/s':>10} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            for kind in args.kinds:
                folder = Path(tmp) / f"{kind}-{n}"
                folder.mkdir()
                replicate(kind, n, folder)
                for workers in args.workers:
                    for name, command in _runs(kind, folder, workers, args.engines, Path(tmp)):
                        seconds, peak = timed(command)
                        print(f"{name:<32} {n:>8} {workers:>7} {seconds:>8.2f} {n / seconds:>10.0f} {peak:>8.0f}", flush=True)


def _runs(kind: str, folder: Path, workers: int, engines: list[str], tmp: Path) -> list[tuple[str, list[str]]]:
    runs = []
    for engine in engines:
        output = tmp / f"rows-{engine}.jsonl"
        command = [sys.executable, "-m", "mtus_rules", "audit", str(folder), "--no-disagreements", "--overwrite",
                   "-o", str(output), "-w", str(workers), "--engine", engine]
        runs.append((f"audit {kind} ({engine})", command))
    if kind == "pdf":
        script = tmp / "extract.py"  # a file, not -c: forkserver workers import the script by path
        script.write_text(_EXTRACT)
        runs.append(("raw pypdfium2 text extraction", [sys.executable, str(script), str(workers), str(folder)]))
    return runs


if __name__ == "__main__":
    main()
