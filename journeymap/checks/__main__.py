"""``python -m journeymap.checks [LANG]`` prints the rules reference: docs/rules.md, or
docs/rules.LANG.md in a shipped language."""

import sys

from .docs import reference

sys.stdout.write(reference(*sys.argv[1:2]))
