"""Reading letter files: every bad file is one InputError line naming it, never a traceback."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from mtus_rules.letters.read import MAX_BYTES, letter_text, read_letter
from mtus_rules.letters.parse import LetterError
from tests.conftest import DATA as TEST_DATA

DATA = TEST_DATA / "letters"
PDF = DATA / "CM16-0241231.pdf"


def _error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_letter(path)
    return str(caught.value)


def test_reads_pdf_and_txt() -> None:
    from_pdf, from_txt = read_letter(PDF), read_letter(PDF.with_suffix(".txt"))
    assert from_pdf.file == str(PDF)
    assert from_pdf.items == from_txt.items
    assert "\r\n" in letter_text(PDF)


def test_pdf_is_sniffed_whatever_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "letter.txt"
    renamed.write_bytes(PDF.read_bytes())
    assert read_letter(renamed).items == read_letter(PDF).items


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.pdf") == f"{tmp_path / 'nope.pdf'}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"{tmp_path}: is a directory, not a file"


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt"])
def test_zero_bytes(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    assert _error(tmp_path / name) == f"{tmp_path / name}: file is empty"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert _error(pipe) == f"{pipe}: not a regular file"


def test_nul_in_file_name() -> None:
    assert _error(Path("bad\x00name.txt")) == "bad\x00name.txt: invalid file name: embedded null byte"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    assert _error(path) == f"{path}: file is too large (20,971,521 bytes; limit 20,971,520)"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; permissions cannot be tested")
def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    assert _error(path) == f"{path}: permission denied"


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(PDF.read_bytes()[:1000])
    assert _error(path) == (
        f"{path}: not a readable PDF (damaged or truncated): Failed to load document (PDFium: Data format error)."
    )


def test_garbage_with_pdf_suffix(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(bytes(range(256)) * 10)
    assert _error(path) == f"{path}: not a PDF: no %PDF- header (a damaged file, or not a PDF at all)"


def test_other_file_type(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04 not a letter")
    assert _error(path) == f'{path}: unsupported file type ".docx": expected a .pdf or .txt letter'


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scanned.pdf"
    document = pypdfium2.PdfDocument.new()
    document.new_page(612, 792)
    document.save(path)
    document.close()
    assert _error(path) == f"{path}: PDF has no text layer (a scanned image?); run OCR on it first"


def _pdf(objects: list[bytes], trailer: bytes) -> bytes:
    """A minimal PDF file with a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return out


def test_encrypted_pdf(tmp_path: Path) -> None:
    """An RC4 (R2) standard security handler whose user password is not empty: opening needs a password."""
    path = tmp_path / "encrypted.pdf"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    path.write_bytes(_pdf(objects, b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]"))
    assert _error(path) == f"{path}: PDF is encrypted (password protected); decrypt it first"


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    text = PDF.with_suffix(".txt").read_text(encoding="utf-8").replace("Three sessions", "Three sessions \u2013 caf\u00e9")
    path.write_bytes(text.encode("cp1252"))
    assert "Three sessions \u2013 caf\u00e9" in letter_text(path)
    assert read_letter(path).items[0].item == "Three sessions \u2013 caf\u00e9 of physical therapy of the right knee"


def test_latin1_fallback_and_nul_characters(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 \x81\x00 ok")  # 0x81 is undefined in cp1252
    assert letter_text(path) == "caf\u00e9 \x81 ok"


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    text = PDF.with_suffix(".txt").read_text(encoding="utf-8")
    bom, utf16 = tmp_path / "bom.txt", tmp_path / "utf16.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    utf16.write_bytes(text.encode("utf-16"))
    assert letter_text(bom) == letter_text(utf16) == text


def test_text_that_is_not_a_letter(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list: eggs, milk.\n")
    with pytest.raises(LetterError) as caught:
        read_letter(path)
    assert str(caught.value) == (
        f'{path}: not an IMR determination letter: no "IMR ISSUES, DECISIONS AND RATIONALES" section'
    )


def test_blank_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n")
    assert _error(path) == f"{path}: file has no text"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([b"", b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj\n<<"]), st.sampled_from([".pdf", ".txt"]))
def test_any_bytes_give_a_letter_or_input_error(body: bytes, head: bytes, suffix: str) -> None:
    """read_letter's contract: a Letter or an InputError, whatever the bytes of the file."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"letter{suffix}"
        path.write_bytes(head + body)
        try:
            read_letter(path)
        except InputError as error:
            assert str(error).startswith(f"{path}: ") and "internal error" not in str(error)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 35_000), st.binary(min_size=1, max_size=50))
def test_damaged_real_pdf(cut: int, noise: bytes) -> None:
    """A real letter PDF cut short or overwritten in places reads as a letter or fails as an InputError."""
    raw = bytearray(PDF.read_bytes()[: max(cut, 6)])
    raw[len(raw) // 2 : len(raw) // 2 + len(noise)] = noise
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "damaged.pdf"
        path.write_bytes(bytes(raw))
        try:
            read_letter(path)
        except InputError as error:
            assert "internal error" not in str(error)


@given(st.text(st.sampled_from(["a", " ", "\n", "\x00", "\u00e9"])))
def test_nul_characters_are_removed_whether_or_not_there_are_any(text: str) -> None:
    from mtus_rules.letters.read import _without_nul

    assert _without_nul(text) == text.replace("\x00", "")
