"""Surgery and its ancillaries, devices, referrals and injections: facts computed from the record.

The words these facts look for are data, in ``rules/vocabulary/surgery.yaml`` (term
classes); the modules here only say how the words are read, one concern each:

* ``described``: the surgery an item is about or follows (the item, the surgery
  requested with it, or a sentence of the summary), and its kind, approach, region, ODG
  cardiac risk, complexity, expected blood loss and post-surgical course;
* ``standing``: the surgery authorized earlier (a claim-history sentence) or already
  performed ("status post", "underwent"); a surgery requested in the same request is
  neither yet;
* ``findings``: a lesion named in the report of an imaging or electrodiagnostic study
  (``reported`` facts name the lesions and the studies), and how many sacroiliac tests are
  positive;
* ``earlier_care``: an injection already given, the relief it gave (``relief_after``
  facts name the injection's class), a psychological evaluation done;
* ``requested``: what the item asks (spinal levels, visits, disciplines, equipment).

``reading`` holds how they all read a case: lookups in the record read once per case
(``ctx.text``), never a scan of their own. A set of alternative signs, one affirmed
finding deciding ("a positive impingement sign"), needs no Python: those are
``mentions`` facts with ``resolve: any_affirmed`` in ``rules/facts/surgery.yaml``.

Each fact returns None when the record does not say: unknown, never a guess.
"""

from __future__ import annotations

from mtus_rules.facts.computed.surgery.reading import CLASS_PREFIXES, CLASSES

__all__ = ["CLASSES", "CLASS_PREFIXES"]
