"""Reading a user's file within a limit: the whole file, never more than the limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from engine.errors import InputError
from engine.files import _read, read_bytes


@given(st.binary(max_size=64), st.integers(0, 80), st.integers(0, 64))
def test_a_read_gives_the_file_up_to_one_byte_past_the_limit_whatever_size_was_stated(
    content: bytes, stated: int, limit: int
) -> None:
    """The stated size is only where reading starts: a file that grew or states none (``/proc``)
    is read on, up to the limit and one byte more, which tells it is too large."""
    assert _read(io.BytesIO(content), min(stated, limit), limit) == content[: limit + 1]


def test_a_file_that_states_no_size_is_read_whole() -> None:
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc on this system")
    assert status.stat().st_size == 0
    assert b"Name:" in read_bytes(status, 1 << 20)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="too large"):
        read_bytes(path, 10)
    assert read_bytes(path, 11) == b"x" * 11
