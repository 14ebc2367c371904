"""The check: the catalog, which rule judges an item, and the verdict for every item of a case.
May import: ``engine``, ``mtus_rules.case``, ``mtus_rules.reading``, ``mtus_rules.facts``.
"""
