"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..codes import all_rules
from ..findings import Finding, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def emit(findings: Sequence[Finding], lang: str = "en") -> str:
    from ...version import __version__

    rules = all_rules()
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "journeymap",
        "version": __version__,
        "informationUri": "https://pypi.org/project/journeymap/",
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.doc},
                "help": {"text": rule.doc, "markdown": rule.doc},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            }
            for rule in rules
        ],
    }
    results = [_result(f, rule_index[f.code]) for f in findings]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _result(finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {"subject": "/".join(filter(None, finding.identity))},
    }
    if finding.file:
        location: dict[str, Any] = {"artifactLocation": {"uri": finding.file.replace("\\", "/")}}
        if finding.line is not None:
            location["region"] = {"startLine": finding.line, "startColumn": finding.column}
        result["locations"] = [{"physicalLocation": location}]
    return result
