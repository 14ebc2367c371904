"""The command line: argument parsing, terminal and JSON reports, one line per error and exit codes.
May import: everything; nothing imports it.
"""
