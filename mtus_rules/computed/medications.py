"""Medication facts computed from the record (doses, supplies, ingredients)."""

from __future__ import annotations
