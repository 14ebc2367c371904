"""IMR determination letters: reading PDF or text, parsing the header, summary and items, citations.
May import: ``engine``, ``mtus_rules.reading``.
"""
