"""``python -m journeymap.checks`` prints the rules reference (docs/rules.md)."""

import sys

from .docs import reference

sys.stdout.write(reference())
