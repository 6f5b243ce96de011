"""The vocabulary every layer shares: diagnostics, edits, fixes, severities, applicability, rules."""
