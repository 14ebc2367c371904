"""The disputed items of a letter's issues section: each request, its decision, its paragraphs.

Each item's ``: Upheld`` / ``: Overturned`` is followed by its guideline paragraphs and its
rationale. Its request has no marker of its start: it is the last sentence before the
decision (partially certified items take the two or three sentences of their standard form).
"""

from __future__ import annotations

import re

from mtus_rules.letters.labels import first_labels, lower_ascii
from mtus_rules.letters.models import ISSUES_HEADING, LetterError

__all__ = ["items"]

_SET_FORTH = re.compile(r"set forth below\s*:\s*", re.I)
_DECISION = re.compile(
    r":\s*(?P<decision>(?i:upheld|overturned))\b\s*"
    r"(?=(?i:Claims Administrator guideline|MAXIMUS guideline|Decision rationale)\s*:|$)"
)
_RATIONALE_LABEL = re.compile(r"[Dd](?i:(?<=d)ecision rationale\s*:)")  # [Dd]: see labels.py
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def items(section: str, file: str) -> list[dict[str, object]]:
    """The fields of each ``Item`` in the section after the issues heading, in letter order."""
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
    found = []
    for index, marker in enumerate(markers):
        body_end = headers[index + 1] if index + 1 < len(markers) else len(section)
        header = section[headers[index] : marker.start()].strip()
        if not header:
            decision = marker.group("decision")
            raise LetterError.one(file, None, f'item {index + 1}: no request before its decision "{decision}"')
        found.append(_item(index, header, marker.group("decision"), section[marker.end() : body_end]))
    return found


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
    lowered = lower_ascii(header)
    if lowered is not None and "original request" not in lowered:
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
    ordered = sorted(first_labels(body).items(), key=lambda kv: kv[1][0])
    result = {}
    for i, (label, (_, end)) in enumerate(ordered):
        stop = ordered[i + 1][1][0] if i + 1 < len(ordered) else len(body)
        result[label] = body[end:stop].strip()
    return result
