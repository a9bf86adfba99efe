"""Findings as a JSON array of objects (SPEC §5)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..findings import Finding


def emit(findings: Sequence[Finding], lang: str = "en") -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
