"""Checking a journey like a linter.

* :mod:`.codes` — every check code in one table (code, name, severity, group, rule)
* :mod:`.rules` — the rules, one module per group (structure, coverage, metrics)
* :mod:`.context` — what a rule gets and gives back
* :mod:`.runner` — ``check(journey)``: select rules, apply ``checks:`` overrides, sort
* :mod:`.findings` — the Finding and its Severity
* :mod:`.emitters` — findings as text, JSON, GitHub annotations or SARIF
* :mod:`.docs` — ``check --explain`` and docs/rules.md, from the rules' docstrings
"""
