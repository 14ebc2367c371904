"""An IMR final determination letter, parsed from its text.

The same letter arrives as extracted text and as a PDF whose text (pypdfium2) has other
line breaks, no blank lines, ``\\r\\n`` and U+FFFE where a word was hyphenated at a line
end. So nothing here looks at layout: the text is first made one single-spaced line and
every part is found by its wording — the header labels, the section headings, each
disputed item's ``: Upheld`` / ``: Overturned`` followed by its guideline paragraphs.

An item's request text has no marker of its start; it is the last sentence before the
decision (partially certified items take the two or three sentences of their standard
form). Regexes are precompiled and linear: hostile text costs time in proportion to its
length, never more.

A prediction may see the case summary and the request only; ``prediction_input`` is the
one way to hand an item to a predictor, so the rationale, decision and citations of the
item being predicted cannot leak into it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal, NamedTuple

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, computed_field

from engine.errors import InputError
from mtus_rules.letters.citations import GuidelineParagraph, parse_guideline_paragraph
from mtus_rules.reading.dates import find_dates
from mtus_rules.reading.text import normalize

__all__ = [
    "LetterError", "Reviewer", "Item", "Letter", "PredictionInput",
    "parse_letter", "prediction_input", "clean_text", "ISSUES_HEADING",
]

ISSUES_HEADING = "IMR ISSUES, DECISIONS AND RATIONALES"
Decision = Literal["Upheld", "Overturned"]


class LetterError(InputError):
    """A file is not a readable IMR determination letter."""


class Reviewer(BaseModel):
    model_config = ConfigDict(frozen=True)

    licensure: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()


class Item(BaseModel):
    """One disputed item: the request as written, the decision, and why.

    Its guideline paragraphs are parsed into citations when first read: an audit never
    reads them, ``mtus-check letter`` and the letter's JSON do."""

    model_config = ConfigDict(frozen=True)

    index: int
    item: str
    decision: Decision
    original: str | None = None
    authorized: str | None = None
    disputed: str | None = None
    claims_paragraph: str | None = Field(None, exclude=True, repr=False)
    reviewer_paragraph: str | None = Field(None, exclude=True, repr=False)
    rationale: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims_guideline(self) -> GuidelineParagraph | None:
        return _guideline(self.claims_paragraph)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def reviewer_guideline(self) -> GuidelineParagraph | None:
        return _guideline(self.reviewer_paragraph)

    @property
    def partial(self) -> bool:
        """Only part of the original request went to IMR, or it did after part was authorized."""
        return self.disputed is not None


def _guideline(paragraph: str | None) -> GuidelineParagraph | None:
    return parse_guideline_paragraph(paragraph) if paragraph is not None else None


class Letter(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    case_number: str | None = None
    date_assigned: dt.date | None = None
    date_of_injury: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    received_date: dt.date | None = None
    priority: str | None = None
    reviewer: Reviewer = Reviewer()
    summary: str = ""
    items: tuple[Item, ...]


class PredictionInput(BaseModel):
    """All a prediction may see of one item: never its rationale, decision or citations."""

    model_config = ConfigDict(frozen=True)

    file: str
    index: int
    summary: str
    item: str
    original: str | None
    authorized: str | None
    disputed: str | None
    date_of_injury: dt.date | None
    date_assigned: dt.date | None
    ur_denial_date: dt.date | None
    decision_date: dt.date | None


def prediction_input(letter: Letter, index: int) -> PredictionInput:
    """What a predictor may use to predict item ``index`` of ``letter``."""
    item = letter.items[index]
    return PredictionInput(
        file=letter.file, index=index, summary=letter.summary, item=item.item,
        original=item.original, authorized=item.authorized, disputed=item.disputed,
        date_of_injury=letter.date_of_injury, date_assigned=letter.date_assigned,
        ur_denial_date=letter.ur_denial_date, decision_date=letter.decision_date,
    )


# Text -----------------------------------------------------------------------------------

# U+FFFE (pypdfium2) and U+0002 mark a hyphen at a line end, as "-\n" does in extracted text;
# a soft hyphen before white space is one too, elsewhere it is invisible.
_LINE_HYPHENS = ("\ufffe", "\x02")
_SOFT_HYPHEN = re.compile("\u00ad(?=\\s)")
_ODD = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\ufeff]")
_INVISIBLE = frozenset("\x00\u00ad\u200b\ufeff")
# _ODD's characters, each sought with ``in`` (a C loop) before _ODD runs: most letters have none.
_ODD_CHARS = tuple(chr(code) for code in (*range(128), 0xAD, 0x200B, 0xFEFF) if _ODD.match(chr(code)))


def clean_text(text: str) -> str:
    """One line of single-spaced text, the same for a letter's PDF and its extracted text."""
    text = _join_line_hyphens(text)
    if any(odd in text for odd in _ODD_CHARS):
        text = _ODD.sub(lambda m: "" if m.group() in _INVISIBLE else " ", text)
    return normalize(text)


def _join_line_hyphens(text: str) -> str:
    """Each line-end hyphen mark as "-\\n". Most PDF letters have a few: a ``str.replace``
    per mark and one search per character (C loops) find them four times faster than a
    pattern of all three tried at every position; a replacement never puts white space
    after a soft hyphen, so replacing one mark after another changes nothing else."""
    for mark in _LINE_HYPHENS:
        if mark in text:
            text = text.replace(mark, "-\n")
    return _SOFT_HYPHEN.sub("-\n", text) if "\u00ad" in text else text


# Sections -------------------------------------------------------------------------------

_ISSUES = re.compile(r"IMR ISSUES,? DECISIONS,? AND RATIONALES")
_SUMMARY = re.compile(r"CLINICAL CASE SUMMARY")
_SUMMARY_INTRO = re.compile(r"The \w+(?: \w+)? reviewer developed the following clinical case summary[^:]{0,200}:\s*", re.I)
_HEADER_END = re.compile(
    r"HOW THE IMR FINAL DETERMINATION WAS MADE|The Expert Reviewer has the following credentials|CLINICAL CASE SUMMARY"
)
_SET_FORTH = re.compile(r"set forth below\s*:\s*", re.I)
_DECISION = re.compile(
    r":\s*(?P<decision>(?i:upheld|overturned))\b\s*"
    r"(?=(?i:Claims Administrator guideline|MAXIMUS guideline|Decision rationale)\s*:|$)"
)
# Case-blind patterns scanned over long text start with a case-sensitive class of every
# letter their first letter matches ignoring case (``s`` also matches U+017F), and a
# lookbehind repeats that letter inside ``(?i:...)``: the engine then skips to those letters
# instead of trying every alternative at each position (three times faster, same matches).
_LABEL = re.compile(
    r"(?P<label>[CcMmDd](?i:(?<=c)laims administrator guideline|(?<=m)aximus guideline|(?<=d)ecision rationale))\s*:\s*"
)
_LABELS = ("claims administrator guideline", "maximus guideline", "decision rationale")  # _LABEL's, in lower case
_COLON = re.compile(r"\s*:\s*")  # what follows a label in _LABEL
_RATIONALE_LABEL = re.compile(r"[Dd](?i:(?<=d)ecision rationale\s*:)")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def parse_letter(text: str, file: Path | str = "<text>") -> Letter:
    """A letter from its text; LetterError names the file when it is not an IMR letter."""
    try:
        return _parse(clean_text(text), str(file))
    except InputError:
        raise
    except (RecursionError, MemoryError, ValueError, IndexError, TypeError, KeyError, AttributeError) as error:
        message = f"internal error while parsing the letter ({type(error).__name__}: {error}); please report it"
        raise LetterError.one(file, None, message) from error


def _parse(text: str, file: str) -> Letter:
    issues = _ISSUES.search(text)
    if issues is None:
        raise LetterError.one(file, None, f'not an IMR determination letter: no "{ISSUES_HEADING}" section')
    front = text[: issues.start()]
    items = _items(text[issues.end() :].strip(), file)
    fields = {"file": file, **_header(front), "reviewer": _reviewer(front), "summary": _summary(front), "items": items}
    return Letter.model_validate(fields)  # one validation: the parts are plain dicts, not models built one by one


def _summary(front: str) -> str:
    heading = _SUMMARY.search(front)
    if heading is None:
        return ""
    body = front[heading.end() :].strip()
    intro = _SUMMARY_INTRO.match(body)
    return body[intro.end() :].strip() if intro else body


# Header ---------------------------------------------------------------------------------

_HEADER_LABELS = {
    "case number": "case_number", "date assigned": "date_assigned", "date of injury": "date_of_injury",
    "decision date": "decision_date", "ur denial date": "ur_denial_date", "received": "received_date",
    "received date": "received_date", "date received": "received_date", "priority": "priority",
}
# Each begins at the start of a word (the lookbehind after its first letters says so, as ``\b``
# before them would, but the engine can skip to those letters; see _LABEL). Neither can begin
# inside the other, so scanned one after the other they find what one scan of both would.
_HEADER_LABEL = re.compile(
    r"(?P<label>[CcDdPpRrUu](?<!\w\w)(?i:(?<=c)ase number|(?<=d)ate assigned|(?<=d)ate of injury|(?<=d)ecision date|"
    r"(?<=u)r denial date|(?<=r)eceived date|(?<=d)ate received|(?<=r)eceived|(?<=p)riority))\s*:"
)
_CASE_NUMBER = re.compile(r"CM(?<!\wCM)\d{2}-\d{5,8}\b")


def _header(front: str) -> dict[str, object]:
    """Header fields: labels and values may come in any order or on other lines.

    Labels queue up and values are taken in order — dates by date labels, the case
    number by its own, any other text by "Priority" — so "Date Assigned: Date of Injury:
    11/09/2016 10/13/2016" pairs as a reader would.
    """
    end = _HEADER_END.search(front)
    region = front[: end.start()] if end else front[:2000]
    tokens: list[tuple[int, int, str, object]] = [
        (m.start(), m.end(), "label", _HEADER_LABELS[m["label"].lower()]) for m in _HEADER_LABEL.finditer(region)
    ]
    cases = [m.span() for m in _CASE_NUMBER.finditer(region)]
    tokens += [(s, e, "case", region[s:e]) for s, e in cases]
    for day, start, stop in find_dates(region):
        if not any(s < stop and start < e for s, e in cases):
            tokens.append((start, stop, "date", day))
    tokens.sort(key=lambda t: t[0])
    return _pair(region, tokens)


def _pair(region: str, tokens: list[tuple[int, int, str, object]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    waiting: list[str] = []
    position = 0
    for start, end, kind, value in tokens:
        if "priority" in waiting:  # never in ``waiting`` once in ``fields``
            gap = region[position:start].strip(" ,;")
            if gap:
                fields["priority"] = gap
                waiting.remove("priority")
        position = end
        if kind == "label":
            if value not in fields and value not in waiting:
                waiting.append(str(value))
            continue
        wanted = "case_number" if kind == "case" else next((w for w in waiting if w not in ("case_number", "priority")), None)
        if wanted is not None and wanted not in fields:
            fields[wanted] = value
            if wanted in waiting:
                waiting.remove(wanted)
    gap = region[position:].strip(" ,;") if "priority" in waiting else ""
    if gap:
        fields["priority"] = gap
    return fields


# Reviewer -------------------------------------------------------------------------------

class _CaseBlind(NamedTuple):
    """A case-blind pattern and the lower-case words each of its matches begins with.

    In ASCII text lowering keeps every character in its place and ignoring case means
    nothing but ASCII case, so ``str.find`` in the lower-cased text finds each place the
    pattern can match (a C search) and only those are tried, as ``_first_labels`` does: the
    letters "s" and "c" the label patterns skip to are everywhere."""

    pattern: re.Pattern[str]
    prefix: str

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """``pattern.search(text)``; ``lowered`` is ``_lowered(text)``."""
        if lowered is None:
            return self.pattern.search(text)
        at = lowered.find(self.prefix)
        while at >= 0:
            found = self.pattern.match(text, at)
            if found is not None:
                return found
            at = lowered.find(self.prefix, at + 1)
        return None


def _lowered(text: str) -> str | None:
    """The text in lower case when it is ASCII, for a ``_CaseBlind`` search; else None (it scans)."""
    return text.lower() if text.isascii() else None


_LICENSURE = _CaseBlind(re.compile(r"[Ss\u017f](?i:(?<=s)tate\(?s?\)? of Licensure\s*:\s*)"), "state")  # [Ss]: see _LABEL
_SPECIALTY = _CaseBlind(re.compile(r"[Cc](?i:(?<=c)ertifications?\(?s?\)?\s*/\s*Specialt(?:y|ies)\s*:\s*)"), "certification")
# What follows a labelled credential: another label or the next heading.
_CREDENTIAL_NEXT = re.compile(
    r"[SsCcHh\u017f](?i:(?<=s)tate\(?s?\)? of Licensure|(?<=c)ertifications?\(?s?\)?\s*/\s*Specialt|"
    r"(?<=c)linical case summary|(?<=h)ow the imr)"
)
_BOARD = re.compile(r"Board Certified in (?P<value>[^.]{1,200}?)(?:,? and (?:is )?licensed|\.)", re.I)
_LICENSED = re.compile(r"licensed to practice in (?P<value>[^.]{1,200})\.", re.I)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_COMMA = re.compile(r"\s*,\s*")


def _reviewer(front: str) -> dict[str, tuple[str, ...]]:
    heading = _SUMMARY.search(front)
    front = front[: heading.start()] if heading else front
    lowered = _lowered(front)
    licensure = _labelled(front, lowered, _LICENSURE) or _phrase(front, _LICENSED)
    specialties = _labelled(front, lowered, _SPECIALTY) or _phrase(front, _BOARD)
    return {"licensure": _split_list(licensure, _LIST_SEPARATOR), "specialties": _split_list(specialties, _COMMA)}


def _labelled(front: str, lowered: str | None, label: _CaseBlind) -> str:
    m = label.search(front, lowered)
    if m is None:
        return ""
    return front[m.end() : _credential_end(front, m.end())]


def _credential_end(front: str, start: int) -> int:
    """Where a credential that begins at ``start`` ends: at the white space before what follows
    it, else 300 characters on. The white space is stripped, not matched before every letter."""
    stop = _CREDENTIAL_NEXT.search(front, start)
    if stop is None:
        return min(len(front), start + 300)
    return start + len(front[start : stop.start()].rstrip())


def _phrase(front: str, pattern: re.Pattern[str]) -> str:
    m = pattern.search(front)
    return m.group("value") if m else ""


def _split_list(text: str, separator: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(part.strip(" .") for part in separator.split(text) if part.strip(" ."))


# Items ----------------------------------------------------------------------------------


def _items(section: str, file: str) -> list[dict[str, object]]:
    intro = _SET_FORTH.search(section, 0, 400)
    start = intro.end() if intro else 0
    markers = list(_DECISION.finditer(section, start))
    if not markers:
        raise LetterError.one(
            file, None, f'no disputed item with a decision (": Upheld" or ": Overturned") in the "{ISSUES_HEADING}" section'
        )
    headers = []
    for index, marker in enumerate(markers):
        floor = start if index == 0 else _after_rationale_label(section, markers[index - 1].end(), marker.start())
        headers.append(_header_start(section, floor, marker.start()))
    items = []
    for index, marker in enumerate(markers):
        body_end = headers[index + 1] if index + 1 < len(markers) else len(section)
        header = section[headers[index] : marker.start()].strip()
        if not header:
            decision = marker.group("decision")
            raise LetterError.one(file, None, f'item {index + 1}: no request before its decision "{decision}"')
        items.append(_item(index, header, marker.group("decision"), section[marker.end() : body_end]))
    return items


def _after_rationale_label(section: str, start: int, end: int) -> int:
    """Where the next request may start: after the previous item's "Decision rationale:" label."""
    label = _RATIONALE_LABEL.search(section, start, end)
    return label.end() if label else start


def _header_start(section: str, floor: int, end: int) -> int:
    """The start of the request that ends at ``end``: its last sentence, or the partial form.

    A partially certified item is written "X was the original request. Y was authorized
    by the Claims Administrator. The remaining IMR eligible portion of the original
    request, Z is" (or "The Claims Administrator authorized Y, leaving the original request
    IMR eligible. The original request, X is"); those sentences belong to the request.
    """
    starts = _last_sentences(section, floor, end)
    chosen = len(starts) - 1
    if not _DISPUTED.fullmatch(section, starts[chosen], end):
        return starts[chosen]
    for allowed in (("authorized", "original"), ("original",)):
        kind = _partial_kind(section[starts[chosen - 1] : starts[chosen]]) if chosen else None
        if kind not in allowed:
            break
        chosen -= 1
        if kind == "original":
            break
    return starts[chosen]


_REQUEST_REACH = 600  # characters before a decision where its request's sentences are sought first


def _last_sentences(section: str, floor: int, end: int) -> list[int]:
    """The starts of the sentences from ``floor`` to ``end``, or at least the last three of them.

    ``floor`` is the end of the previous item's rationale label, so the whole rationale lies
    in between; the request needs only its last three sentences. They are sought first from
    shortly before ``end``: a sentence end that begins before that place is at most missed
    (no other begins inside one), and it would come before the three found after it."""
    window = end - _REQUEST_REACH
    if window > floor:
        starts = [m.end() for m in _SENTENCE_END.finditer(section, window, end) if m.end() < end]
        if len(starts) >= 3:
            return starts
    return [floor] + [m.end() for m in _SENTENCE_END.finditer(section, floor, end) if m.end() < end]


# Partially certified items --------------------------------------------------------------

_ORIGINAL = re.compile(r"(?P<value>.+?)\s+was the original request[.\s]*", re.I)
_AUTHORIZED_A = re.compile(r"(?P<value>.+?)\s+(?:was|were) authorized by the Claims Administrator[.\s]*", re.I)
_AUTHORIZED_B = re.compile(
    r"The Claims Administrator authorized\s+(?P<value>.+?),?\s+leaving the original request IMR eligible[.\s]*", re.I
)
_DISPUTED = re.compile(
    r"(?:The remaining IMR eligible portion of the original request|The original request)\s*,"
    r"\s*(?P<value>.+?)\s+(?:is|are)\s*",
    re.I,
)


def _partial_kind(sentence: str) -> str | None:
    for kind, pattern in (("original", _ORIGINAL), ("authorized", _AUTHORIZED_A), ("authorized", _AUTHORIZED_B)):
        if pattern.fullmatch(sentence):
            return kind
    return None


def _partial(header: str) -> dict[str, str] | None:
    """original/authorized/disputed from "X was the original request. Y was authorized ... Z is".

    Most requests are not partial: in ASCII text one C search for the words that both forms of
    the last sentence (``_DISPUTED``) end with tells so, before the sentences are sought."""
    if header.isascii() and "original request" not in header.lower():
        return None
    return _partial_parts(header)


def _partial_parts(header: str) -> dict[str, str] | None:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(header)]
    last = _DISPUTED.fullmatch(header, starts[-1])
    if last is None:
        return None
    found = {"disputed": last.group("value").strip()}
    for start, stop in zip(starts, starts[1:]):
        sentence = header[start:stop]
        for key, pattern in (("original", _ORIGINAL), ("authorized", _AUTHORIZED_A), ("authorized", _AUTHORIZED_B)):
            m = pattern.fullmatch(sentence)
            if m and key not in found:
                found[key] = m.group("value").strip()
                break
    return found


def _item(index: int, header: str, decision: str, body: str) -> dict[str, object]:
    """An ``Item``'s fields."""
    parts = _partial(header)
    paragraphs = _paragraphs(body)
    return {
        "index": index,
        "item": parts["disputed"] if parts else header,
        "decision": "Upheld" if decision.lower() == "upheld" else "Overturned",
        "original": parts.get("original") if parts else None,
        "authorized": parts.get("authorized") if parts else None,
        "disputed": parts.get("disputed") if parts else None,
        "claims_paragraph": paragraphs.get("claims administrator guideline"),
        "reviewer_paragraph": paragraphs.get("maximus guideline"),
        "rationale": paragraphs.get("decision rationale"),
    }


def _paragraphs(body: str) -> dict[str, str]:
    """The first "Claims Administrator guideline:", "MAXIMUS guideline:" and "Decision rationale:"."""
    ordered = sorted(_first_labels(body).items(), key=lambda kv: kv[1][0])
    result = {}
    for i, (label, (_, end)) in enumerate(ordered):
        stop = ordered[i + 1][1][0] if i + 1 < len(ordered) else len(body)
        result[label] = body[end:stop].strip()
    return result


def _first_labels(body: str) -> dict[str, tuple[int, int]]:
    """(start, end) of each label's first match, none after the rationale's (what follows is the rationale).

    Every label followed by a colon is a match (none can begin inside another), so in ASCII
    text, where lower case keeps each place and ignoring case means nothing else, each label
    is found with ``str.find`` in the lower-cased text: the guideline paragraphs are scanned
    at C speed, not tried at every C, M and D."""
    if not body.isascii():
        return _scanned_labels(body)
    lowered = body.lower()
    found = {}
    for label in _LABELS:
        at = lowered.find(label)
        while at >= 0:
            colon = _COLON.match(body, at + len(label))
            if colon is not None:
                found[label] = (at, colon.end())
                break
            at = lowered.find(label, at + 1)
    rationale = found.get("decision rationale")
    return {label: span for label, span in found.items() if rationale is None or span[0] <= rationale[0]}


def _scanned_labels(body: str) -> dict[str, tuple[int, int]]:
    firsts: dict[str, tuple[int, int]] = {}
    for m in _LABEL.finditer(body):
        label = m.group("label").lower()
        if label in firsts:
            continue
        firsts[label] = m.span()
        if label == "decision rationale" or len(firsts) == 3:
            break
    return firsts
