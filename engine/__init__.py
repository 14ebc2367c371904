"""A generic rule engine: YAML rules with citations, compiled onto durable-rules and
evaluated in three-valued logic (met / unmet / unknown). Knows nothing of MTUS."""
