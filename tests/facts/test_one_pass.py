"""Issue 12 (speed): the shortcuts the facts take read the record as the plain readings do.

Each property builds text from the phrases the shortcut is about (and words around them)
and checks the shortcut against the reading it replaces, written out plainly here.
"""

from __future__ import annotations

import pickle

from hypothesis import given, strategies as st

from mtus_rules.check.catalog import Catalog, build_catalog, default_rules_dir
from mtus_rules.facts.computed.attribution import _drugs_class_words, _treatments
from mtus_rules.facts.computed.imaging.examination import _EXAM, _GRADE_FULL, _GRADE_WEAK, _graded
from mtus_rules.facts.computed.imaging.reading import Source
from mtus_rules.facts.computed.improvement import _FROM_TO, _UP_FROM, _with_from
from mtus_rules.facts.computed.medication_items import drug_matcher
from mtus_rules.facts.computed.named import classes_in, drug_names
from mtus_rules.facts.drugweeks import _taken
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.record import analyze

_FILLER = ["the patient", "he", "has", "no", "not", "with", "was", "plan", "will", "request", "and", "pain", "left", "5"]
_BREAKS = [" ", ", ", ". ", "; ", ": ", " - ", " (", ") "]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    """Sentences of the given words and some filler, with the clause and sentence breaks."""
    pieces = st.lists(st.tuples(st.sampled_from([*words, *_FILLER]), st.sampled_from(_BREAKS)), max_size=24)
    return pieces.map(lambda found: "".join(word + gap for word, gap in found))


def _sample(phrases: list[str], count: int = 200) -> list[str]:
    return sorted(set(phrases))[:: max(1, len(set(phrases)) // count)]


@given(data=st.data())
def test_one_scan_finds_each_facts_phrases_as_its_own_matcher(catalog: Catalog, data: st.DataObject) -> None:
    """The lexicon's classes, the clinical facts and the treatments tried are found in one
    scan: each class's and fact's phrases, and the order in which they are first found, are
    those of its own matcher."""
    specs = catalog.finder.specs
    lexicon = lexicon_of(catalog.vocabulary).matcher
    text = data.draw(_texts(_sample(specs.clinical.phrases) + _sample(specs.tried.phrases) + _sample(lexicon.phrases)))
    record = analyze(text)
    classes, both = specs.with_lexicon.hits(record.clauses)
    assert list(classes.items()) == list(lexicon.hits(record.clauses).items())
    clinical = {name: hits for name, hits in both.items() if name not in specs.tried_specs}
    tried = {name: hits for name, hits in both.items() if name in specs.tried_specs}
    assert list(clinical.items()) == list(specs.clinical.hits(record.clauses).items())
    assert list(tried.items()) == list(specs.tried.hits(record.clauses).items())


_GAINS = [
    ["walking tolerance", "improved", "from", "10", "to", "30 minutes"],
    ["sitting", "from", "15 minutes", "to", "45 minutes"],
    ["walk", "3 blocks", "up from", "1"],
    ["Sit for", "45 minutes", "increased from", "15"],
]


def _gains() -> st.SearchStrategy[str]:
    """Statements of a measured gain, each word followed by a space or a clause break."""
    statement = st.sampled_from(_GAINS).flatmap(
        lambda words: st.lists(st.sampled_from([" ", " ", " ", "; ", ": ", ". "]), min_size=len(words), max_size=len(words)).map(
            lambda gaps: "".join(word + gap for word, gap in zip(words, gaps))
        )
    )
    return st.lists(st.one_of(statement, _texts([])), min_size=1, max_size=4).map(" ".join)


@given(text=_gains())
def test_measured_gains_are_read_only_in_clauses_with_from_and_none_is_missed(text: str) -> None:
    record = analyze(text)
    read = set(_with_from(record.text, record.clauses))
    for clause in record.clauses:
        words = record.text[clause.start : clause.end]
        if any(pattern.search(words) for pattern in (_UP_FROM, _FROM_TO)):
            assert clause in read, words


@given(data=st.data())
def test_a_drugs_use_is_read_outside_plans_as_before(catalog: Catalog, data: st.DataObject) -> None:
    """The drug is looked for first, and only clauses naming it are read for a plan."""
    vocabulary = catalog.finder.vocabulary
    drug = drug_matcher(vocabulary, ("cyclobenzaprine", "hydrocodone"))
    text = data.draw(_texts(["cyclobenzaprine", "Norco", "Flexeril", "planned", "continue", "was prescribed"]))
    record = analyze(text)
    plain = list(drug.mentions(c for c in record.clauses if not record.planned(c)))
    assert list(_taken(record, drug)) == plain


@given(data=st.data())
def test_the_classes_a_text_names_are_the_lexicons(catalog: Catalog, data: st.DataObject) -> None:
    lexicon = lexicon_of(catalog.finder.vocabulary)
    text = data.draw(_texts(["MRI", "lumbar spine", "left knee", "x-ray", "purchase", "rental", "EMG", "bilateral"]))
    assert classes_in(lexicon, text) == lexicon.classes_in(text)


@given(data=st.data())
def test_clauses_the_examination_passes_over_hold_no_graded_finding(catalog: Catalog, data: st.DataObject) -> None:
    """A clause with no examination word and no "5" has no graded finding, so it need not be
    read; and a strength grade always holds a "5"."""
    lexicon = lexicon_of(catalog.finder.vocabulary)
    words = ["decreased sensation", "reflexes", "strength", "4/5", "5/5", "1+", "weakness", "intact", "EHL", "L5 dermatome"]
    source = Source("summary", lexicon.index(analyze(data.draw(_texts(words)))))
    worded = source.clauses_with(_EXAM)
    for clause in source.clauses:
        text = source.span([clause])
        if "5" not in text:
            assert not _GRADE_WEAK.search(text) and not _GRADE_FULL.search(text)
            if clause.start not in worded:
                assert _graded(source, clause) == []


def test_the_cached_catalog_carries_the_vocabulary_tables_and_one_drug_names_matcher() -> None:
    """The tables made once per vocabulary are kept on it, so a process that loads the catalog
    makes none; the fact specs, the item matcher and the medication facts read one matcher of
    every drug's spellings."""
    loaded = pickle.loads(pickle.dumps(build_catalog(default_rules_dir())))
    for table in (drug_names, _treatments, _drugs_class_words):
        assert f"{table.__module__}.{table.__qualname__}" in vars(loaded.vocabulary)
    shared = drug_names(loaded.vocabulary)
    assert loaded.finder.specs.drugs is shared and loaded.matcher._drugs is shared
