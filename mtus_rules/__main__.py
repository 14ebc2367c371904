"""``python -m mtus_rules`` is ``mtus-check``."""

from mtus_rules.cli.main import main

if __name__ == "__main__":
    main()
