"""The HTTP service: CDS Hooks 2.0 for EHRs and a JSON check, on the same check as the CLI.
May import: everything below ``mtus_rules.cli`` (it needs only the case, the check and the engine).
"""
