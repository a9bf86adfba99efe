"""Finding emitters: one module per output format behind one signature.

An emitter is ``emit(findings, lang) -> str``; it formats, it never prints.  Machine
formats keep codes and ids as they are; their ``message`` is in the findings' language.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Literal, get_args

from ..findings import Finding

Emitter = Callable[[Sequence[Finding], str], str]

#: The finding formats, one emitter module each.
FindingFormat = Literal["text", "json", "github", "sarif"]
FORMATS: tuple[FindingFormat, ...] = get_args(FindingFormat)


def emitter(format: str) -> Emitter:
    """The emitter of ``format`` (one of :data:`FORMATS`)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f".{format}_format", __name__)
    function: Emitter = module.emit
    return function
