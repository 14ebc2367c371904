"""The classes a short text names (an item, a structured entry), read once per text.

An item is read by many facts of its rule (its study, its region, a purchase or a rental,
a continuation), each asking which vocabulary classes it names. The answer depends on the
text alone, so it is kept for every fact of every case instead of scanning the text again.
"""

from __future__ import annotations

from functools import lru_cache

from mtus_rules.facts.computed import per_vocabulary
from mtus_rules.reading.lexicon import Lexicon
from mtus_rules.reading.text import PhraseMatcher
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["classes_in", "names_class", "drug_names"]


@lru_cache(maxsize=4096)
def classes_in(lexicon: Lexicon, text: str) -> frozenset[str]:
    """The classes (``@name`` without the ``@``) a short text names."""
    return frozenset(lexicon.classes_in(text))


def names_class(lexicon: Lexicon, name: str, text: str) -> bool:
    """Whether a short text names a term of one class."""
    return name in classes_in(lexicon, text)


@per_vocabulary
def drug_names(vocabulary: Vocabulary) -> PhraseMatcher:
    """Every spelling of every drug, labelled with its generic name; the longest wins
    ("Tylenol with codeine" is codeine, not also Tylenol). The fact specs, the item matcher
    and the medication facts all read this one matcher (0.7 ms to make)."""
    return PhraseMatcher(vocabulary.drug_names())
