"""The audit: prediction from a letter's summary, rows, metrics, the process pool, the local and Dask
runners, outputs, and the items no rule covers.
May import: everything below the CLI (``check``, ``letters``, ``facts``, ``reading``, ``case``, ``engine``).
"""
