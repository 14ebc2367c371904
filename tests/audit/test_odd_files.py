"""Entries of an audited folder that are named like letters but are not files: each is an
error row in every output format, counted in the summary, and none makes the audit wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtus_rules.audit.discover import find_letters
from mtus_rules.audit.sinks import read_rows
from tests.audit.test_sinks import FORMATS
from tests.conftest import DATA

GOOD = DATA / "letters" / "CM16-0229336.txt"
ODD = {
    "broken_link.pdf": "broken symbolic link",
    "fifo.pdf": "not a regular file",
    "folder.pdf": "is a directory, not a file",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    (folder / "broken_link.pdf").symlink_to(tmp_path / "gone.pdf")
    os.mkfifo(folder / "fifo.pdf")
    (folder / "folder.pdf").mkdir()
    (folder / "notes.doc").write_text("not a letter")
    os.mkfifo(folder / "pipe")
    return folder


def test_every_entry_named_like_a_letter_is_found(folder: Path) -> None:
    found = [Path(p).name for p in find_letters([folder])]
    assert found == ["broken_link.pdf", "fifo.pdf", "folder.pdf", "good.txt"]


def test_a_folder_named_like_a_letter_that_holds_letters_gives_its_letters(folder: Path) -> None:
    (folder / "folder.pdf" / "inner.txt").write_bytes(GOOD.read_bytes())
    found = [str(Path(p).relative_to(folder)) for p in find_letters([folder])]
    assert found == ["broken_link.pdf", "fifo.pdf", "folder.pdf/inner.txt", "good.txt"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_entries_are_error_rows_in_every_format_and_counted(folder: Path, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"rows.{fmt}"
    command = [sys.executable, "-m", "mtus_rules", "audit", str(folder), "-o", str(output), "-w", "1"]
    audit = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert audit.returncode == 1, audit.stderr
    errors = {Path(r["file"]).name: r["error"] for r in read_rows(output) if r["error"]}
    assert errors.keys() == ODD.keys()
    for name, message in ODD.items():
        assert message in errors[name], (name, errors[name])
    report = subprocess.run([sys.executable, "-m", "mtus_rules", "report", str(output), "-f", "json"], capture_output=True, text=True, timeout=120)
    summary = json.loads(report.stdout)
    assert (summary["letters"], summary["errors"]) == (4, 3)
