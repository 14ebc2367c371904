"""A letter's text made one single-spaced line, the same from its PDF and from its extracted text.

The PDF's text (pypdfium2) has other line breaks, no blank lines, ``\\r\\n`` and U+FFFE where
a word was hyphenated at a line end; control and invisible characters are dropped or made
spaces, then the white space is normalized.
"""

from __future__ import annotations

import re

from mtus_rules.reading.text import normalize

__all__ = ["clean_text"]

# U+FFFE (pypdfium2) and U+0002 mark a hyphen at a line end, as "-\n" does in extracted text;
# a soft hyphen before white space is one too, elsewhere it is invisible.
_LINE_HYPHENS = ("\ufffe", "\x02")
_SOFT_HYPHEN = re.compile("\u00ad(?=\\s)")
_ODD = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\ufeff]")
_INVISIBLE = frozenset("\x00\u00ad\u200b\ufeff")
# _ODD's characters, each sought with ``in`` (a C loop) before _ODD runs: most letters have none.
_ODD_CHARS = tuple(chr(code) for code in (*range(128), 0xAD, 0x200B, 0xFEFF) if _ODD.match(chr(code)))


def clean_text(text: str) -> str:
    """One line of single-spaced text, the same for a letter's PDF and its extracted text."""
    text = _join_line_hyphens(text)
    if any(odd in text for odd in _ODD_CHARS):
        text = _ODD.sub(lambda m: "" if m.group() in _INVISIBLE else " ", text)
    return normalize(text)


def _join_line_hyphens(text: str) -> str:
    """Each line-end hyphen mark as "-\\n". Most PDF letters have a few: a ``str.replace``
    per mark and one search per character (C loops) find them four times faster than a
    pattern of all three tried at every position; a replacement never puts white space
    after a soft hyphen, so replacing one mark after another changes nothing else."""
    for mark in _LINE_HYPHENS:
        if mark in text:
            text = text.replace(mark, "-\n")
    return _SOFT_HYPHEN.sub("-\n", text) if "\u00ad" in text else text
