"""What an imaging or electrodiagnostic item asks for, read from the item's words alone.

Every imaging fact starts here: the kind of study decides which facts apply (no red flag
for an EMG, no nerve signs for a knee MRI), its regions where a finding must be written,
its limbs which limb's nerves count, its side which side. An item that is no study gets
no imaging facts. (What the item's words alone say, such as nerve conduction studies
asked for, is declared: ``item_names`` facts.)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mtus_rules.facts.computed import Context
from mtus_rules.facts.computed.named import classes_in
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = [
    "Study", "study_of", "study", "IMAGING", "EVERY_KIND", "REGION_CLASS", "SIDE_CLASS",
]

# The kind of study, by the first class the item names (impedance imaging is no MRI).
_KINDS = (
    ("trigger_point_impedance_imaging", "tpii"),
    ("evoked_potentials", "evoked"),
    ("electrodiagnostic_tests", "eds"),
    ("advanced_imaging", "imaging"),
    ("plain_radiographs", "radiograph"),
)
EVERY_KIND = tuple(kind for _, kind in _KINDS)
IMAGING = ("imaging", "radiograph")
# Regions of imaging items and the vocabulary class naming each.
REGION_CLASS = {
    "lumbar": "lumbar_region",
    "cervical": "cervical_region",
    "thoracic": "thoracic_region",
    "shoulder": "shoulder_region",
    "elbow": "elbow_region",
    "wrist_hand": "wrist_hand_region",
    "knee": "knee_region",
    "ankle_foot": "ankle_foot_region",
    "hip": "hip_region",
}
SPINE = frozenset({"lumbar", "cervical", "thoracic"})
# The limb whose nerves a spine study concerns. Joints and the thoracic spine have none:
# nerve signs in a limb are not what their imaging is for (thoracic signs are myelopathy,
# a red flag, or truncal).
LIMB_OF = {"lumbar": "lower", "cervical": "upper"}
# The sites an electrodiagnostic item names, by limb.
SITE_CLASS = {"upper": "upper_limb_sites", "lower": "lower_limb_sites"}
SIDE_CLASS = {"img_left_words": "left", "img_right_words": "right", "img_both_sides_words": "both"}


@dataclass(frozen=True)
class Study:
    """What an item asks for: its kind, the regions and limbs it concerns, its side."""

    kind: str  # imaging | radiograph | eds | evoked | tpii
    regions: frozenset[str]
    limbs: frozenset[str]
    side: str | None  # left | right | None (both, or not said)
    ncs: bool = False

    @property
    def spine(self) -> bool:
        return bool(self.regions & SPINE)


def study_of(item: str, vocabulary: Vocabulary) -> Study | None:
    """The study an item asks for, or None when it is not an imaging or electrodiagnostic item."""
    named = classes_in(lexicon_of(vocabulary), item)
    kind = next((kind for name, kind in _KINDS if name in named), None)
    if kind is None:
        return None
    regions = frozenset(region for region, name in REGION_CLASS.items() if name in named)
    if kind in ("eds", "evoked"):
        limbs = {limb for limb, name in SITE_CLASS.items() if name in named}
    else:
        limbs = {LIMB_OF[region] for region in regions if region in LIMB_OF}
    sides = {side for name, side in SIDE_CLASS.items() if name in named}
    side = next(iter(sides)) if len(sides) == 1 and "both" not in sides else None
    return Study(kind, regions, frozenset(limbs), side, "nerve_conduction_tests" in named)


def study(ctx: Context, kinds: Collection[str]) -> Study | None:
    """The item's study when it is of one of ``kinds`` (read once per item of the case)."""
    item = ctx.request.item
    found = ctx.once((__name__, item), lambda: study_of(item, ctx.vocabulary))
    return found if found is not None and found.kind in kinds else None
