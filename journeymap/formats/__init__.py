"""Reading and writing journeys: the I/O edge of the model.

* :mod:`.source` — input text, and YAML/JSON parsed with the position of every value
* :mod:`.loader` — journeys from YAML/JSON files (``load``) and back out (``dump``)
* :mod:`.mermaid` — Mermaid ``journey`` diagrams in and out
* :mod:`.output` — atomic writes of every output file
"""
