"""The guideline lines of an IMR letter as structured citations.

Each disputed item names the guideline the claims administrator and the expert reviewer
relied on ("Decision based on MTUS Shoulder Complaints 2004, Section(s): Special
Studies."). Rules are dated and tiered (8 CCR 9792.21.1: MTUS first, then other
evidence-based guidelines), so an audit needs the guideline, its edition, the sections
or pages and the tier — not the sentence.

The wording varies (2013 letters cite ``Page(s): 24``, 2016-17 letters ``Section(s):``;
several guidelines may share one sentence; section titles contain commas and colons),
so parsing is done on plain strings with small linear regexes, never on layout. Names
are mapped to one spelling; everything else is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["Citation", "GuidelineParagraph", "parse_citations", "parse_guideline_paragraph"]

Tier = Literal["mtus", "acoem", "odg", "other"]


class Citation(BaseModel):
    """One guideline a decision was based on."""

    model_config = ConfigDict(frozen=True)

    guideline: str
    edition: str | None = None
    sections: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    mtus: bool
    tier: Tier
    text: str


class GuidelineParagraph(BaseModel):
    """A "Claims Administrator guideline:" or "MAXIMUS guideline:" paragraph."""

    model_config = ConfigDict(frozen=True)

    text: str
    citations: tuple[Citation, ...] = ()
    no_evidence_cited: bool = False
    outside_mtus: bool = False


# MTUS guideline names (8 CCR 9792.23.1-.8 and the ACOEM 2004 chapters), by lower-case spelling.
_MTUS_NAMES = {
    name.lower(): name
    for name in (
        "General Approaches", "Neck and Upper Back Complaints", "Shoulder Complaints",
        "Elbow Complaints", "Elbow Disorders", "Forearm, Wrist, and Hand Complaints",
        "Low Back Complaints", "Knee Complaints", "Ankle and Foot Complaints",
        "Stress Related Conditions", "Eye", "Chronic Pain Medical Treatment",
        "Acupuncture Treatment", "Postsurgical Treatment", "Opioid Treatment",
    )
}
_LONGEST_NAME = max(map(len, _MTUS_NAMES)) + 2
_MTUS_ALIASES = {"chronic pain treatment": "Chronic Pain Medical Treatment"}
# ACOEM 2nd edition chapters adopted by the MTUS in 2004, as the 2016 letters name them.
_ACOEM_CHAPTERS = {
    **{n: "General Approaches" for n in range(1, 8)},
    8: "Neck and Upper Back Complaints", 9: "Shoulder Complaints", 10: "Elbow Complaints",
    11: "Forearm, Wrist, and Hand Complaints", 12: "Low Back Complaints", 13: "Knee Complaints",
    14: "Ankle and Foot Complaints", 15: "Stress Related Conditions", 16: "Eye",
}
# Section titles of the Chronic Pain guidelines that contain ", " followed by a capital.
_COMMA_TITLES = {"nsaids, gi symptoms & cardiovascular risk"}

_STATEMENT = re.compile(r"Decision based on\s+", re.IGNORECASE)
_NO_EVIDENCE = re.compile(r"did not cite any medical evidence", re.IGNORECASE)
_OUTSIDE = re.compile(r"based (?:their|its|his|her) decision on recommendation\(?s?\)? outside of the MTUS", re.IGNORECASE)
_MTUS_HEAD = re.compile(r"MTUS\b\s*", re.IGNORECASE)
_NON_MTUS_HEAD = re.compile(r"Non-MTUS\b(?:\s+Citation\b)?\s*:?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b(?:\s+Guidelines\b)?")
_SECTIONS_HEAD = re.compile(r"\s*,?\s*Sections?\(?s?\)?\s*:\s*", re.IGNORECASE)
_AND = re.compile(r",?\s+and\s+")
_PAGES_HEAD = re.compile(r"\s*Pages?\(?s?\)?\s*:\s*", re.IGNORECASE)
_PAGE = re.compile(r"\d+(?:\s*-\s*\d+)?")
_NUMBERED = re.compile(r"\d+(?:\.\d+)+\s")
_BEFORE_NUMBER = re.compile(r",\s+(?=\d+(?:\.\d+)+\s)")
_CHAPTER = re.compile(r"ACOEM\s+Chapter\s+(\d+)\b\s*", re.IGNORECASE)
_GUIDELINES_SUFFIX = re.compile(r"\s+Guidelines?$", re.IGNORECASE)
_GUIDELINES_WORD = re.compile(r".*?\bGuidelines\b", re.IGNORECASE)
_OTHER_MEDICAL = re.compile(r"\s+and\s+Other Medical Treatment Guidelines\s+", re.IGNORECASE)
_OTHER_PREFIX = re.compile(r"Other Medical Treatment Guidelines\s+", re.IGNORECASE)
_NEXT_SOURCE = re.compile(r";\s+(?=(?:ODG|Official Disability Guidelines|ACOEM)\b)", re.IGNORECASE)
_ODG = re.compile(r"(?:Official Disability Guidelines|ODG)\b(?:\s*\(ODG\))?(?:\s+guidelines\b)?[\s,:\-]*", re.IGNORECASE)
_ACOEM = re.compile(r"ACOEM\b(?:\s+Occupational Medicine Practice)?(?:\s+Guidelines\b)?[\s,:\-]*", re.IGNORECASE)
_EDITION = re.compile(r"\d+(?:st|nd|rd|th)\s+ed(?:\.|ition)?", re.IGNORECASE)
_PAGE_REF = re.compile(r"(?:pg|pp|page|p)s?\.?\s*(\d+(?:\s*-\s*\d+)?)", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")
_SPLIT_CHARS = re.compile(r"[()\[\],;]")
_NEXT_CHAR = re.compile(r"\s*(\S)")


def parse_guideline_paragraph(text: str) -> GuidelineParagraph:
    """A whole guideline paragraph (already on one line) with its citations and flags."""
    return GuidelineParagraph(
        text=text,
        citations=parse_citations(text),
        no_evidence_cited=bool(_NO_EVIDENCE.search(text)),
        outside_mtus=bool(_OUTSIDE.search(text)),
    )


def parse_citations(text: str) -> tuple[Citation, ...]:
    """Every citation in the "Decision based on ..." statements of a paragraph, in order."""
    starts = [m.end() for m in _STATEMENT.finditer(text)]
    ends = [m.start() for m in _STATEMENT.finditer(text)][1:] + [len(text)]
    found: list[Citation] = []
    for start, end in zip(starts, ends):
        statement = _strip_end(text[start:end])
        non_mtus = _NON_MTUS_HEAD.match(statement)
        if non_mtus:
            found.extend(_non_mtus(statement[non_mtus.end() :]))
            continue
        mtus = _MTUS_HEAD.match(statement)
        found.extend(_mtus(statement[mtus.end() :] if mtus else statement))
    return tuple(found)


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".;, ").strip()


# MTUS ------------------------------------------------------------------------------------


def _mtus(text: str) -> list[Citation]:
    """``Shoulder Complaints 2004, Section(s): A, B, and Knee Complaints 2004`` and older forms."""
    years = list(_YEAR.finditer(text))
    if not years:
        return [_mtus_undated(text)] if text else []
    found, start = [], 0
    for i, year in enumerate(years):
        limit = years[i + 1].start() if i + 1 < len(years) else len(text)
        sections, end, next_start = _tail(text, year.end(), limit)
        name = text[start : year.start()]
        edition = year.group().split()[0]
        found.append(_mtus_citation(name, edition, _split_sections(sections), (), _strip_end(text[start:end])))
        start = next_start
    return found


def _tail(text: str, at: int, limit: int) -> tuple[str, int, int]:
    """After a guideline's year: its sections, where it ends and where the next name starts.

    Guidelines are joined by ", and " — but so are words in "Forearm, Wrist, and Hand
    Complaints", so a join followed by a known MTUS name is preferred to the first one.
    """
    head = _SECTIONS_HEAD.match(text, at, limit)
    body = head.end() if head else at
    if limit == len(text):
        return (text[body:] if head else ""), len(text), len(text)
    joins = list(_AND.finditer(text, body, limit))
    named = (j for j in joins if limit - j.end() <= _LONGEST_NAME and text[j.end() : limit].strip().lower() in _MTUS_NAMES)
    join = next(named, joins[0] if joins else None)
    end, next_start = (join.start(), join.end()) if join else (limit, limit)
    return (text[body:end] if head else ""), end, next_start


def _mtus_undated(text: str) -> Citation:
    """2013 form: ``Chronic Pain Treatment Guidelines Benzodiazepines Page(s): 24``."""
    pages_head = _PAGES_HEAD.search(text)
    before = text[: pages_head.start()] if pages_head else text
    pages = tuple(_pages(text[pages_head.end() :])) if pages_head else ()
    chapter = _CHAPTER.match(before)
    if chapter:
        name = _ACOEM_CHAPTERS.get(int(chapter.group(1)), f"ACOEM Chapter {chapter.group(1)}")
        section = before[chapter.end() :]
    else:
        named = _GUIDELINES_WORD.match(before)
        name, section = (named.group(), before[named.end() :]) if named else (before, "")
    sections = (section.strip(" ,"),) if section.strip(" ,") else ()
    return _mtus_citation(name, None, sections, pages, text)


def _mtus_citation(name: str, edition: str | None, sections: tuple[str, ...], pages: tuple[str, ...], span: str) -> Citation:
    return Citation(
        guideline=_mtus_name(name), edition=edition, sections=sections, pages=pages, mtus=True, tier="mtus", text=span
    )


def _mtus_name(name: str) -> str:
    """The MTUS's own spelling of a guideline's name; an unknown name as written, less "Guidelines"."""
    written = _GUIDELINES_SUFFIX.sub("", name.strip(" ,."))
    key = written.lower()
    return _MTUS_ALIASES.get(key) or _MTUS_NAMES.get(key) or written


def _split_sections(text: str) -> tuple[str, ...]:
    """Section titles: numbered ones ("3.3.6 Opioids ...: Use of ...") split only before a number."""
    text = _strip_end(text)
    if not text:
        return ()
    if _NUMBERED.match(text):
        parts = _BEFORE_NUMBER.split(text)
    else:
        parts = _split_top(text, ",", _starts_item)
    merged: list[str] = []
    for part in (p.strip() for p in parts):
        if merged and f"{merged[-1]}, {part}".lower() in _COMMA_TITLES:
            merged[-1] = f"{merged[-1]}, {part}"
        elif part:
            merged.append(part)
    return tuple(merged)


def _split_top(text: str, separators: str, accept: Callable[[str], bool] = lambda char: True) -> list[str]:
    """Split at separators outside brackets, where ``accept`` likes the start of what follows."""
    parts, depth, start = [], 0, 0
    for match in _SPLIT_CHARS.finditer(text):
        char, i = match.group(), match.start()
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            following = _NEXT_CHAR.match(text, i + 1)
            if accept(text[following.start(1) : following.start(1) + 8] if following else ""):
                parts.append(text[start:i])
                start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _starts_item(start: str) -> bool:
    """After ", " a capital or a digit starts a new title; "topical" continues "Capsaicin, topical"."""
    return start[:1].isupper() or start[:1].isdigit()


def _pages(text: str) -> list[str]:
    return [re.sub(r"\s+", "", m.group()) for m in _PAGE.finditer(text)]


# Non-MTUS --------------------------------------------------------------------------------


def _non_mtus(text: str) -> list[Citation]:
    """``Official Disability Guidelines (ODG), Shoulder Chapter, MRI and Other Medical Treatment Guidelines ...``."""
    pieces = []
    for part in _OTHER_MEDICAL.split(text):
        pieces.extend(_NEXT_SOURCE.split(part))
    return [_non_mtus_one(_strip_end(piece)) for piece in pieces if _strip_end(piece)]


def _non_mtus_one(text: str) -> Citation:
    body = text[_OTHER_PREFIX.match(text).end() :] if _OTHER_PREFIX.match(text) else text
    odg = _ODG.match(body)
    if odg:
        return _structured("Official Disability Guidelines", "odg", body[odg.end() :], text)
    acoem = _ACOEM.match(body)
    if acoem:
        return _structured("ACOEM Occupational Medicine Practice Guidelines", "acoem", body[acoem.end() :], text)
    return Citation(guideline=body, mtus=False, tier="other", text=text)


def _structured(guideline: str, tier: Tier, rest: str, span: str) -> Citation:
    """Edition, pages and sections from the comma-separated remainder of a citation."""
    edition, pages, sections = None, [], []
    for part in _split_top(rest, ",;", lambda start: _starts_item(start) or bool(_PAGE_REF.match(start))):
        page = _PAGE_REF.fullmatch(part)
        if edition is None and (_EDITION.fullmatch(part) or _BARE_YEAR.fullmatch(part)):
            edition = part
        elif page:
            pages.append(re.sub(r"\s+", "", page.group(1)))
        else:
            sections.append(part)
    return Citation(
        guideline=guideline, edition=edition, sections=tuple(sections), pages=tuple(pages), mtus=False, tier=tier, text=span
    )
