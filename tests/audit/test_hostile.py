"""Hostile input through the whole audit: each bad file is one error row, promptly, and the
good letters around it keep their rows."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mtus_rules.audit.rows import audit_letter
from mtus_rules.check.catalog import Catalog
from mtus_rules.audit.local import audit
from tests.conftest import DATA

LETTERS = DATA / "letters"
GOOD = LETTERS / "CM16-0229336.txt"


def _letter_text() -> str:
    return GOOD.read_text()


def make_hostile(folder: Path) -> dict[str, str | None]:
    """Files named for what is wrong with them; the value is the expected error (None: it reads)."""
    real_pdf = (LETTERS / "CM16-0229336.pdf").read_bytes()
    text = _letter_text()
    summary_start, issues = text.index("CLINICAL CASE SUMMARY"), text.index("IMR ISSUES")
    items = text[text.index("Acute inpatient") :]
    files: dict[str, tuple[bytes, str | None]] = {
        "01_zero_bytes.pdf": (b"", "file is empty"),
        "02_zero_bytes.txt": (b"", "file is empty"),
        "03_truncated.pdf": (real_pdf[:1500], "damaged"),
        "04_garbage.pdf": (os.urandom(4000), "not a PDF"),
        "05_garbage_with_header.pdf": (b"%PDF-1.7\n" + os.urandom(4000), "damaged"),
        "06_utf16.txt": (text.encode("utf-16"), None),
        "07_cp1252.txt": (text.replace("left foot", "left foot \u2013 café", 1).encode("cp1252"), None),
        "08_no_summary.txt": ((text[:summary_start] + text[issues:]).encode(), None),
        "09_no_decisions.txt": (text[:issues].encode(), "no \"IMR ISSUES, DECISIONS AND RATIONALES\" section"),
        "10_duplicated_sections.txt": ((text + "\n" + text[summary_start:]).encode(), None),
        "11_fifty_items.txt": ((text[:issues] + "IMR ISSUES, DECISIONS AND RATIONALES\n" + items * 50).encode(), None),
        "12_binary.txt": (bytes(range(256)) * 20, "not an IMR determination letter"),
    }
    expected: dict[str, str | None] = {}
    for name, (content, error) in files.items():
        (folder / name).write_bytes(content)
        expected[name] = error
    image_only = pypdfium2.PdfDocument.new()
    image_only.new_page(612, 792)
    image_only.save(folder / "13_image_only.pdf")
    image_only.close()
    expected["13_image_only.pdf"] = "no text"
    long = pypdfium2.PdfDocument.new()
    source = pypdfium2.PdfDocument(LETTERS / "CM16-0229336.pdf")
    long.import_pages(source, list(range(len(source))) * 100)
    long.save(folder / "14_two_hundred_pages.pdf")
    long.close()
    source.close()
    expected["14_two_hundred_pages.pdf"] = None
    (folder / "15_directory.pdf").mkdir()
    expected["15_directory.pdf"] = "is a directory"
    os.mkfifo(folder / "16_fifo.txt")
    expected["16_fifo.txt"] = "not a regular file"
    return expected


def test_every_hostile_file_is_a_prompt_error_row_or_a_letter(tmp_path: Path) -> None:
    expected = make_hostile(tmp_path)
    paths = [GOOD, *(tmp_path / name for name in sorted(expected)), GOOD, tmp_path / "17_missing.pdf"]
    start = time.monotonic()
    results = list(audit(paths, workers=2, timeout=30, today=dt.date(2017, 1, 1)))
    assert time.monotonic() - start < 120
    assert len(results) == len(paths)
    assert results[0] == results[-2], "the good letter around the bad ones keeps its rows"
    for path, rows in zip(paths[1:-2], results[1:-2]):
        error = expected[path.name]
        if error is None:
            assert all(row["error"] is None for row in rows), (path.name, rows[0]["error"])
        else:
            (row,) = rows
            assert error in row["error"], (path.name, row["error"])
    assert results[-1][0]["error"] == "no such file"


def test_fifty_items_are_fifty_rows(catalog: Catalog, tmp_path: Path) -> None:
    make_hostile(tmp_path)
    rows = audit_letter(catalog, tmp_path / "11_fifty_items.txt", __import__("datetime").date(2017, 1, 1))
    assert len(rows) == 50 and [r["item_index"] for r in rows] == list(range(50))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".pdf", ".txt"]))
def test_arbitrary_bytes_give_rows_never_an_exception(catalog: Catalog, tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    rows = audit_letter(catalog, path, __import__("datetime").date(2017, 1, 1))
    assert rows and all(row["file"] == str(path) for row in rows)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_a_letter_cut_anywhere_gives_rows(catalog: Catalog, tmp_path: Path, cut: float) -> None:
    text = _letter_text()
    path = tmp_path / "cut.txt"
    path.write_text(text[: int(len(text) * cut)])
    assert audit_letter(catalog, path, __import__("datetime").date(2017, 1, 1))
