"""The words the rules share: drug names with their brands, products made of several drugs,
and named classes of terms.

Kept as data (``rules/vocabulary.yaml``) beside the rules so that a rule says
``@benzodiazepines`` once instead of repeating fifteen drug names, and a brand added here
reaches every rule and fact that names its generic. A product ("Terocin": lidocaine and
menthol) is a spelling of each of its ingredients when a record is read; rule terms do not
expand to products, the item matcher reads a product as its ingredients.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from engine.errors import InputError, Problem
from engine.load import data_files, validate
from engine.yamlfile import Document, read_yaml

__all__ = ["Vocabulary", "load_vocabulary"]

FILE = "vocabulary.yaml"


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    drugs: dict[str, list[str]] = {}
    products: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}


class Vocabulary:
    """Expands ``@class`` references and drug generics to every spelling that means them."""

    def __init__(self, drugs: dict[str, list[str]], classes: dict[str, list[str]], products: dict[str, list[str]] | None = None):
        self.drugs = {generic.lower(): [b.lower() for b in brands] for generic, brands in drugs.items()}
        self.classes = classes
        self.products = {name.lower(): [g.lower() for g in generics] for name, generics in (products or {}).items()}
        self._products_of: dict[str, list[str]] = {}
        for name, generics in self.products.items():
            for generic in generics:
                self._products_of.setdefault(generic, []).append(name)
        self._expanded: dict[tuple[str, ...], list[str]] = {}
        self._generic_of = {name: generic for generic, brands in self.drugs.items() for name in (generic, *brands)}

    def expand(self, terms: Iterable[str]) -> list[str]:
        """Terms with classes replaced by their members and each generic joined by its brands."""
        terms = tuple(terms)
        if terms not in self._expanded:
            self._expanded[terms] = self._expand(terms)
        return self._expanded[terms]

    def _expand(self, terms: tuple[str, ...]) -> list[str]:
        result: dict[str, None] = {}
        for term in terms:
            for word in self._members(term, ()):
                result[word] = None
                result.update(dict.fromkeys(self.drugs.get(word, [])))
        return list(result)

    def generic(self, name: str) -> str | None:
        """The generic drug a name (generic or brand) stands for, if the vocabulary knows it."""
        return self._generic_of.get(name.lower())

    def spellings(self, generic: str) -> list[str]:
        """Every name that means the drug in a record: generic, brands, products containing it."""
        return [generic, *self.drugs.get(generic, []), *self._products_of.get(generic, [])]

    def drug_names(self) -> list[tuple[str, str]]:
        """(spelling, generic) for every name of every drug: a product is a name of each ingredient."""
        return [(spelling, generic) for generic in self.drugs for spelling in self.spellings(generic)]

    def _members(self, term: str, seen: tuple[str, ...]) -> list[str]:
        if not term.startswith("@"):
            return [term.lower()]
        name = term[1:]
        if name in seen or name not in self.classes:
            raise KeyError(name)
        return [word for member in self.classes[name] for word in self._members(member, (*seen, name))]

    def problems(self, document: Document, terms: Iterable[str], loc: tuple[str | int, ...]) -> list[Problem]:
        """Unknown or circular ``@class`` references among ``terms``, located in ``document``."""
        problems = []
        for term in terms:
            try:
                self._members(term, ())
            except KeyError as error:
                problems.append(document.problem(loc, f"unknown or circular term class '@{error.args[0]}' (define it under 'classes' in {FILE})"))
        return problems


def load_vocabulary(directory: Path) -> Vocabulary:
    """The vocabulary of ``vocabulary.yaml`` and ``vocabulary/*.yaml``; a name is defined once."""
    drugs: dict[str, list[str]] = {}
    products: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}
    where: dict[tuple[str, str], Document] = {}
    problems: list[Problem] = []
    documents = []
    for path in data_files(directory, "vocabulary"):
        document = read_yaml(path)
        data = validate(document, _VocabularyFile, "'drugs', 'products' and 'classes' mappings")
        documents.append((document, data))
        for kind, entries, merged in (("drugs", data.drugs, drugs), ("products", data.products, products), ("classes", data.classes, classes)):
            for name, members in entries.items():
                if (kind, name) in where:
                    problems.append(document.problem((kind, name), f"{name!r} is also defined in {where[kind, name].file}"))
                    continue
                merged[name], where[kind, name] = members, document
    problems += _brand_clashes(drugs, where)
    problems += _product_problems(drugs, products, where)
    vocabulary = Vocabulary(drugs, classes, products)
    for document, data in documents:
        for name, members in data.classes.items():
            problems += vocabulary.problems(document, members, ("classes", name))
    if problems:
        raise InputError(problems)
    return vocabulary


def _brand_clashes(drugs: dict[str, list[str]], where: dict[tuple[str, str], Document]) -> list[Problem]:
    """A brand under two generics would make weeks-on-drug facts count the wrong drug."""
    owner: dict[str, str] = {}
    problems = []
    for generic, brands in drugs.items():
        for name in (generic, *brands):
            name = name.lower()
            if owner.get(name, generic) != generic:
                problems.append(where["drugs", generic].problem(("drugs", generic), f"{name!r} is already a name of {owner[name]!r}"))
            owner.setdefault(name, generic)
    return problems


def _product_problems(drugs: dict[str, list[str]], products: dict[str, list[str]], where: dict[tuple[str, str], Document]) -> list[Problem]:
    """A product's ingredients are drugs of the vocabulary, and its name is no drug's name."""
    generics = {generic.lower() for generic in drugs}
    names = generics | {brand.lower() for brands in drugs.values() for brand in brands}
    problems = []
    for name, ingredients in products.items():
        document = where["products", name]
        if name.lower() in names:
            problems.append(document.problem(("products", name), f"{name!r} is already a drug's name"))
        unknown = [i for i in ingredients if i.lower() not in generics]
        if unknown:
            problems.append(document.problem(("products", name), f"{name!r}: unknown ingredient {', '.join(map(repr, unknown))} (define it under 'drugs')"))
    return problems
