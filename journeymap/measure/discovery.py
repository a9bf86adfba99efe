"""Journeys drafted from event logs (``journeymap import events``, ``jm.discover``): a
touchpoint per common activity, the flows most cases take, stages by position, owners and
teams from the log's role column (SPEC §9)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import plural, text
from ..model.ids import UniqueIds
from ..model.observed import Paths
from ..model.phases import normalised
from .access import source_of
from .event_logs import (
    PLACEHOLDER_ROLES,
    ROLE_COLUMNS,
    VALID_EVENT,
    event_columns_sql,
    is_local_table,
    missing_columns,
    opened_log,
    quoted,
)
from .events import read_paths
from .sources import DataSource, TableSource
from .validation import Period

if TYPE_CHECKING:
    from ..model.journey import Journey

#: The stages a discovered journey spreads its touchpoints over, by where they come in paths.
DRAFT_STAGES = 5
#: Words in a role or team that say customer service does the activity (any shipped
#: language; compared in lower case without accents).
SERVICE_WORDS = (
    "service", "support", "helpdesk", "help desk", "servicedesk", "call center",
    "callcenter", "contact center", "customer care", "1st line", "2nd line", "first line",
    "second line", "1st level", "2nd level", "agent",
    "kundenservice", "kundendienst", "kundenbetreuung",
    "klantenservice", "klantcontact", "eerste lijn", "tweede lijn",
    "musteri hizmetleri", "destek", "cagri merkezi",
)  # fmt: skip


def discover(
    source: str | DataSource,
    *,
    columns: Mapping[str, str] | None = None,
    period: Period | None = None,
    min_share: float = 5.0,
    owner: str = "CX",
    lang: str = "en",
) -> dict[str, Any]:
    """A draft journey (plain data) discovered from an event log (SPEC §9).

    A touchpoint per activity reached by at least ``min_share`` % of the cases (counted
    in one pass over the log); the paths are then read on the log filtered to those
    activities, so that a rare step in between does not cut a flow.  Flows: each step that at least ``min_share``
    % of the cases leaving its source take (of an exit: of the cases reaching it).
    Entries and exits where at least ``min_share`` % of the paths start and end.
    Touchpoints go into up to five stages by their median position in the paths.  The
    draft passes its own check without JM104 or JM105: an unreachable touchpoint gets
    the step most cases took into it, a dead end the step most took out of it (or
    becomes an exit).  Owners: ``owner``, or CS where the log's role column names
    customer service for the activity; the role is its team.  Phases are left for the
    designer to set (JM107 says where)."""
    from ..model.journey import Journey, Stage

    probe = Journey(id="draft", title="Draft", locale=lang, stages=[Stage(id="all")])
    source = source_of(source, probe)  # resolved once, for both passes
    found = _activities(probe, source, columns or {}, period or Period())
    share = min_share / 100
    unique = UniqueIds()
    kept = {
        activity: unique.new(activity, "activity")
        for activity, cases in found.reach.items()
        if cases and cases / found.cases >= share
    }
    paths = read_paths(_mapped(probe, kept), source, columns=columns, period=period, top=2**62)
    roles = found.roles
    owners = {
        tp: "CS" if _names_service(roles.get(activity)) else owner for activity, tp in kept.items()
    }
    teams = {tp: role for activity, tp in kept.items() if (role := roles.get(activity))}
    return _draft(paths, kept, share, owners, teams, lang)


def _mapped(probe: Journey, ids: Mapping[str, str]) -> Journey:
    """The probe journey with a touchpoint per activity (its id ``ids[activity]``)."""
    from ..model.journey import Touchpoint

    touchpoints = [
        Touchpoint(id=tp, name=activity, stage="all", owner="CX", events=[activity])
        for activity, tp in ids.items()
    ]
    return probe.model_copy(update={"touchpoints": touchpoints})


def _names_service(role: str | None) -> bool:
    if not role:
        return False
    words = f" {' '.join(re.findall(r'[a-z0-9]+', normalised(role)))} "
    return any(f" {word} " in words for word in SERVICE_WORDS) or words == " cs "


@dataclass(frozen=True)
class _Activities:
    """What one pass over a log says of its activities: the cases of the period, the cases
    each activity reaches (sorted by activity), and the role that does each most often."""

    cases: int
    reach: dict[str, int]
    roles: dict[str, str]


def _activities(
    journey: Journey, source: DataSource, columns: Mapping[str, str], period: Period
) -> _Activities:
    """The log's activities with the cases that reach them in the period, and their roles
    (when the log says who does what: a role column, or ``--columns role=COLUMN``).  A
    table's engine counts them where the table lives."""
    if isinstance(source, TableSource) and not is_local_table(source):
        from .table_paths import table_activities

        total, reach, found = table_activities(journey, source, columns, period)
        return _Activities(total, reach, _commonest_roles(found))
    with opened_log(journey, source, columns) as (connection, scan, names, typed):
        available = [d[0] for d in connection.execute(f"SELECT * FROM {scan} LIMIT 0").description]
        candidates = [columns["role"]] if "role" in columns else ROLE_COLUMNS
        role_column = next((c for c in candidates if c in available), None)
        if "role" in columns and role_column is None:
            raise missing_columns(journey, source, [columns["role"]], available)
        role = (
            f"nullif(trim(CAST({quoted(role_column)} AS VARCHAR)), '')" if role_column else "NULL"
        )
        # Read once (a table's rows arrive once), asked three times.
        connection.execute(
            f"CREATE TEMP TABLE ev AS SELECT {event_columns_sql(names, typed)}, {role} AS r "
            f"FROM {scan}"
        )
        counted = f"{VALID_EVENT} AND {period.sql('ts')}"
        cases = connection.execute(f"SELECT count(DISTINCT case_id) FROM ev WHERE {counted}")
        total = int(cases.fetchone()[0])
        reach = connection.execute(
            f"SELECT activity, count(DISTINCT case_id) FILTER (WHERE {counted}) FROM ev "
            "WHERE activity IS NOT NULL GROUP BY activity ORDER BY activity"
        ).fetchall()
        found = connection.execute(
            "SELECT activity, r, count(*) FROM ev WHERE activity IS NOT NULL AND r IS NOT NULL "
            "GROUP BY activity, r"
        ).fetchall()
    return _Activities(total, {a: int(n) for a, n in reach}, _commonest_roles(found))


def _commonest_roles(found: list[tuple[str, str, int]]) -> dict[str, str]:
    """Each activity's commonest role of (activity, role, events) (ties: the first by
    name), so that the draft is the same however the engine groups."""
    best: dict[str, tuple[int, str]] = {}
    for a, r, n in found:
        if r.casefold() in PLACEHOLDER_ROLES:
            continue
        if a not in best or (-n, r) < (-best[a][0], best[a][1]):
            best[a] = (n, r)
    return {a: r for a, (_n, r) in best.items()}


def _median(values: list[tuple[float, int]]) -> float:
    """The median of values each counted ``n`` times (the lower middle for an even count)."""
    ordered = sorted(values)
    total = sum(n for _value, n in ordered)
    middle, seen = (total + 1) // 2, 0
    for value, n in ordered:
        seen += n
        if seen >= middle:
            return value
    return 1.0


def _draft(
    paths: Paths,
    ids: dict[str, str],
    share: float,
    owners: dict[str, str],
    teams: dict[str, str],
    lang: str,
) -> dict[str, Any]:
    positions: dict[str, list[tuple[float, int]]] = {tp: [] for tp in ids.values()}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for variant in paths.top_variants:
        path, cases = variant["path"], variant["cases"]
        starts[path[0]] = starts.get(path[0], 0) + cases
        ends[path[-1]] = ends.get(path[-1], 0) + cases
        for index, tp in enumerate(path):
            positions[tp].append((index / max(len(path) - 1, 1), cases))
    place = {tp: _median(p) if p else 1.0 for tp, p in positions.items()}
    ordered = sorted(ids.values(), key=lambda tp: (place[tp], tp))
    stage_of = {
        tp: f"step-{min(DRAFT_STAGES, int(place[tp] * DRAFT_STAGES) + 1)}" for tp in ordered
    }
    stages = sorted(set(stage_of.values()))
    design = _design(paths, ordered, share, starts, ends, stage_of, stages[-1] if stages else "")
    names = {tp: activity for activity, tp in ids.items()}
    touchpoints = []
    for tp in ordered:
        entry: dict[str, Any] = {"id": tp, "name": names[tp], "stage": stage_of[tp]}
        entry["owner"] = owners.get(tp, "CX")
        if tp in teams:
            entry["team"] = teams[tp]
        entry["events"] = [names[tp]]
        if tp in design.entries:
            entry["entry"] = True
        if tp in design.exits:
            entry["exit"] = True
        if design.flows[tp]:
            entry["next"] = design.flows[tp]
        touchpoints.append(entry)
    return {
        "journeymap": 1,
        "id": "discovered",
        "locale": lang,
        "title": text(lang, "Discovered journey"),
        "description": plural(
            lang,
            "Discovered from an event log of %(count)s case; name the stages and set their "
            "phases, the owners and the channels.",
            "Discovered from an event log of %(count)s cases; name the stages and set their "
            "phases, the owners and the channels.",
            paths.cases,
        ),
        "stages": [
            {"id": s, "name": text(lang, "Step %(number)s", number=s.rsplit("-", 1)[1])}
            for s in stages
        ],
        "touchpoints": touchpoints,
    }


@dataclass
class _Design:
    """The entries, exits and flows (by source, in the order of the draft) of a draft."""

    entries: set[str]
    exits: set[str]
    flows: dict[str, list[str]]


def _design(
    paths: Paths,
    ordered: list[str],
    share: float,
    starts: dict[str, int],
    ends: dict[str, int],
    stage_of: dict[str, str],
    last_stage: str,
) -> _Design:
    """What the draft designs: the steps, starts and ends enough cases take; then the
    repairs that leave no touchpoint unreachable (JM104) and none a dead end (JM105)."""
    cases = paths.cases
    reaching = {tp: counts["cases"] for tp, counts in paths.touchpoints.items()}
    steps: dict[str, list[tuple[int, str]]] = {tp: [] for tp in ordered}  # most cases first
    into: dict[str, list[tuple[int, str]]] = {tp: [] for tp in ordered}
    for flow in paths.flows:
        if flow["from"] != flow["to"]:
            steps[flow["from"]].append((flow["cases"], flow["to"]))
            into[flow["to"]].append((flow["cases"], flow["from"]))
    for found in (*steps.values(), *into.values()):
        found.sort(key=lambda step: (-step[0], step[1]))
    entries = {tp for tp in ordered if cases and starts.get(tp, 0) / cases >= share}
    exits = {tp for tp in ordered if cases and ends.get(tp, 0) / cases >= share}
    if ordered and not entries:  # every journey starts somewhere: where most cases do
        entries.add(_most_started(ordered, starts))
    flows: dict[str, list[str]] = {}
    for tp in ordered:
        # Of an exit, most cases end there: only a step that many of all its cases take
        # is a way on; else the cases that leave decide.
        base = reaching.get(tp, 0) if tp in exits else sum(n for n, _ in steps[tp])
        flows[tp] = [to for n, to in steps[tp] if base and n / base >= share]
    _connect(ordered, entries, flows, into, starts)
    for tp in ordered:
        if flows[tp] or tp in exits or stage_of[tp] == last_stage:
            continue
        if steps[tp]:
            flows[tp].append(steps[tp][0][1])
        else:
            exits.add(tp)  # no case went on from here: the journey ends here
    position = {tp: index for index, tp in enumerate(ordered)}
    return _Design(entries, exits, {tp: _in_order(flows[tp], position) for tp in ordered})


def _connect(
    ordered: list[str],
    entries: set[str],
    flows: dict[str, list[str]],
    into: dict[str, list[tuple[int, str]]],
    starts: dict[str, int],
) -> None:
    """Until every touchpoint is reachable from an entry: the step most cases took into
    an unreachable one from a reachable one is added; where there is none, the
    unreachable touchpoint most cases start at becomes an entry."""
    reached: set[str] = set()

    def reach(start: str) -> None:
        stack = [start]
        while stack:
            tp = stack.pop()
            if tp not in reached:
                reached.add(tp)
                stack.extend(flows[tp])

    for entry in sorted(entries):
        reach(entry)
    while len(reached) < len(ordered):
        progress = False
        for tp in ordered:
            if tp in reached:
                continue
            source = next((s for _n, s in into[tp] if s in reached), None)
            if source is not None:
                flows[source].append(tp)
                reach(tp)
                progress = True
        if not progress:
            entry = _most_started([tp for tp in ordered if tp not in reached], starts)
            entries.add(entry)
            reach(entry)


def _most_started(candidates: list[str], starts: dict[str, int]) -> str:
    """The touchpoint most cases start at; of equals, the first in the draft's order."""
    return max(candidates, key=lambda tp: starts.get(tp, 0))


def _in_order(targets: list[str], position: dict[str, int]) -> list[str]:
    """Flow targets without repeats, in the draft's order (deterministic output)."""
    return sorted(set(targets), key=position.__getitem__)
