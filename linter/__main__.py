"""`python -m linter` runs the copydesk command."""

import sys

from linter.cli import main

sys.exit(main())
