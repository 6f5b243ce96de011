"""`python -m linter` runs the copydesk command."""

import sys

from linter.faces.cli import entry

sys.exit(entry())
