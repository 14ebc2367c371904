"""Reading a user's file: bounded, regular files only, every OS failure as an InputError.

A path can name a directory, a FIFO that blocks forever, ``/dev/zero`` that never ends,
or a file larger than memory; none of these may hang or crash the program.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import BinaryIO

from engine.errors import InputError

__all__ = ["read_bytes"]


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError.one(path, None, "is a directory, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise InputError.one(path, None, "not a regular file")
        if status.st_size > max_bytes:
            raise InputError.one(path, None, f"file is too large ({status.st_size:,} bytes; limit {max_bytes:,})")
        with path.open("rb") as handle:
            raw = _read(handle, min(status.st_size, max_bytes), max_bytes)
    except FileNotFoundError:
        raise InputError.one(path, None, _missing(path)) from None
    except PermissionError:
        raise InputError.one(path, None, "permission denied") from None
    except OSError as error:
        raise InputError.one(path, None, f"cannot read: {error.strerror or error}") from None
    except ValueError as error:  # a NUL in the name
        raise InputError.one(path, None, f"invalid file name: {error}") from None
    if len(raw) > max_bytes:  # it grew while we read it
        raise InputError.one(path, None, f"file is too large (more than {max_bytes:,} bytes)")
    return raw


def _read(handle: BinaryIO, size: int, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes: the file's stated size and one more first, since a buffer
    of the limit's size costs more than reading a letter (20 MB set aside for each); the rest
    only for a file that grew, or whose size the system does not state (``/proc``)."""
    raw = handle.read(size + 1)
    if len(raw) > size:
        raw += handle.read(max_bytes + 1 - len(raw))
    return raw


def _missing(path: Path) -> str:
    """Why a path names no file: nothing there, or a link to nothing."""
    try:
        return f"broken symbolic link to {str(path.readlink())!r}"
    except (OSError, ValueError):
        return "no such file"
