"""Audit throughput: letters per second for text and PDF, by size, workers and engine, with memory.

Beside each run it times its floor on the same files in the same number of processes: for
PDF the raw text extraction with pypdfium2, for text reading each file and one regex pass
over its words; then it prints each audit's time over its floor, and the speed-up of the most
workers over one beside the most it could be (Amdahl's bound: the start-up before the first
worker is not shared out). The corpus is replicated (symlinks) to each requested size, so
start-up costs are spread as in real use and memory can be compared across sizes.

    python benchmarks/audit.py                                  # 1,000 letters, 1 and all workers
    python benchmarks/audit.py -n 1000 10000 100000 --kinds txt # archive sizes, text only
    python benchmarks/audit.py -n 1000 --engines local dask     # Dask beside the local engine

Memory is the resident size summed over the audit's whole process tree (Dask's scheduler and
workers included), CPU the user + system time of that tree and of the main process alone,
all sampled every 20 ms, so a very short peak (or a process's last 20 ms) can be missed.
On a shared machine the seconds measure the other users too; "free s" estimates them on
free cores from the CPU figures: the main process alone until it starts workers, then the
rest shared out over the workers, never faster than the busiest one.
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
from typing import NamedTuple

from bytecode import compile_package

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

_FLOOR = """
import sys, pathlib, multiprocessing as mp, re, pypdfium2
WORK
if __name__ == "__main__":
    workers, paths = int(sys.argv[1]), sorted(str(p) for p in pathlib.Path(sys.argv[2]).glob("*.KIND"))
    if workers == 1:
        [work(p) for p in paths]
    else:
        with mp.get_context("forkserver").Pool(workers) as pool:
            list(pool.imap(work, paths, chunksize=16))
"""
_FLOORS = {"pdf": "raw pypdfium2 text extraction", "txt": "regex pass over the text"}
_EXTRACT = """
def work(path):
    with pypdfium2.PdfDocument(path) as pdf:
        return sum(len(page.get_textpage().get_text_range()) for page in pdf)
"""
_REGEX = """
WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
def work(path):
    return len(WORDS.findall(pathlib.Path(path).read_text(encoding="utf-8").lower()))
"""


def replicate(kind: str, n: int, into: Path) -> list[Path]:
    sources = sorted((CORPUS / kind).glob(f"*.{kind}"))
    paths = []
    for i, source in zip(range(n), itertools.cycle(sources)):
        link = into / f"{i:06d}_{source.name}"
        link.symlink_to(source)
        paths.append(link)
    return paths


def tree(pid: int) -> list[int]:
    """A process and all its descendants (forkserver workers are its grandchildren), from /proc."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cpu(pid: int) -> float:
    """User + system seconds a process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run(NamedTuple):
    seconds: float  # wall
    peak: float  # MB, the whole process tree
    cpu: float  # seconds, the whole process tree
    main: float  # CPU seconds of the main process
    free: float  # the seconds on free cores (see ``free_cores``)
    serial: float  # CPU seconds of the main process before its first child: start-up no worker shares


def timed(command: list[str], workers: int) -> Run:
    """One run of ``command`` with the figures of ``Run``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    seen: dict[int, float] = {}  # CPU of each process of the tree when last sampled
    serial: float | None = None  # the main process's CPU when its first child appeared
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, serial
        while not done.is_set():
            total = 0
            for pid in tree(process.pid):
                try:
                    total += rss(pid)
                    seen[pid] = cpu(pid)
                except (FileNotFoundError, ProcessLookupError, ValueError):
                    continue
            if serial is None and len(seen) > 1:
                serial = seen.get(process.pid, 0.0)
            peak = max(peak, total)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({process.returncode}): {stderr.decode()[-500:]}")
    main = seen.get(process.pid, 0.0)
    serial = main if serial is None else serial
    return Run(elapsed, peak / 2**20, sum(seen.values()), main, free_cores(seen, process.pid, serial, workers), serial)


def free_cores(seen: dict[int, float], main: int, serial: float, workers: int) -> float:
    """Seconds on ``workers`` free cores: the main process's start (until its first child)
    runs alone, then the rest of the CPU is shared out, never faster than the busiest child."""
    children = [seconds for pid, seconds in seen.items() if pid != main]
    rest = sum(seen.values()) - serial
    return serial + max([rest / workers, *children])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000], help="letters per run (default 1,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    parser.add_argument("--kinds", nargs="+", default=["txt", "pdf"], choices=["txt", "pdf"])
    parser.add_argument("--engines", nargs="+", default=["local"], choices=["local", "dask"])
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    compile_package()
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}; load {os.getloadavg()[0]:.1f} at the start")
    columns = f"{'seconds':>8} {'letters/s':>10} {'CPU s':>7} {'main CPU':>8} {'free s':>7} {'peak MB':>8}"
    print(f"{'run':<32} {'letters':>8} {'workers':>7} {columns}")
    results: dict[tuple[str, int, int], Run] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            for kind in args.kinds:
                folder = Path(tmp) / f"{kind}-{n}"
                folder.mkdir()
                replicate(kind, n, folder)
                for workers in args.workers:
                    for name, command in _runs(kind, folder, workers, args.engines, Path(tmp)):
                        run = results[name, n, workers] = timed(command, workers)
                        figures = (f"{run.seconds:>8.2f} {n / run.seconds:>10.0f} {run.cpu:>7.2f} {run.main:>8.2f} "
                                   f"{run.free:>7.2f} {run.peak:>8.0f}")
                        print(f"{name:<32} {n:>8} {workers:>7} {figures}", flush=True)
    _ratios(results, args.workers)
    print("CPU s: the whole process tree (workers included); main CPU: the process started; free s: the seconds on")
    print("free cores, from the CPU figures (see free_cores), for a machine others are using. All sampled every 20 ms.")


def _ratios(results: dict[tuple[str, int, int], Run], workers: list[int]) -> None:
    """Each audit beside its floor (same letters, same processes), and the most workers beside one."""
    for (name, n, count), run in results.items():
        if not name.startswith("audit"):
            continue
        kind = name.split()[1]
        floor_name = _FLOORS[kind]
        floor = results.get((floor_name, n, count))
        if floor is not None:
            print(f"{name} / {floor_name}, {n} letters, {count} workers: {run.seconds / floor.seconds:.2f}x the time; "
                  f"on free cores {run.free / floor.free:.2f}x")
        one = results.get((name, n, 1))
        if count == max(workers) and count > 1 and one is not None:
            print(f"{name}, {n} letters: {count} workers {one.seconds / run.seconds:.2f}x as fast as 1; "
                  f"on free cores {one.free / run.free:.2f}x, {n / run.free:.0f} letters/s; "
                  f"at most {_scaling_cap(one.seconds, run.serial, count):.2f}x after its {run.serial:.2f} s of serial start-up")


def _scaling_cap(one: float, serial: float, workers: int) -> float:
    """Amdahl's bound on the speed-up over one worker: the start-up before the first worker
    runs alone in both runs, and only the rest is shared out over ``workers``."""
    return one / (serial + (one - serial) / workers)


def _runs(kind: str, folder: Path, workers: int, engines: list[str], tmp: Path) -> list[tuple[str, list[str]]]:
    runs = []
    for engine in engines:
        output = tmp / f"rows-{engine}.jsonl"
        command = [sys.executable, "-m", "mtus_rules", "audit", str(folder), "--no-disagreements", "--overwrite",
                   "-o", str(output), "-w", str(workers), "--engine", engine]
        runs.append((f"audit {kind} ({engine})", command))
    script = tmp / f"floor-{kind}.py"  # a file, not -c: forkserver workers import the script by path
    script.write_text(_FLOOR.replace("KIND", kind).replace("WORK", _EXTRACT if kind == "pdf" else _REGEX))
    runs.append((_FLOORS[kind], [sys.executable, str(script), str(workers), str(folder)]))
    return runs


if __name__ == "__main__":
    main()
