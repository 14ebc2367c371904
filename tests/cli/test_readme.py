"""The README's first commands are what a newcomer runs first, and what CI runs."""

from __future__ import annotations

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return block.strip().splitlines()


def test_the_readme_starts_with_two_commands_for_a_fresh_machine() -> None:
    setup, tests = readme_commands()
    assert "pip install" in setup and "mtus-check examples/" in setup
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    assert readme_commands()[1] in (ROOT / ".ci" / "run").read_text()


def test_the_readme_example_exists() -> None:
    example = readme_commands()[0].split("mtus-check ", 1)[1].split()[0]
    assert (ROOT / example).is_file()
