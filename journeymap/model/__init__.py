"""The journey model: pure data, validated by pydantic, with no knowledge of any output.

* :mod:`.journey` — the file format's models (Journey, Stage, Touchpoint, …)
* :mod:`.vocabulary` — the closed sets (owners, phases, channels, …)
* :mod:`.metrics` — the metric catalog: built-in metrics, ranges, directions, durations
* :mod:`.readings` — one reading per touchpoint metric (value, target, status, source)
* :mod:`.graph` — the journey as a ``networkx.DiGraph``
* :mod:`.positions` — where each element stood in its file

The package imports nothing itself, so that light modules (the vocabulary) load
without pydantic.
"""
