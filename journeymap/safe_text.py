"""Text that is safe to show: control characters escaped for terminals and text formats.

A journey, a data file or a Mermaid diagram may carry control characters in any
label or id: ``ESC ] 0 ; … BEL`` sets a terminal's window title, ``ESC [ 2 J``
clears it, a carriage return overwrites the line it is on, and the bidirectional
overrides reorder what a reader sees (the "Trojan Source" trick).  Everything
journeymap writes as text goes through :func:`escape_controls`, which shows each
such character as ``\\uXXXX``: readable in a terminal and, inside a JSON string,
the same character again.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting
#: characters (embeddings, overrides, isolates).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written as ``\\uXXXX``."""
    return CONTROLS.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
