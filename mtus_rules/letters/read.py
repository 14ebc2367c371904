"""Reading a letter file — PDF or text — into text, and into a Letter.

An audit reads many files it did not make; a bad one must become one line naming the
file, never a traceback, and never stop the run. So every way a file can fail is turned
into an InputError here: missing, a directory, unreadable, empty, too large, not a PDF or
text at all, an encrypted, damaged or image-only PDF. Text in a legacy encoding is
decoded rather than refused (UTF-8, then cp1252, then latin-1), since a letter someone
saved from Windows is still a letter.

A file is a PDF when its bytes say so (``%PDF-`` near the start), whatever its name;
pypdfium2 is used because it is ten times faster than pypdf on these letters. Its text
differs in layout from other extractors, which the parser does not depend on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import InputError
from engine.files import read_bytes
from mtus_rules.letters.parse import Letter, LetterError, parse_letter

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["MAX_BYTES", "letter_text", "read_letter"]

MAX_BYTES = 20 * 1024 * 1024
_PDF_MAGIC = b"%PDF-"
_TEXT_SUFFIXES = {".txt", ".text"}
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_SECURITY_ERROR = 5  # FPDF_ERR_SECURITY: an unsupported security handler


def read_letter(path: Path | str) -> Letter:
    """The letter in a .pdf or .txt file; InputError (or LetterError) for any bad file."""
    return parse_letter(letter_text(path), path)


def letter_text(path: Path | str) -> str:
    """The text of a letter file, pages joined by line breaks, NUL characters removed."""
    path = path if isinstance(path, Path) else Path(path)  # a Path made again is parsed again
    raw = _read_bytes(path)
    if _PDF_MAGIC in raw[:1024]:
        return _pdf_text(path, raw)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise LetterError.one(path, None, "not a PDF: no %PDF- header (a damaged file, or not a PDF at all)")
    if suffix not in _TEXT_SUFFIXES:
        raise LetterError.one(path, None, f'unsupported file type "{suffix or path.name}": expected a .pdf or .txt letter')
    text = _without_nul(_decode(raw))
    if not text or text.isspace():  # what strip() would empty, without copying the text
        raise LetterError.one(path, None, "file has no text")
    return text


def _without_nul(text: str) -> str:
    """The text without NUL characters. Few letters have one: ``in`` looks with memchr, while
    ``replace`` counts them character by character first (a third of reading a text letter's file)."""
    return text.replace("\x00", "") if "\x00" in text else text


def _read_bytes(path: Path) -> bytes:
    raw = read_bytes(path, MAX_BYTES)
    if not raw:
        raise InputError.one(path, None, "file is empty")
    return raw


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252, else latin-1 (never fails)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _pdf_text(path: Path, raw: bytes) -> str:
    # Imported with the first PDF: an audit of text letters never loads the PDF library, and
    # the workers of a pool start it in their own process rather than inherit it by a fork.
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(raw, password=None)
    except pypdfium2.PdfiumError as error:
        raise LetterError.one(path, None, _load_problem(error)) from None
    except Exception as error:  # a C library's wrapper: whatever it raises, the file is at fault
        raise LetterError.one(path, None, f"not a readable PDF: {type(error).__name__}: {error}") from None
    try:
        pages = _pages_text(document)
    except Exception as error:
        raise LetterError.one(path, None, f"not a readable PDF (damaged or truncated): {error}") from None
    finally:
        document.close()
    if not pages:
        raise LetterError.one(path, None, "PDF has no pages")
    text = _without_nul("\n".join(pages))
    if not text or text.isspace():  # what strip() would empty, without copying the text
        raise LetterError.one(path, None, "PDF has no text layer (a scanned image?); run OCR on it first")
    return text


def _load_problem(error: pypdfium2.PdfiumError) -> str:
    code = getattr(error, "err_code", None)
    if code == _PASSWORD_ERROR:
        return "PDF is encrypted (password protected); decrypt it first"
    if code == _SECURITY_ERROR:
        return "PDF uses an unsupported security scheme; decrypt it first"
    return f"not a readable PDF (damaged or truncated): {error}"


def _pages_text(document: pypdfium2.PdfDocument) -> list[str]:
    pages = []
    for index in range(len(document)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                pages.append(textpage.get_text_range())
            finally:
                textpage.close()
        finally:
            page.close()
    return pages
