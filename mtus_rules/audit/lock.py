"""One writer per audit output: an exclusive lock on a file beside it, held for the whole run.

Two audits writing one output would interleave or duplicate rows (JSONL, CSV) or tear
each other's part files (Parquet), so the second is refused before it touches anything.
The lock is ``flock`` on ``<output>.lock``: the kernel releases it when the holder exits,
however it exits (a ``kill -9`` included), so a crash never leaves an output locked. The
file is removed on release; a writer that locked a file another one removed meanwhile
locks again, so two writers never hold locks on two different files of one name.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from engine.errors import InputError

__all__ = ["OutputLock"]


class OutputLock:
    """Held from ``acquire`` to ``release``; a second holder gets an InputError."""

    def __init__(self, output: Path):
        self.output = output
        self.path = output.with_name(output.name + ".lock")
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode(errors="replace").strip()
                os.close(fd)
                raise InputError.one(self.output, None, _refusal(holder)) from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # its holder removed it as we opened it: lock the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self.fd)
        self.fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _refusal(holder: str) -> str:
    by = f"another audit (process {holder})" if holder.isdigit() else "another audit"
    return f"is being written by {by}; wait for it to finish or choose another --output"
