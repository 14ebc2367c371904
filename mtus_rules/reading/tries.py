"""Phrases as a trie of their words' keys, so that a text is read once whatever the number of phrases.

A node is a dict from a word's key to the next node; a phrase's last node holds its labels
under the end key ``""``, which no word's key is. The phrase matchers (``text``) and the
ConText cues (``context``) are both built on it; the matchers walk it inline.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Trie"]


class Trie:
    """Token sequences to labels, matched longest first at each position."""

    def __init__(self) -> None:
        self.root: dict[str, dict] = {}

    def add(self, phrase: tuple[str, ...], label: str) -> None:
        """A phrase's end holds its labels sorted (the order mentions come in), once for every scan."""
        if not phrase:
            return
        node = self.root
        for part in phrase:
            node = node.setdefault(part, {})
        labels = node.get("", ())
        if label not in labels:
            node[""] = tuple(sorted((*labels, label)))

    def longest(self, keys: Sequence[str], at: int) -> tuple[int, tuple[str, ...]]:
        """The end and labels of the longest phrase starting at ``at`` (end = at if none)."""
        node, end, labels = self.root, at, ()
        for i in range(at, len(keys)):
            node = node.get(keys[i])
            if node is None:
                break
            if "" in node:
                end, labels = i + 1, node[""]
        return end, labels
