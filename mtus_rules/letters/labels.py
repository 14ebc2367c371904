"""Case-blind labels found fast: they are sought over a letter's whole text.

Patterns scanned over long text start with a case-sensitive class of every letter their
first letter matches ignoring case (``s`` also matches U+017F), and a lookbehind repeats that
letter inside ``(?i:...)``: the engine then skips to those letters instead of trying every
alternative at each position (three times faster, same matches).

In ASCII text lowering keeps every character in its place and ignoring case means nothing
but ASCII case, so a label's words are found faster still with ``str.find`` in the
lower-cased text (a C search), and the pattern is tried only there: the letters a pattern
skips to ("s", "c", "d") are everywhere.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["CaseBlind", "lower_ascii", "first_labels", "scanned_labels"]

_LABEL = re.compile(
    r"(?P<label>[CcMmDd](?i:(?<=c)laims administrator guideline|(?<=m)aximus guideline|(?<=d)ecision rationale))\s*:\s*"
)
_LABELS = ("claims administrator guideline", "maximus guideline", "decision rationale")  # _LABEL's, in lower case
_COLON = re.compile(r"\s*:\s*")  # what follows a label in _LABEL


class CaseBlind(NamedTuple):
    """A case-blind pattern and the lower-case words each of its matches begins with."""

    pattern: re.Pattern[str]
    prefix: str

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """``pattern.search(text)``; ``lowered`` is ``lower_ascii(text)``."""
        if lowered is None:
            return self.pattern.search(text)
        at = lowered.find(self.prefix)
        while at >= 0:
            found = self.pattern.match(text, at)
            if found is not None:
                return found
            at = lowered.find(self.prefix, at + 1)
        return None


def lower_ascii(text: str) -> str | None:
    """The text in lower case when it is ASCII, for a ``CaseBlind`` search; else None (it scans)."""
    return text.lower() if text.isascii() else None


def first_labels(body: str) -> dict[str, tuple[int, int]]:
    """(start, end) of each label's first match, none after the rationale's (what follows is the rationale).

    Every label followed by a colon is a match (none can begin inside another), so in ASCII
    text each label is found with ``str.find`` in the lower-cased text: the guideline
    paragraphs are scanned at C speed, not tried at every C, M and D."""
    lowered = lower_ascii(body)
    if lowered is None:
        return scanned_labels(body)
    found = {}
    for label in _LABELS:
        at = lowered.find(label)
        while at >= 0:
            colon = _COLON.match(body, at + len(label))
            if colon is not None:
                found[label] = (at, colon.end())
                break
            at = lowered.find(label, at + 1)
    rationale = found.get("decision rationale")
    return {label: span for label, span in found.items() if rationale is None or span[0] <= rationale[0]}


def scanned_labels(body: str) -> dict[str, tuple[int, int]]:
    """``first_labels`` of any text, by one scan of ``_LABEL``: the labels in the order they come."""
    firsts: dict[str, tuple[int, int]] = {}
    for m in _LABEL.finditer(body):
        label = m.group("label").lower()
        if label in firsts:
            continue
        firsts[label] = m.span()
        if label == "decision rationale" or len(firsts) == 3:
            break
    return firsts
