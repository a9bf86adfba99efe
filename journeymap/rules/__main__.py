"""``python -m journeymap.rules`` prints the rules reference (docs/rules.md)."""

import sys

from . import reference

sys.stdout.write(reference())
