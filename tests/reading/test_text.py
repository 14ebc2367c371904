"""Finding phrases in clinical text, and how a clause qualifies them (NegEx-style)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from mtus_rules.reading.text import MatcherPair, PhraseMatcher, clauses, key, normalize, sentences, tokens
from mtus_rules.reading.words import _FORMS

MATCHER = PhraseMatcher(
    [
        ("anxiety", "anxiety"),
        ("infection", "infection"),
        ("straight leg raise", "slr"),
        ("radiculopathy", "radiculopathy"),
        ("muscle spasm", "spasm"),
        ("spasm", "spasm"),
        ("physical therapy", "pt"),
    ]
)


def found(text: str) -> list[tuple[str, str]]:
    """(label, how) for each phrase: affirmed, negated or uncertain."""
    result = []
    for m in MATCHER.mentions(clauses(normalize(text))):
        result.append((m.label, "uncertain" if m.uncertain else "negated" if m.negated else "affirmed"))
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He reports anxiety.", [("anxiety", "affirmed")]),
        ("He denies anxiety.", [("anxiety", "negated")]),
        ("No signs of infection.", [("infection", "negated")]),
        ("There is no evidence of infection or anxiety.", [("infection", "negated"), ("anxiety", "negated")]),
        ("Anxiety was not present.", [("anxiety", "negated")]),
        ("Straight leg raise was negative on the left.", [("slr", "negated")]),
        ("Positive straight leg raise on the right.", [("slr", "affirmed")]),
        ("Rule out radiculopathy.", [("radiculopathy", "uncertain")]),
        ("MRI to rule out radiculopathy.", [("radiculopathy", "uncertain")]),
        ("Possible infection.", [("infection", "uncertain")]),
        ("Family history of anxiety.", [("anxiety", "uncertain")]),
        ("He has no infection but reports anxiety.", [("infection", "negated"), ("anxiety", "affirmed")]),
        ("The patient has anxiety; no infection.", [("anxiety", "affirmed"), ("infection", "negated")]),
        ("Palpable muscle spasms of the trapezius.", [("spasm", "affirmed")]),
        ("She did not improve with physical therapy.", [("pt", "affirmed")]),
        ("Physical therapy was not helpful.", [("pt", "affirmed")]),
        ("He has not yet started physical therapy.", [("pt", "negated")]),
        ("Physical therapy is not yet scheduled.", [("pt", "affirmed")]),
        ("She has no infection, yet reports anxiety.", [("infection", "negated"), ("anxiety", "affirmed")]),
    ],
)
def test_qualified_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_words_broken_across_lines_are_joined() -> None:
    assert normalize("radicu-\n  lopathy of the  left\n leg") == "radicu-lopathy of the left leg"
    assert normalize("a\r\n\r\nb\tc") == "a b c"


def test_plurals_match_singular_terms() -> None:
    assert key("spasms") == "spasm"
    assert key("Diagnoses") == "diagnose"
    assert key("status") == "status"  # not a plural


@given(st.lists(st.text(alphabet=st.sampled_from(list("aSsuiyIY+é")), min_size=1, max_size=6), max_size=20))
def test_a_words_key_is_the_same_read_first_or_again(words: list[str]) -> None:
    """Keys are kept once made; kept or made, and before or after the kept ones are emptied,
    each is lower case, a plural 's' dropped, "+" read as "positive"."""

    def plain(word: str) -> str:
        lower = word.lower()
        plural = len(lower) > 3 and lower[-1] == "s" and lower[-2:] not in ("ss", "us", "is", "ys")
        return "positive" if word == "+" else lower[:-1] if plural else lower

    assert [key(w) for w in words + words] == [plain(w) for w in words + words]
    _FORMS.update((str(i), str(i)) for i in range(65536 - len(_FORMS)))  # full: the next new word empties it
    assert [key(w) for w in words] == [plain(w) for w in words] and len(_FORMS) <= 65536


def test_the_longest_phrase_wins() -> None:
    matcher = PhraseMatcher([("therapy", "short"), ("physical therapy", "long")])
    assert matcher.labels_in("physical therapy twice weekly") == [("long", 0)]


@given(st.text())
def test_any_text_is_read_without_error(text: str) -> None:
    for mention in MATCHER.mentions(clauses(normalize(text))):
        assert mention.start <= mention.end


def test_independent_labels_count_inside_longer_phrases() -> None:
    """A fact's phrase inside another fact's longer phrase is still that fact."""
    matcher = PhraseMatcher([("painful diabetic neuropathy", "hwave"), ("diabetic neuropathy", "neuropathy")], independent=True)
    assert sorted(matcher.labels_in("painful diabetic neuropathy of the feet")) == [("hwave", 0), ("neuropathy", 1)]


_PAIR_WORDS = ["low back pain", "back", "pain", "back pain", "no", "physical therapy", "therapy", "failed", "x"]


@given(
    first=st.lists(st.tuples(st.sampled_from(_PAIR_WORDS), st.sampled_from("abc")), max_size=6),
    second=st.lists(st.tuples(st.sampled_from(_PAIR_WORDS), st.sampled_from("abc")), max_size=6),
    text=st.lists(st.sampled_from([*_PAIR_WORDS, ".", ";", ","]), max_size=30).map(" ".join),
)
def test_a_pair_of_matchers_finds_what_each_finds(first: list[tuple[str, str]], second: list[tuple[str, str]], text: str) -> None:
    """One pass of two matchers (their phrases shared, nested or apart, labels the same or
    not) gives each one's hits, in each one's order."""
    one, two = PhraseMatcher(first, independent=True), PhraseMatcher(second, independent=True)
    found = clauses(normalize(text))
    alone = [list(one.hits(found).items()), list(two.hits(found).items())]
    hits = MatcherPair(one, two).hits(found)
    assert [list(h.items()) for h in hits] == alone
    assert [list(one.hits(found).items()), list(two.hits(found).items())] == alone  # their tries left as they were


def test_exclusive_labels_take_the_longest_phrase() -> None:
    matcher = PhraseMatcher([("no relief", "failed"), ("relief", "helped")])
    assert matcher.labels_in("Norco provides no relief") == [("failed", 2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Injections failed to relieve the infection.", [("infection", "affirmed")]),
        ("Physical therapy has not been effective.", [("pt", "affirmed")]),
        ("Back pain not responding to physical therapy.", [("pt", "affirmed")]),
        ("Her pain has not responded to physical therapy.", [("pt", "affirmed")]),
    ],
)
def test_a_failed_treatment_is_not_a_negation(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .;:()-—?!\"'\n1")), max_size=200))
def test_every_word_is_in_exactly_one_clause_and_inside_it(text: str) -> None:
    normal = normalize(text)
    found = clauses(normal)
    assert [t for c in found for t in c.tokens] == list(tokens(normal))
    assert all(c.start <= t.start and t.end <= c.end for c in found for t in c.tokens)


@given(st.text())
def test_normalize_is_white_space_collapsed_and_broken_words_joined(text: str) -> None:
    """The specification, written the slow way: every run of white space is one space."""
    import re

    joined = re.sub(r"(?<=\w)-[ \t]*\r?\n[ \t\r\n]*(?=\w)", "-", text)
    assert normalize(text) == re.sub(r"\s+", " ", joined).strip()


# The sentence and word splitters are written for speed; these state what they must find.
_SENTENCE_TEXT = st.text(alphabet=st.sampled_from(list("aB1 .!?\"')]([\t\n'")), max_size=40)


@given(_SENTENCE_TEXT)
def test_sentences_end_after_a_mark_before_a_capital_or_after_a_closing_quote(text: str) -> None:
    ends = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])|(?<=[.!?][\"')\]])\s+")
    expected, start = [], 0
    for m in ends.finditer(text):
        expected.append((start, m.start()))
        start = m.end()
    if start < len(text):
        expected.append((start, len(text)))
    assert list(sentences(text)) == expected


@given(st.text(alphabet=st.sampled_from(list("a B;:-–—()\t\u00a0.")), max_size=40))
def test_clauses_break_at_semicolons_colons_spaced_dashes_and_brackets(text: str) -> None:
    """The clause splitter finds breaks by their marks; this is the break written plainly."""
    _assert_plain_breaks(text)


@given(st.text(alphabet=st.sampled_from(list("a B;:- –()\n.!?\"'[]1")), max_size=60))
def test_clause_marks_found_in_one_pass_are_each_sentences_own(text: str) -> None:
    """The marks, found once for the whole text, break the sentences as a search within each
    sentence does: also at sentence ends after quotes and brackets, and at a dash opening one."""
    _assert_plain_breaks(text)


def _assert_plain_breaks(text: str) -> None:
    breaks = re.compile(r"[;:]\s|\s[-–—]\s|\(|\)")
    expected = []
    for number, (start, end) in enumerate(sentences(text)):
        for m in breaks.finditer(text, start, end):
            expected.append((number, start, m.start()))
            start = m.end()
        expected.append((number, start, end))
    with_words = [span for span in expected if tokens(text[span[1] : span[2]])]
    assert [(c.sentence, c.start, c.end) for c in clauses(text)] == with_words


@given(st.text(alphabet=st.sampled_from(list("ab9Z 's-.é+\n")), max_size=40))
def test_tokens_are_the_words_with_their_spans(text: str) -> None:
    """Words, and a "+" standing before a word ("+ SLR"), never one after a letter or digit ("HIV+")."""
    plain = r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|(?<![A-Za-z0-9])\+(?=\s?[A-Za-z])"
    words = [(key(m.group()), m.start(), m.end()) for m in re.finditer(plain, text)]
    assert [tuple(t) for t in tokens(text)] == words
