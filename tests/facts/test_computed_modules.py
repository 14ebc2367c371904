"""A check imports only the computed-fact modules its facts live in: the list must be whole."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtus_rules.facts import computed
from mtus_rules.facts.computed.attribution import _treatments
from mtus_rules.facts.computed.named import drug_names
from mtus_rules.reading.vocabulary import Vocabulary

PACKAGE = Path(computed.__file__).parent


def _registering_modules() -> set[str]:
    """Modules of the package that call ``register``, dotted from the package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
        if path.name != "__init__.py" and any(call.func.id == "register" for call in calls):
            found.add(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    return found


def test_every_module_that_registers_facts_is_listed() -> None:
    assert _registering_modules() == set(computed.MODULES)


def test_a_fact_recorded_with_its_home_is_found_in_a_fresh_process() -> None:
    """Where a catalog records a fact to live, importing that module alone registers it."""
    registry = computed.registry()
    homes = [tuple(computed.home(name)) for name in sorted(registry)]
    script = (
        "import json; from mtus_rules.facts import computed as c; "
        f"print(json.dumps([c.computation(c.Home(*h)).type for h in {homes!r}]))"
    )
    found = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert json.loads(found) == [registry[name].type for name, _ in homes]


def test_a_vocabulary_table_is_made_once_and_one_a_vocabulary_cannot_make_is_left_to_its_reader() -> None:
    """``make_tables`` keeps each table on the vocabulary; one naming a class the vocabulary
    lacks fails where it is read, as it would without the tables made beforehand."""
    vocabulary = Vocabulary({"hydrocodone": ["norco"]}, {})
    computed.make_tables(vocabulary)
    assert drug_names(vocabulary) is drug_names(vocabulary)
    assert sorted(drug_names(vocabulary).labels_in("norco")) == [("hydrocodone", 0)]
    with pytest.raises(KeyError):
        _treatments(vocabulary)
