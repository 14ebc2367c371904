"""Facts: from a case and its record to the values criteria test.

``spec`` reads the declared forms of ``rules/facts/*.yaml`` (mentions, tried, weeks on a drug,
another item's outcome, a finding about the studied place, a study's report, relief after an
injection, the item's words, any_of / all_of / count_of over other facts); ``finder`` evaluates
them for one requested item; ``computed/`` holds the generic mechanics a declaration cannot say
(where a finding is written, counts, durations, amounts) and the readers the forms use.
May import: ``engine``, ``mtus_rules.case``, ``mtus_rules.reading``.
"""
