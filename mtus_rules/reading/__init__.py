"""Clinical text: clauses, negation, dates, quantities, vocabulary classes and the lexicon.

Knows how clinical sentences are written, nothing about rules or letters.
May import: ``engine``, ``mtus_rules.case``.
"""
