"""Tools for rule authors: the lint, the rule self-test and the pytest plugin that runs rule tests.
May import: ``check`` and below.
"""
