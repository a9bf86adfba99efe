"""Where the elements of a journey stood in the file it was loaded from, and its text.

The readers of :mod:`journeymap.formats` fill a :class:`SourceMap` while they
parse; a :class:`journeymap.formats.loader.Document` keeps it beside the journey (which
stays pure data), so that findings and validation errors can name ``FILE:LINE:COL``.
A journey built in Python has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The path of an element in the document: ``("touchpoints", 3, "metrics", "nps")``.
Path = tuple[str | int, ...]
#: A 1-based (line, column).
Position = tuple[int, int]


@dataclass
class SourceMap:
    """The 1-based (line, column) of each value and each mapping key of one file."""

    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    #: The YAML text itself, so that a journey written back keeps how it was written
    #: (empty for JSON, which has no comments or styles to keep).
    yaml_text: str = ""
    #: The ids each collection (``personas``, ``teams``…) borrowed from a portfolio's
    #: library: those elements stand in the library's file, not in this one.
    borrowed: dict[str, frozenset[str]] = field(default_factory=dict)

    def is_borrowed(self, collection: str | int, element_id: str) -> bool:
        """True when the element of ``collection`` with that id is the library's."""
        return element_id in self.borrowed.get(str(collection), ())

    def locate(self, path: Path, *, prefer_value: bool = False) -> Position:
        """The position that best names ``path``: its key (or value), else its parent's."""
        while True:
            if prefer_value and path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            if isinstance(path[-1], str) and (*path[:-1], path[-1].upper()) in self.keys:
                # Metric aliases: the model says 'csat' where the file wrote 'CSAT'.
                return self.keys[(*path[:-1], path[-1].upper())]
            path = path[:-1]
