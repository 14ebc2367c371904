"""Issue 12 (speed): tables made once per vocabulary give what the plain reading they replace gave.

Each property checks the fast form against a plain reference written here, on vocabularies
drawn at random.
"""

from __future__ import annotations

from hypothesis import given, strategies as st

from mtus_rules.facts.computed.attribution import _class_words
from mtus_rules.reading.vocabulary import Vocabulary

_WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "norco", "opioid", "cream", "pt"])


@st.composite
def _vocabularies(draw: st.DrawFn) -> Vocabulary:
    """Drugs with brands, and classes whose members are words or earlier classes (no cycle)."""
    drugs = draw(st.dictionaries(_WORDS, st.lists(_WORDS, max_size=3), max_size=4))
    classes: dict[str, list[str]] = {}
    for i in range(draw(st.integers(0, 6))):
        members = st.one_of(_WORDS, st.sampled_from([f"@c{j}" for j in range(i)])) if i else _WORDS
        classes[f"c{i}"] = draw(st.lists(members, max_size=5))
    return Vocabulary(drugs, classes)


def _plain_class_words(vocabulary: Vocabulary, generic: str) -> tuple[str, ...]:
    """The plain words of every class whose expansion holds the drug, read class by class."""
    return tuple(
        term
        for name, members in vocabulary.classes.items()
        if generic in vocabulary.expand([f"@{name}"])
        for term in members
        if not term.startswith("@") and vocabulary.generic(term) is None
    )


@given(vocabulary=_vocabularies(), generic=_WORDS)
def test_a_drugs_class_words_are_those_of_every_class_that_holds_it(vocabulary: Vocabulary, generic: str) -> None:
    assert _class_words(vocabulary, generic) == _plain_class_words(vocabulary, generic)
