"""``python -m mtus_rules`` is ``mtus-check``."""

from mtus_rules.cli import run

if __name__ == "__main__":
    run()
