"""Outputs as text and bytes: pure functions of a journey, except the engines' I/O edge.

* :mod:`.dot` — the journey diagram as DOT text
* :mod:`.engines` — Graphviz (system or embedded) turning DOT into SVG, PNG or PDF
* :mod:`.html` — the self-contained HTML report (templates in the top-level ``templates/``)
* :mod:`.text` — tables for the terminal: coverage summary, metrics, diff
* :mod:`.labels` — how a metric reading reads: name, value, target, badge
* :mod:`.options` — the renderers' closed sets (lanes, engines, formats)
"""
