"""What is worked out once and kept on disk between runs: compiled regexes, derived literals (the speed layer)."""
