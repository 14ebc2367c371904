"""The audit: prediction from a letter's summary, rows, metrics, the local and Dask runners, outputs.
May import: everything below the CLI (``check``, ``letters``, ``facts``, ``reading``, ``case``, ``engine``).
"""
