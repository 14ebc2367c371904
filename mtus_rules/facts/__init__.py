"""Facts: from a case and its record to the values criteria test.

``spec`` reads the declared forms of ``rules/facts/*.yaml``; ``finder`` evaluates them for one
requested item; ``computed/`` holds the generic mechanics a declaration cannot say (counts,
durations, amounts).
May import: ``engine``, ``mtus_rules.case``, ``mtus_rules.reading``.
"""
