"""Surgery and its ancillaries: facts computed from the record."""

from __future__ import annotations
