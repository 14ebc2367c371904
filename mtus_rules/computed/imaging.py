"""Imaging and electrodiagnostic facts computed from the record (regions, prior studies)."""

from __future__ import annotations
