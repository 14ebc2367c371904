"""Shared fixtures and hypothesis profiles.

Paths are found from this file, never from the working directory. The ``ci`` profile
(the default) keeps property tests to a few seconds; ``HYPOTHESIS_PROFILE=thorough``
runs many more examples.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from mtus_rules.check.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT.parent / "shared" / "corpus"

# The catalog cache of a test run goes in a directory of its own, not the user's (subprocesses inherit it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mtus-check-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(RULES)


def corpus_or_skip(*parts: str) -> Path:
    """A path in ../shared/corpus, or skip: the corpus is beside the repo, not in it."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not found at {path} (it lives beside the repository, in ../shared)")
    return path
