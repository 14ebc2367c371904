"""The command line: argument parsing, terminal and JSON reports, one line per error and exit codes.
May import: everything; nothing imports it.
"""

from __future__ import annotations

import gc
from typing import Any

__all__ = ["run"]


def run() -> Any:
    """The ``mtus-check`` program. Its imports make some 60,000 long-lived objects (modules,
    classes, functions); the cyclic garbage collector, run between them, would only walk
    them again and again (~10% of a case check), so it is paused while they are made and
    they are then frozen out of later collections."""
    gc.disable()
    try:
        from mtus_rules.cli.main import main
    finally:
        gc.enable()
    gc.freeze()
    return main()
