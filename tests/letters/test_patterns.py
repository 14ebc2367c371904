"""The letter parser's fast forms of its scans find exactly what their plain forms find.

Case-blind labels start with a class of the letters they may start with (so the engine skips
to them), and a request's sentences are sought shortly before its decision; on any text,
written from the labels' words in any case (with U+017F, which matches "s" ignoring case),
sentence ends and filler, both give the same matches as the plain pattern and the full scan.
"""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from mtus_rules.letters import clean, front, items, labels

PLAIN = {  # each fast pattern's plain form
    labels._LABEL: re.compile(r"(?P<label>(?i:Claims Administrator guideline|MAXIMUS guideline|Decision rationale))\s*:\s*"),
    front._LICENSURE.pattern: re.compile(r"State\(?s?\)? of Licensure\s*:\s*", re.I),
    front._SPECIALTY.pattern: re.compile(r"Certifications?\(?s?\)?\s*/\s*Specialt(?:y|ies)\s*:\s*", re.I),
    front._HEADER_LABEL: re.compile(
        r"(?P<label>\b(?i:case number|date assigned|date of injury|decision date|ur denial date|"
        r"received date|date received|received|priority))\s*:"
    ),
    front._CASE_NUMBER: re.compile(r"\bCM\d{2}-\d{5,8}\b"),
    items._RATIONALE_LABEL: re.compile(r"Decision rationale\s*:", re.I),
}
CREDENTIAL_END = re.compile(
    r"\s*(?:State\(?s?\)? of Licensure|Certifications?\(?s?\)?\s*/\s*Specialt|CLINICAL CASE SUMMARY|HOW THE IMR)", re.I
)
PIECES = [
    "Claims Administrator guideline", "maximus GUIDELINE", "Decision Rationale", "decision", "claims", "State",
    "\u017ftate", "STATE(S) of licensure", "\u017fTATE of Licen\u017fure: ", "Certifications/Specialty", "certification(s) / specialties", "of Licensure",
    "Decision rationale:", "claims administrator GUIDELINE :", "Maximus Guideline:\n", ":", " : ", ". ", "? ", '." ', ") ", "x", "ab", "Mmd", "cC", "  ", "\n", "7", "\u017f",
    "Case Number", "CM16-0213037", "CM12-12345", "Date of Injury", "date assigned", "Decision Date", "UR Denial Date",
    "Received", " Date", "Priority", "_", "\u00e9", "\u0131", "\u0130", "-", "11/09/2016",
    "CLINICAL CASE SUMMARY", "clinical case", "How the IMR", "HOW THE \u0131MR", "\t", "\u00a0", "\u3000",
]


def _cased(piece: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if flip else c for c, flip in zip(piece, flips + [False] * len(piece)))


texts = st.lists(st.tuples(st.sampled_from(PIECES), st.lists(st.booleans(), max_size=8)), max_size=40).map(
    lambda parts: "".join(_cased(piece, flips) for piece, flips in parts)
)


@settings(max_examples=400)
@given(texts)
def test_case_blind_labels_match_as_the_plain_patterns(text: str) -> None:
    for fast, plain in PLAIN.items():
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


CASE_BLIND = [  # each search beside its plain pattern
    (front._LICENSURE, PLAIN[front._LICENSURE.pattern]),
    (front._SPECIALTY, PLAIN[front._SPECIALTY.pattern]),
]


@settings(max_examples=400)
@given(texts)
def test_case_blind_search_finds_what_the_plain_pattern_finds(text: str) -> None:
    """Tried only where the lower-cased ASCII text has the words a match begins with (or scanning
    other text), a search finds the plain pattern's first match."""
    for search, plain in CASE_BLIND:
        expected = plain.search(text)
        for lowered in {labels.lower_ascii(text), None}:
            found = search.search(text, lowered)
            assert (found and found.span()) == (expected and expected.span()), plain.pattern


@settings(max_examples=400)
@given(texts, st.integers(0, 60))
def test_a_credential_ends_where_the_plain_pattern_finds_what_follows_it(text: str, start: int) -> None:
    """The plain pattern matches the white space before the next label or heading; the fast form
    finds the label and strips the white space before it."""
    plain = CREDENTIAL_END.search(text, start)
    assert front._credential_end(text, start) == (plain.start() if plain else min(len(text), start + 300))


def _all_sentences(section: str, floor: int, end: int) -> list[int]:
    return [floor] + [m.end() for m in items._SENTENCE_END.finditer(section, floor, end) if m.end() < end]


SENTENCES = st.lists(st.sampled_from(["Word", "a1", "x", ". ", "? ", '." ', '!") ', ".  ", " ", ") ", "\u201d"]), max_size=60)


@settings(max_examples=300)
@given(SENTENCES.map("".join), st.integers(0, 10))
def test_the_last_sentences_before_a_decision_are_those_of_a_full_scan(section: str, floor: int) -> None:
    """Wherever the search window would begin (every reach is tried), the last three starts
    (or all of them, when there are fewer) are a full scan's."""
    end = len(section)
    full = _all_sentences(section, floor, end)
    original = items._REQUEST_REACH
    try:
        for reach in range(1, end + 1):
            items._REQUEST_REACH = reach
            found = items._last_sentences(section, floor, end)
            assert found[-3:] == full[-3:]
            assert len(found) >= 3 or found == full
    finally:
        items._REQUEST_REACH = original


LINE_HYPHEN = re.compile("[\ufffe\x02]|\u00ad(?=\\s)")  # every line-end hyphen mark in one pattern


def _plain_clean(text: str) -> str:
    """clean_text as its plain form: every hyphen mark and odd character replaced by one pattern each."""
    text = LINE_HYPHEN.sub("-\n", text)
    text = clean._ODD.sub(lambda m: "" if m.group() in clean._INVISIBLE else " ", text)
    return clean.normalize(text)


@settings(max_examples=400)
@given(st.text(st.sampled_from(["a", "B", " ", "\n", "-", "\x00", "\x01", "\x02", "\x0b", "\x1f", "\x7f", "\u00ad", "\u200b", "\ufeff", "\ufffe", "\u00e9", "\t", "\u3000"])))
def test_clean_text_skips_no_odd_character(text: str) -> None:
    assert clean.clean_text(text) == _plain_clean(text)


@settings(max_examples=400)
@given(texts)
def test_labels_found_in_lower_case_are_those_the_pattern_finds(text: str) -> None:
    """Both ways of finding an item's first labels agree on any ASCII text (the other is scanned)."""
    if text.isascii():
        assert labels.first_labels(text) == labels.scanned_labels(text)


PARTIAL = [
    "MRI", "x", " ", ". ", ", ", " is", " are ", "MRI was the original request. ", "The original request, MRI is",
    "The remaining IMR eligible portion of the original request, 6 visits are", "was authorized by the Claims Administrator. ",
    "The Claims Administrator authorized 2 visits, leaving the original request IMR eligible. ", "or\u0131g\u0131nal request",
    "reque\u017ft", "\u0130", "original", "request", "The or\u0131g\u0131nal request, x is", "The \u0130MR original reque\u017ft, x is",
]
partial_headers = st.lists(st.tuples(st.sampled_from(PARTIAL), st.lists(st.booleans(), max_size=8)), max_size=8).map(
    lambda parts: "".join(_cased(piece, flips) for piece, flips in parts)
)


@settings(max_examples=400)
@given(partial_headers)
def test_a_request_without_the_partial_words_is_not_partial(header: str) -> None:
    """The quick test for the words of the partial form never turns away a partial request."""
    assert items._partial(header) == items._partial_parts(header)
