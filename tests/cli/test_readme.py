"""The README's first commands are what a newcomer runs first, and what CI runs."""

from __future__ import annotations

import glob
import json
import shlex
from pathlib import Path

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


def _shown_commands() -> list[str]:
    """Every ``mtus-check`` line of the README's shell blocks, without its comment."""
    text = (ROOT / "README.md").read_text()
    blocks = [part.split("```", 1)[0] for part in text.split("```sh\n")[1:]]
    lines = [line.split("  #", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("mtus-check ")]


OUTPUTS = {"-o", "--output", "--html"}


def _runnable(line: str, tmp_path: Path) -> list[str] | None:
    """The arguments of a README command as run from the checkout, outputs sent to ``tmp_path``;
    None when it names a file only a user has (``letters/``, ``/archive``) or starts a server."""
    words = shlex.split(line.replace("case.yaml [more.yaml ...]", EXAMPLE).replace("case.yaml ", EXAMPLE + " "))[1:]
    if words[0] == "serve":
        return None
    args: list[str] = []
    for before, word in zip(["", *words], words):
        if word == ">" or before == ">":
            continue  # stdout is the runner's
        if before in OUTPUTS:
            args.append(str(tmp_path / Path(word).name))
        elif not word.startswith("-") and ("/" in word or "." in word):
            if not (ROOT / word).exists() and not glob.glob(str(ROOT / word)):
                return None
            args.append(str(ROOT / word))
        else:
            args.append(word)
    return args


EXAMPLE = "examples/seed-000-clonazepam.yaml"


def test_the_readme_commands_run_as_shown(tmp_path: Path) -> None:
    """Each example a user can run from a checkout exits as a finished command does (0, or 1 for
    a request that does not certify), without a usage error: no option in the README is stale."""
    from typer.testing import CliRunner

    from mtus_rules.cli.main import app

    ran = set()
    for line in _shown_commands():
        args = _runnable(line, tmp_path)
        if args is None:
            continue
        if args[0] == "audit":
            args += ["--workers", "1"]  # the README's run every core; one keeps the suite light
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code in (0, 1), f"{line}: exit {result.exit_code}: {result.stderr}"
        ran.add(args[0])
    assert {str(ROOT / EXAMPLE), "schema", "rules", "letter"} <= ran


def test_the_readme_case_file_is_a_valid_case(tmp_path: Path) -> None:
    """The case file the README shows loads as it is (every key of it is one the schema knows)."""
    from typer.testing import CliRunner

    from mtus_rules.cli.main import app

    section = (ROOT / "README.md").read_text().split("### The case file", 1)[1]
    case = tmp_path / "case.yaml"
    case.write_text(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    result = CliRunner().invoke(app, [str(case), "-f", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    assert [r["item"] for r in json.loads(result.stdout)["cases"][0]["requests"]] == ["Lorazepam 0.5mg #14", "CBC"]
