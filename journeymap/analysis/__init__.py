"""What a journey means: coverage of customer service per stage, and changes between journeys.

* :mod:`.coverage` — per stage: CX and CS touchpoints, CS channels, metrics, targets met
* :mod:`.diff` — what changes between two journeys (current vs future state)
"""
