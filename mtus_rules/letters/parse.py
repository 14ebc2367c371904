"""An IMR final determination letter, parsed from its text.

The same letter arrives as extracted text and as a PDF whose text (pypdfium2) has other
line breaks, no blank lines, ``\\r\\n`` and U+FFFE where a word was hyphenated at a line
end. So nothing here looks at layout: the text is first made one single-spaced line
(``clean``) and every part is found by its wording — the header labels and the section
headings (``front``), each disputed item's ``: Upheld`` / ``: Overturned`` followed by its
guideline paragraphs (``items``). Regexes are precompiled and linear: hostile text costs
time in proportion to its length, never more.

The parts are plain dicts, and the ``Letter`` (``models``) is validated once, from all of them.
"""

from __future__ import annotations

import re
from pathlib import Path

from engine.errors import InputError
from mtus_rules.letters import front, items
from mtus_rules.letters.clean import clean_text
from mtus_rules.letters.models import ISSUES_HEADING, Item, Letter, LetterError, PredictionInput, Reviewer, prediction_input

__all__ = [
    "LetterError", "Reviewer", "Item", "Letter", "PredictionInput",
    "parse_letter", "prediction_input", "clean_text", "ISSUES_HEADING",
]

_ISSUES = re.compile(r"IMR ISSUES,? DECISIONS,? AND RATIONALES")


def parse_letter(text: str, file: Path | str = "<text>") -> Letter:
    """A letter from its text; LetterError names the file when it is not an IMR letter."""
    try:
        return _parse(clean_text(text), str(file))
    except InputError:
        raise
    except (RecursionError, MemoryError, ValueError, IndexError, TypeError, KeyError, AttributeError) as error:
        message = f"internal error while parsing the letter ({type(error).__name__}: {error}); please report it"
        raise LetterError.one(file, None, message) from error


def _parse(text: str, file: str) -> Letter:
    issues = _ISSUES.search(text)
    if issues is None:
        raise LetterError.one(file, None, f'not an IMR determination letter: no "{ISSUES_HEADING}" section')
    before = text[: issues.start()]
    disputed = items.items(text[issues.end() :].strip(), file)  # first: a letter without items fails as that
    fields = {"file": file, **front.header(before), "reviewer": front.reviewer(before), "summary": front.summary(before)}
    return Letter.model_validate({**fields, "items": disputed})  # once: the parts are dicts, not models built one by one
