"""What customers actually did, as measured from an event log (SPEC §9): pure data that
the checks (JM401–JM406) and renderers read; :mod:`journeymap.measure.events` fills it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Paths:
    """The measured paths of a journey, as ``journeymap paths --format json`` prints them."""

    cases: int = 0
    events: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)
    fitting_cases: int = 0
    touchpoints: dict[str, dict[str, int]] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)
    flows: list[dict[str, Any]] = field(default_factory=list)
    unused_designed: list[str] = field(default_factory=list)
    variants: int = 0
    top_variants: list[dict[str, Any]] = field(default_factory=list)
    #: The waits on backstage work (SPEC §11): per step, the time from each of its events
    #: back to the case's last touchpoint event before it.
    backstage: list[dict[str, Any]] = field(default_factory=list)
    #: With ``--segment``: the column, and the paths of the cases of each of its commonest
    #: values ("" for cases without one); the cases of the other values are counted.
    segment: str = ""
    segments: dict[str, Paths] = field(default_factory=dict)
    other_segment_cases: int = 0
    source: str = ""  # the event log measured (not part of the JSON)
    #: Cases that go on from each touchpoint to another one (not part of the JSON): a case
    #: counts once, however many steps it takes from there.
    leaving: dict[str, int] = field(default_factory=dict)
    #: What the reader of the figures should know of how they were computed (not part of
    #: the JSON): an engine's approximation where it lacks an exact operation.
    notes: list[str] = field(default_factory=list)

    @property
    def fitting_share(self) -> float:
        return round(100 * self.fitting_cases / self.cases, 2) if self.cases else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "events": self.events,
            "unmapped": self.unmapped,
            "fitting_cases": self.fitting_cases,
            "fitting_share": self.fitting_share,
            "touchpoints": self.touchpoints,
            "stages": self.stages,
            "flows": self.flows,
            "unused_designed": self.unused_designed,
            "variants": self.variants,
            "top_variants": self.top_variants,
            # SPEC §9's keys exactly, and these only where they hold something: the waits on
            # backstage work (SPEC §11) and the figures per --segment value.
            **({"backstage": self.backstage} if self.backstage else {}),
            **(
                {
                    "segment": self.segment,
                    "segments": {k: v.to_dict() for k, v in self.segments.items()},
                    "other_segment_cases": self.other_segment_cases,
                }
                if self.segment
                else {}
            ),
        }

    def flows_from(self, touchpoint: str) -> list[dict[str, Any]]:
        return [flow for flow in self.flows if flow["from"] == touchpoint]

    def of_segment(self, value: str | None) -> Paths:
        """The paths of the cases of one segment value (a persona's, say), when measured;
        else these."""
        return self.segments.get(value, self) if value is not None else self

    def wait_on(self, touchpoint: str, step: str) -> dict[str, Any] | None:
        """What was measured of a backstage step's wait, if its activities were in the log."""
        return next(
            (w for w in self.backstage if w["touchpoint"] == touchpoint and w["step"] == step),
            None,
        )
