"""The package's bytecode, compiled before a benchmark times it.

Installed from a wheel, the package has its bytecode, as the libraries it is measured
against have theirs in site-packages. A source checkout on a machine that sets
PYTHONDONTWRITEBYTECODE (as some CI images do) would otherwise compile every module's source
again at every start, and the start-up figures would measure the compiler.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_package() -> None:
    for package in ("engine", "mtus_rules"):
        compileall.compile_dir(ROOT / package, quiet=1)
