"""Products made of several drugs: read as their ingredients, and checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError
from mtus_rules.reading.vocabulary import Vocabulary, load_vocabulary

DRUGS = "drugs:\n  lidocaine: [lidoderm]\n  menthol: []\n"


def vocabulary_of(tmp_path: Path, products: str) -> Vocabulary:
    (tmp_path / "vocabulary.yaml").write_text(DRUGS + products)
    return load_vocabulary(tmp_path)


def test_a_product_is_a_spelling_of_each_ingredient_but_no_rule_term(tmp_path: Path) -> None:
    vocabulary = vocabulary_of(tmp_path, "products:\n  Terocin: [lidocaine, menthol]\n")
    assert vocabulary.spellings("lidocaine") == ["lidocaine", "lidoderm", "terocin"]
    assert vocabulary.spellings("menthol") == ["menthol", "terocin"]
    assert vocabulary.expand(["lidocaine"]) == ["lidocaine", "lidoderm"]
    assert vocabulary.generic("terocin") is None


def test_an_unknown_ingredient_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        vocabulary_of(tmp_path, "products:\n  medrox: [menthol, capsaicin]\n")
    assert str(caught.value) == f"{tmp_path}/vocabulary.yaml:5: 'medrox': unknown ingredient 'capsaicin' (define it under 'drugs')"


def test_a_product_named_like_a_drug_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        vocabulary_of(tmp_path, "products:\n  lidoderm: [lidocaine, menthol]\n")
    assert str(caught.value) == f"{tmp_path}/vocabulary.yaml:5: 'lidoderm' is already a drug's name"
