"""The case: what a provider submits (a case file) and what a letter is restated as.

Owns the pydantic model of a case file and its loading with line marks.
May import: ``engine``.
"""
