"""MTUS domain: case files, IMR letters, fact finding, prediction, audit and the CLI."""
