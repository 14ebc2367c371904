"""The audit: prediction from a letter's summary, rows, metrics, the process pool and the local and Dask runners, outputs, coverage.
May import: everything below the CLI (``check``, ``letters``, ``facts``, ``reading``, ``case``, ``engine``).
"""
