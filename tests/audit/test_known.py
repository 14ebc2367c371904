"""known_disagreements.yaml stays true: each entry names a real item that still disagrees."""

from __future__ import annotations

import datetime as dt

from mtus_rules.audit.known import load_known
from mtus_rules.audit.local import audit
from tests.conftest import ROOT, corpus_or_skip


def test_every_known_disagreement_is_a_current_disagreement() -> None:
    known = load_known(ROOT / "known_disagreements.yaml")
    corpus = corpus_or_skip("dev", "txt")
    paths = sorted({corpus / f"{case}.txt" for case, _ in known})
    rows = {(r["case"], r["item_index"]): r for rows in audit(paths, today=dt.date(2026, 1, 1)) for r in rows}
    for key, entry in known.items():
        row = rows[key]
        assert " ".join(row["item"].split()) == " ".join(entry.text.split()), key
        assert row["agree"] is False, f"{key} agrees now: remove it from known_disagreements.yaml"
