"""Clinical text as words: normalized, split into sentences, its words keyed for matching.

The parser must not depend on layout (the same letter read from PDF and from text must
give the same facts), so text is normalized first: words broken across lines are joined
and all white space becomes one space. Words are matched by their keys: lowercased and
lightly singularized ("spasms" matches "spasm").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, repeat
from typing import NamedTuple

__all__ = ["normalize", "key", "Token", "tokens", "tokens_of", "words", "keys_of", "sentences", "new_tuple"]

# starts with its literal "-" (the lookbehind after it) so the engine can skip to each hyphen
_BROKEN_WORD = re.compile(r"-(?<=\w-)[ \t]*\r?\n[ \t\r\n]*(?=\w)")
# A "+" before a word is the shorthand for a positive finding ("+ SLR", "+Tinel's"); after a
# digit or a letter it is a grade or a suffix ("reflexes 2+", "HIV+"), not a word. Written to
# start with one character class, so the engine skips to each word's first character; read as
# two branches it is: [A-Za-z0-9]+(?:'[A-Za-z]+)?  |  (?<![A-Za-z0-9])\+(?=\s?[A-Za-z])
_TOKEN = re.compile(r"[0-9A-Za-z+](?:(?<=[0-9A-Za-z])[0-9A-Za-z]*(?:'[A-Za-z]+)?|(?<![0-9A-Za-z]\+)(?<=\+)(?=\s?[A-Za-z]))")
_WORDS_AND_GAPS = re.compile(f"({_TOKEN.pattern})")
# The white space after a sentence's end mark (group 1: before a capital, a digit, a quote or
# a bracket; group 2: after a closing quote or bracket). It starts with the end mark, not a
# lookbehind, so the engine skips to each mark instead of trying every position.
_SENTENCE_END = re.compile(r"[.!?](?:(\s+)(?=[A-Z0-9\"'(\[])|[\"')\]](\s+))")


def normalize(text: str) -> str:
    """One line of single-spaced text; words hyphenated across lines are rejoined."""
    return " ".join(_BROKEN_WORD.sub("-", text).split())  # split(): the same white space as \s, faster


def key(word: str) -> str:
    """The matching form of a word: lower case, a plural 's' dropped; "+" reads as "positive"."""
    return _FORMS[word]


def _form(word: str) -> str:
    if word == "+":
        return "positive"
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


class _Forms(dict):
    """Each word's matching form, made once: most of a letter's words were seen before, and
    ``map`` reads a dict at C speed (an lru_cache costs twice as much a word). Emptied when full."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 65536:
            self.clear()
        form = self[word] = _form(word)
        return form


_FORMS = _Forms()
_form_of = _FORMS.__getitem__  # ``key`` with no Python frame, for ``map``


class Token(NamedTuple):
    """A word's matching form and its span (a tuple: millions are made per audit)."""

    key: str
    start: int
    end: int


# What Token(...) calls, without the Python frame in between; public because ``text`` makes
# its clauses' tuples the same way.
new_tuple = tuple.__new__


def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of a text with their spans."""
    keys, bounds = words(text, offset)
    return tokens_of(keys, bounds[1::2], bounds[2::2])


def tokens_of(keys: Iterable[str], starts: Iterable[int], ends: Iterable[int]) -> tuple[Token, ...]:
    """Tokens from their keys and spans (what ``words`` gives), made without a Python frame each."""
    return tuple(map(new_tuple, repeat(Token), zip(keys, starts, ends)))


def words(text: str, offset: int) -> tuple[list[str], list[int]]:
    """The keys of a text's words and the bounds of its gaps and words: word ``i`` spans
    ``bounds[2i+1]:bounds[2i+2]``. Splitting at the words gives gap, word, gap, ..., gap, so
    the spans are the running sum of the parts' lengths: no match object, no Python loop
    (this is a letter's first and largest pass; ``text`` deals them out to clauses)."""
    parts = _WORDS_AND_GAPS.split(text)
    return list(map(_form_of, parts[1::2])), list(accumulate(map(len, parts), initial=offset))


def keys_of(text: str) -> tuple[str, ...]:
    """The matching forms of a short text's words (a phrase, an item, a cue)."""
    return tuple(map(_form_of, _TOKEN.findall(text)))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        space = 1 if match.start(1) >= 0 else 2
        yield start, match.start(space)
        start = match.end(space)
    if start < len(text):
        yield start, len(text)
