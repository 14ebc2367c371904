"""Evidence quotes a person reads beside a criterion: whole words, never one cut in two."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from mtus_rules.reading.record import analyze

SUMMARY = (
    "The injured worker reports persistent low back pain radiating to the left leg. "
    "Examination documented decreased sensation in the left L5 dermatome and a positive "
    "straight leg raise at forty degrees. Physical therapy and medications were tried."
)


def test_a_quote_begins_and_ends_on_word_boundaries() -> None:
    record = analyze(SUMMARY)
    start = record.text.index("positive")
    assert record.quote(start, start + len("positive"), 30) == "…the left L5 dermatome and a positive straight leg raise at forty…"


def _whole_words(quote: str, text: str) -> bool:
    """The quote (without its ellipses) is in the text with no letter or digit glued to either end."""
    inner = quote.strip("…")
    before = "(?<![A-Za-z0-9])" if inner[:1].isalnum() else ""
    after = "(?![A-Za-z0-9])" if inner[-1:].isalnum() else ""
    return re.search(before + re.escape(inner) + after, text) is not None


@given(st.data())
def test_no_quote_cuts_a_word(data: st.DataObject) -> None:
    record = analyze(SUMMARY)
    words = [(i, i + len(w)) for i, w in _spans(record.text)]
    start, end = data.draw(st.sampled_from(words))
    width = data.draw(st.integers(0, 120))
    assert _whole_words(record.quote(start, end, width), record.text)


def _spans(text: str) -> list[tuple[int, str]]:
    spans, at = [], 0
    for word in text.split(" "):
        spans.append((at, word))
        at += len(word) + 1
    return spans
