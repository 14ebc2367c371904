"""The on-disk catalog cache: used only while what it was built from is unchanged, never in the way.

Most tests cache a small stand-in (a dict of a directory's files) through the same ``cached``
the catalog uses, so each case is cheap; one test compares a cached catalog with a built one.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from mtus_rules.case.model import read_case
from mtus_rules.check import cache
from mtus_rules.check.catalog import Catalog, build_catalog, load_catalog
from mtus_rules.check.judge import check_case
from tests.conftest import EXAMPLES, RULES


class Builds:
    """A build function that counts its calls and returns the directory's file contents."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, directory: Path) -> dict[str, str]:
        self.calls += 1
        return {path.name: path.read_text() for path in sorted(directory.iterdir())}


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MTUS_CHECK_CACHE", raising=False)
    directory = tmp_path / "rules"
    directory.mkdir()
    (directory / "a.yaml").write_text("one\n")
    return directory


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "mtus-check").glob("*.pickle"))


def test_a_second_load_comes_from_the_cache(rules: Path, tmp_path: Path) -> None:
    build = Builds()
    first = cache.cached(rules, dict, build)
    second = cache.cached(rules, dict, build)
    assert first == second == {"a.yaml": "one\n"}
    assert build.calls == 1
    assert len(cache_files(tmp_path)) == 1


def test_a_changed_rule_file_is_rebuilt(rules: Path, tmp_path: Path) -> None:
    build = Builds()
    cache.cached(rules, dict, build)
    (rules / "a.yaml").write_text("two\n")
    assert cache.cached(rules, dict, build) == {"a.yaml": "two\n"}
    (rules / "b.yaml").write_text("new\n")
    assert cache.cached(rules, dict, build) == {"a.yaml": "two\n", "b.yaml": "new\n"}
    assert build.calls == 3
    assert len(cache_files(tmp_path)) == 1  # the stale entry was replaced, not kept beside


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # empty
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data.split(b"\n", 2)[0] + b"\n" + data.split(b"\n", 2)[1] + b"\n" + b"\x80\x05garbage",  # right key, bad pickle
        lambda data: b"random bytes \x00\xff" * 100,
    ],
)
def test_a_corrupt_cache_is_rebuilt_and_replaced(rules: Path, tmp_path: Path, damage) -> None:
    build = Builds()
    cache.cached(rules, dict, build)
    [file] = cache_files(tmp_path)
    file.write_bytes(damage(file.read_bytes()))
    assert cache.cached(rules, dict, build) == {"a.yaml": "one\n"}
    assert build.calls == 2
    assert cache.cached(rules, dict, build) == {"a.yaml": "one\n"}
    assert build.calls == 2  # the rebuilt entry is good again


def test_a_cache_file_others_could_write_is_not_trusted(rules: Path, tmp_path: Path) -> None:
    build = Builds()
    cache.cached(rules, dict, build)
    [file] = cache_files(tmp_path)
    file.chmod(0o666)
    cache.cached(rules, dict, build)
    assert build.calls == 2


def test_a_relative_directory_is_cached_apart_from_the_same_one_named_otherwise(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog keeps its files' paths as given, so each name gets what it would have built."""

    def paths(directory: Path) -> dict[str, str]:
        return {"first": str(sorted(directory.iterdir())[0])}

    monkeypatch.chdir(tmp_path)
    assert cache.cached(Path("rules"), dict, paths) == {"first": "rules/a.yaml"}
    monkeypatch.chdir(rules)
    assert cache.cached(Path("."), dict, paths) == {"first": "a.yaml"}
    assert cache.cached(rules, dict, paths) == {"first": str(rules / "a.yaml")}


def test_a_cache_of_the_wrong_type_is_not_trusted(rules: Path, tmp_path: Path) -> None:
    build = Builds()
    cache.cached(rules, dict, build)
    [file] = cache_files(tmp_path)
    header = file.read_bytes().split(b"\n", 2)
    file.write_bytes(header[0] + b"\n" + header[1] + b"\n" + pickle.dumps(["not", "a", "dict"]))
    assert cache.cached(rules, dict, build) == {"a.yaml": "one\n"}
    assert build.calls == 2


def test_an_unwritable_cache_directory_means_no_cache(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache directory cannot be made under a file, even by root")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    build = Builds()
    assert cache.cached(rules, dict, build) == cache.cached(rules, dict, build) == {"a.yaml": "one\n"}
    assert build.calls == 2


def test_an_unreadable_rule_file_is_left_to_the_build_to_report(rules: Path, tmp_path: Path) -> None:
    (rules / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")

    def build(directory: Path) -> dict[str, str]:
        return {"built": "and reported what it could not read"}

    assert cache.cached(rules, dict, build) == {"built": "and reported what it could not read"}
    assert cache_files(tmp_path) == []


def test_no_home_means_no_cache(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache.cache_dir() is None
    build = Builds()
    assert cache.cached(rules, dict, build) == {"a.yaml": "one\n"}


@pytest.mark.parametrize("value", ["off", "0", "no", "OFF"])
def test_the_cache_can_be_turned_off(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MTUS_CHECK_CACHE", value)
    build = Builds()
    cache.cached(rules, dict, build)
    cache.cached(rules, dict, build)
    assert build.calls == 2
    assert cache_files(tmp_path) == []


def test_a_cached_catalog_judges_as_a_built_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MTUS_CHECK_CACHE", raising=False)
    load_catalog(RULES)  # fills the cache
    assert len(cache_files(tmp_path)) == 1
    monkeypatch.setattr("mtus_rules.check.catalog.build_catalog", None)  # a second load may not build
    cached = load_catalog(RULES)
    built = build_catalog(RULES)
    assert isinstance(cached, Catalog)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        case = read_case(path)
        day = case.request_date or dt.date(2017, 1, 1)
        assert check_case(cached, case, day).to_dict() == check_case(built, case, day).to_dict()
