"""`python -m linter` runs the copydesk command."""

import sys

from linter.faces.cli import main

sys.exit(main())
