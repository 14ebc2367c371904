"""Imaging and electrodiagnostic facts computed from the record (regions, prior studies).

The item names the study and where it looks ("MRI of the right knee", "EMG/NCV of the
bilateral upper extremities"). These facts read the record *about that place*: a red flag
there, signs of nerve compromise in the limb the study concerns, conservative care given
and how it went, surgery or an injection under consideration for it, an earlier study of
the same region.

Every word list is a term class of ``rules/vocabulary/imaging.yaml``, found by the shared
lexicon when the case is read. Which findings count (red flags, structural lesions, nerve
compromise, entrapment, symptoms, neuropathy) is declared in ``rules/facts/imaging.yaml``
as ``finding`` and ``any_of`` facts; ``about`` reads them about the studied place. Structured
fields (findings, diagnoses, treatments) are read before the summary, and win when they decide.

A fact is None when the record does not speak to it, with one declared exception:
``prior_study_same_region`` is false when a non-empty record mentions no earlier MRI or CT
of the region (an absence can only be read from a record that says what was done).

Modules, by concern: ``study`` (what the item asks for), ``reading`` (the texts read and
where a finding is written), ``about`` (a declared finding about the studied region or
limb), ``examination`` (the graded neurologic examination of the limb), ``care`` (care given, surgery or a
procedure planned), ``priors`` (earlier studies). Each registers its facts when imported
(see ``computed.MODULES``).
"""

from __future__ import annotations
