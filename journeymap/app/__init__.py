"""The application: one pipeline, and the two ways people reach it.

* :mod:`.pipeline` — load → measure → check → render, with the warnings on the way
* :mod:`.cli` — the ``journeymap`` command line (:mod:`.cli_options`, :mod:`.cli_authoring`,
  :mod:`.cli_interop` hold its shared options and its smaller commands)
* :mod:`.serve` — the live preview of the report on 127.0.0.1
* :mod:`.starter` — the starter journeys ``journeymap init`` writes
"""
