"""The loaded catalog kept on disk, so a check does not parse a hundred YAML files at every start.

A cache file belongs to one rules directory and holds a key: a digest of the contents of every
file in that directory and of this package's code files (which stand for its version, and also
change when the code is edited without a new version), with the Python and pydantic versions. A file
whose key differs is stale and one that does not unpickle to the expected type is corrupt:
either is rebuilt and replaced, never used. Where the cache directory cannot be made or
written (a read-only or missing home) the catalog is simply built each time.

The directory is ``$XDG_CACHE_HOME/mtus-check`` or ``~/.cache/mtus-check``;
``MTUS_CHECK_CACHE=off`` (or ``0``, ``no``) turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pydantic

__all__ = ["cache_dir", "cached"]

T = TypeVar("T")

MAGIC = b"mtus-check catalog cache 1\n"
OFF = {"0", "off", "no", "false"}
_CODE = tuple(Path(__file__).resolve().parents[2] / package for package in ("engine", "mtus_rules"))


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off or there is no home to put it in."""
    if os.environ.get("MTUS_CHECK_CACHE", "").strip().lower() in OFF:
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no password entry
            return None
    return Path(base) / "mtus-check"


def cached(directory: Path, kind: type[T], build: Callable[[Path], T]) -> T:
    """``build(directory)``, or its result from the cache when nothing it was built from changed."""
    folder = cache_dir()
    if folder is None:
        return build(directory)
    file = folder / f"{_name(directory)}.pickle"
    try:
        header = MAGIC + _key(directory).encode() + b"\n"
    except OSError:  # an unreadable file: building says which, as it would without a cache
        return build(directory)
    found = _read(file, header, kind)
    if found is not None:
        return found
    built = build(directory)
    _write(file, header, built)
    return built


def _name(directory: Path) -> str:
    """One file per directory as named: the catalog keeps its files' paths as they were given,
    so a relative name is taken with the working directory it is relative to."""
    named = str(directory) if directory.is_absolute() else f"{os.getcwd()}\0{directory}"
    return hashlib.blake2b(named.encode(), digest_size=12).hexdigest()


def _key(directory: Path) -> str:
    """The rule files by content; the code by name, size and modification time (a tenth of the cost)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for name, path in _files(str(directory)):
        digest.update(f"\0{name}\0".encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    for root in _CODE:
        for name, path in _files(str(root)):
            stat = os.stat(path)
            digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _files(root: str, prefix: str = "") -> list[tuple[str, str]]:
    """(name relative to ``root``, path) of every file under it in a stable order, bytecode
    caches left out (plain strings and ``scandir``: this runs at every start)."""
    with os.scandir(root) as entries:
        ordered = sorted(entries, key=lambda entry: entry.name)
    found = []
    for entry in ordered:
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _files(entry.path, f"{prefix}{entry.name}/")
        else:
            found.append((prefix + entry.name, entry.path))
    return found


def _read(file: Path, header: bytes, kind: type[T]) -> T | None:
    try:
        with open(file, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
                return None  # unpickling runs code: only a file this user alone can have written
            data = handle.read()
    except OSError:
        return None
    if not data.startswith(header):
        return None  # stale, or not ours
    enabled = gc.isenabled()
    gc.disable()  # unpickling makes many objects; collections in between only cost time
    try:
        found = pickle.loads(memoryview(data)[len(header):])
    except Exception:  # a corrupt file can fail in any way unpickling can; it is rebuilt
        return None
    finally:
        if enabled:
            gc.enable()
    return found if isinstance(found, kind) else None


def _write(file: Path, header: bytes, value: object) -> None:
    """Write atomically (rename), so a reader never sees half a file; a failure leaves no cache."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header)
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, file)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # unwritable, or something unpicklable
        return
