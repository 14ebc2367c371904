"""Collects the YAML tests beside the rules (``rules/topics/*.yaml``) as pytest items.

A failure reads ``rules/topics/benzodiazepines.yaml:42: test 'no first-line trial':
criterion first_line_failed: expected unmet, got unknown``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError
from engine.ruletests import TestResult
from mtus_rules.check.catalog import Catalog, load_catalog


@lru_cache(maxsize=4)
def _catalog(directory: Path) -> Catalog:
    return load_catalog(directory)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.name == "topics" and (file_path.parent.parent / "sources.yaml").is_file():
        return RuleFile.from_parent(parent, path=file_path)
    return None


class RuleTestFailed(Exception):
    def __init__(self, result: TestResult):
        self.result = result
        super().__init__(str(result))


class RuleFile(pytest.File):
    def collect(self) -> Any:
        try:
            catalog = _catalog(self.path.parent.parent.resolve())
        except EngineError as error:
            raise self.CollectError(str(error)) from None
        for loaded in catalog.book.rules:
            if Path(loaded.file).resolve() == self.path.resolve():
                for index, test in enumerate(loaded.rule.tests):
                    yield RuleTestItem.from_parent(self, name=test.name, catalog=catalog, loaded=loaded, index=index)


class RuleTestItem(pytest.Item):
    def __init__(self, *, catalog: Catalog, loaded: Any, index: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.catalog, self.loaded, self.index = catalog, loaded, index

    def runtest(self) -> None:
        from mtus_rules.authoring.selftest import run_one

        result = run_one(self.catalog, self.loaded, self.index)
        if not result.passed:
            raise RuleTestFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleTestFailed):
            return str(excinfo.value.result)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.loaded.line_of("tests", self.index)
        return self.path, (line - 1) if line else None, f"{self.loaded.rule.id}: {self.name}"
