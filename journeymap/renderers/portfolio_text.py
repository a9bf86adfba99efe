"""A portfolio's changes (``journeymap diff OLD_DIR NEW_DIR``) as lines for people and as
JSON for scripts."""

from __future__ import annotations

import json

from .. import i18n
from ..analysis.portfolio import PortfolioChanges
from ..checks.findings import Finding
from ..i18n import ELEMENT_NAMES, N_, SEVERITY_NAMES

_LIBRARY_CHANGES = {
    "added": ("+", N_("library %(element)s added: %(id)s")),
    "removed": ("-", N_("library %(element)s removed: %(id)s")),
    "changed": ("~", N_("library %(element)s changed: %(id)s")),
}


def portfolio_diff_text(changes: PortfolioChanges, old: str, new: str, lang: str) -> str:
    """The changes, one per line: journeys, the library, then findings new and resolved."""
    if not changes:
        same = i18n.text(lang, "%(old)s and %(new)s describe the same portfolio", old=old, new=new)
        return same + "\n"
    text = i18n.text
    lines = [f"--- {old}", f"+++ {new}"]
    lines += ["+ " + i18n.text(lang, "journey added: %(id)s", id=i) for i in changes.added]
    lines += ["- " + i18n.text(lang, "journey removed: %(id)s", id=i) for i in changes.removed]
    lines += [
        "~ "
        + i18n.plural(
            lang,
            "journey changed: %(id)s (%(count)s change)",
            "journey changed: %(id)s (%(count)s changes)",
            count,
            id=journey_id,
        )
        for journey_id, count in changes.changed
    ]
    for collection, kind, element_id in changes.library:
        sign, message = _LIBRARY_CHANGES[kind]
        element = text(lang, ELEMENT_NAMES[collection])
        lines.append(f"{sign} {text(lang, message, element=element, id=element_id)}")
    new_finding, resolved = (
        i18n.text(lang, "new finding"),
        i18n.text(lang, "resolved finding"),
    )
    lines += [f"+ {new_finding}: {_finding(f, lang)}" for f in changes.new_findings]
    lines += [f"- {resolved}: {_finding(f, lang)}" for f in changes.resolved_findings]
    return "\n".join(lines) + "\n"


def _finding(finding: Finding, lang: str) -> str:
    severity = i18n.text(lang, SEVERITY_NAMES[str(finding.severity)])
    return f"{finding.where}: {finding.code} [{severity}] {finding.message}"


def portfolio_diff_json(changes: PortfolioChanges, old: str, new: str) -> str:
    data = {
        "old": old,
        "new": new,
        "identical": not changes,
        "journeys_added": list(changes.added),
        "journeys_removed": list(changes.removed),
        "journeys_changed": {journey_id: count for journey_id, count in changes.changed},
        "library": [
            {"collection": collection, "change": kind, "id": element_id}
            for collection, kind, element_id in changes.library
        ],
        "new_findings": [f.to_dict() for f in changes.new_findings],
        "resolved_findings": [f.to_dict() for f in changes.resolved_findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
