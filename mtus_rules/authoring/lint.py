"""``mtus-check rules lint``: what loads but deserves a rule author's look.

Loading already refuses what is wrong (unknown keys, undeclared facts, missing excerpts).
Lint reports what is legal but doubtful, each with a stable code so CI and editors can
filter them:

MTUS001 missing-citation      a criterion cites a source with neither section nor pages
MTUS002 overlapping-terms     two rules in force together claim the same item term
MTUS003 unproducible-fact     a criterion reads a fact no extractor can produce for its items
MTUS004 untested-state        a criterion is never shown met, unmet or unknown by the rule's tests
MTUS005 unverified-excerpt    an excerpt no letter or document was found to quote
MTUS006 unused-fact           a declared fact no criterion reads
MTUS007 no-case-test          a rule tested only with facts, never through a case's text
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from engine.load import LoadedRule
from engine.logic import Status
from mtus_rules.check.catalog import Catalog
from mtus_rules.facts.spec import WeeksOn

__all__ = ["Diagnostic", "lint"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int | None
    code: str
    name: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.code} {self.name} [{self.severity}] {self.message}"


def lint(catalog: Catalog) -> list[Diagnostic]:
    found = [d for loaded in catalog.book.rules for d in _rule(catalog, loaded)]
    found += list(_overlaps(catalog))
    found += list(_unused_facts(catalog))
    return sorted(found)


def _at(loaded: LoadedRule, loc: tuple[str | int, ...], code: str, name: str, severity: Severity, message: str) -> Diagnostic:
    return Diagnostic(str(loaded.file), loaded.line_of(*loc), code, name, severity, message)


def _rule(catalog: Catalog, loaded: LoadedRule) -> Iterator[Diagnostic]:
    rule = loaded.rule
    shown: dict[str, set[Status]] = {c.id: set() for c in rule.criteria}
    for test in rule.tests:
        for criterion, status in test.expect.criteria.items():
            shown[criterion].add(status)
    drugs = set(catalog.vocabulary.drugs) | {b for brands in catalog.vocabulary.drugs.values() for b in brands}
    names_drug = any(term in drugs for term in catalog.terms(loaded))
    for i, criterion in enumerate(rule.criteria):
        loc = ("criteria", i)
        for j, cite in enumerate((criterion.cite, *criterion.also)):
            cite_loc = (*loc, "cite") if j == 0 else (*loc, "also", j - 1)
            if not cite.section and not cite.pages:
                yield _at(loaded, cite_loc, "MTUS001", "missing-citation", "warning", f"{criterion.id}: cites {cite.source} with neither section nor pages")
            if not cite.verified_in:
                yield _at(loaded, cite_loc, "MTUS005", "unverified-excerpt", "info", f"{criterion.id}: no 'verified_in' for the excerpt")
        missing = [s.value for s in Status if s not in shown[criterion.id]]
        if missing:
            yield _at(loaded, loc, "MTUS004", "untested-state", "warning", f"{criterion.id}: no test shows it {' or '.join(missing)}")
        for fact in criterion.condition.facts():
            spec = catalog.finder.specs.weeks_specs.get(fact)
            if isinstance(spec, WeeksOn) and spec.weeks_on == "requested" and not names_drug:
                yield _at(loaded, (*loc, "when"), "MTUS003", "unproducible-fact", "warning", f"{criterion.id}: {fact} needs a drug in the item, and no term of this rule names one")
    if rule.tests and all(test.case is None for test in rule.tests):
        yield _at(loaded, ("tests",), "MTUS007", "no-case-test", "info", f"{rule.id}: no test goes through a case's text")


def _overlaps(catalog: Catalog) -> Iterator[Diagnostic]:
    """Terms two rules share, when an item made of the term (and a 'with' term of either rule)
    is really a candidate of both: 'with' and 'unless' often keep shared terms apart."""
    rules = catalog.book.rules
    expand = catalog.vocabulary.expand
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if a.rule.id == b.rule.id or not a.rule.effective.overlaps(b.rule.effective):
                continue
            extras = ["", *expand(a.rule.applies_to.with_), *expand(b.rule.applies_to.with_)]
            shared = sorted(set(expand(a.rule.applies_to.terms)) & set(expand(b.rule.applies_to.terms)))
            clashing = [term for term in shared if any(_both(catalog, f"{term} {extra}", a, b) for extra in extras)]
            if clashing:
                message = f"{b.rule.id} and {a.rule.id} both claim {', '.join(repr(t) for t in clashing[:5])}; the rule id decides (alphabetical)"
                yield _at(b, ("applies_to", "terms"), "MTUS002", "overlapping-terms", "warning", message)


def _both(catalog: Catalog, item: str, a: LoadedRule, b: LoadedRule) -> bool:
    ids = {rule_id for *_, rule_id, _ in catalog.matcher.candidates(item.strip())}
    return a.rule.id in ids and b.rule.id in ids


def _unused_facts(catalog: Catalog) -> Iterator[Diagnostic]:
    read = {fact for loaded in catalog.book.rules for c in loaded.rule.criteria for fact in c.condition.facts()}
    used = catalog.finder.specs.with_parts(read)  # the parts of an any_of or all_of fact a criterion reads
    for name in sorted(set(catalog.book.facts) - used):
        document = catalog.book.fact_documents[name]
        yield Diagnostic(str(document.file), document.line_of(("facts", name)), "MTUS006", "unused-fact", "info", f"{name}: no criterion reads it")
