"""What is worked out once and kept on disk between runs (the speed layer): store.py is its one home."""
