"""The engine and what it stands on: configuration, packs, rule selection, suppressions, fixing."""
