"""Edits of a journey as the workshop board sends them (SPEC §13), applied to its plain data.

An edit is a list of operations on paths that name elements by id, as people do:

* ``{"op": "set", "path": "touchpoints/kasse/name", "value": "Kasse"}``
* ``{"op": "add", "path": "touchpoints/kasse/pain_points", "value": "Zu teuer"}``
* ``{"op": "remove", "path": "touchpoints/kasse"}`` (or one list item by its index)
* ``{"op": "move", "path": "touchpoints/kasse", "stage": "kauf", "before": "bezahlung"}``

A segment after a list of elements with ids (stages, touchpoints, personas…) is an id,
after any other list an index.  The result is plain data for the round-trip writer,
which changes in the file only what the operations changed.

Two edits made on the same version are both applied unless they touch the same thing:
:func:`changed_paths` says what one version changed, and :func:`in_conflict` whether an
operation touches that.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import JourneymapError
from ..i18n import say

#: The operations an edit may hold.
OPERATIONS = ("set", "add", "remove", "move")


#: Lists and mappings whose items may be written short: the key a short item stands for.
_SHORTHANDS = {"metrics": "value", "opportunities": "text"}


class EditError(JourneymapError):
    """An operation that names nothing, or is not one the board knows."""


def apply(data: Mapping[str, Any], ops: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of ``data`` with every operation applied, in order."""
    result = copy.deepcopy(dict(data))
    for op in ops:
        kind = op.get("op")
        path = _segments(op.get("path"))
        if kind == "set":
            _set(result, path, op.get("value"))
        elif kind == "add":
            _add(result, path, op.get("value"))
        elif kind == "remove":
            _remove(result, path)
        elif kind == "move":
            _move(result, path, op.get("stage"), op.get("before"), op.get("owner"))
        else:
            raise EditError(
                say(
                    "unknown operation %(op)s; use one of %(ops)s",
                    op=repr(kind),
                    ops=", ".join(OPERATIONS),
                )
            )
    return result


def _segments(path: Any) -> list[str]:
    if not isinstance(path, str) or not path.strip("/"):
        raise EditError(say("an operation needs a path, such as touchpoints/ID/name"))
    return path.strip("/").split("/")


def _step(node: Any, segment: str, path: Sequence[str]) -> Any:
    """The child ``segment`` names: a key, an element by id, or a list item by index."""
    if isinstance(node, dict) and segment in node:
        return node[segment]
    if isinstance(node, list):
        index = _index(node, segment)
        if index is not None:
            return node[index]
    raise EditError(say("%(path)s names nothing in the journey", path="/".join(path)))


def _index(items: list[Any], segment: str) -> int | None:
    """Where the element with id ``segment`` is (or, in a list without ids, item ``segment``)."""
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == segment:
            return index
    if segment.isdigit() and int(segment) < len(items):
        return int(segment)
    return None


def _parent(data: dict[str, Any], path: Sequence[str]) -> Any:
    node: Any = data
    for depth, segment in enumerate(path[:-1]):
        child = _step(node, segment, path[: depth + 1])
        holder = path[depth - 1] if depth else ""
        if holder in _SHORTHANDS and not isinstance(child, dict):
            # "csat: 82" gets its target beside it; a plain idea becomes an action.
            child = {_SHORTHANDS[holder]: child}
            if isinstance(node, list):
                node[_index(node, segment) or 0] = child
            else:
                node[segment] = child
        node = child
    return node


def _set(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    parent, last = _parent(data, path), path[-1]
    if isinstance(parent, dict):
        if value is None:
            parent.pop(last, None)  # an emptied field is left out, as the author would
        else:
            parent[last] = value
        return
    index = _index(parent, last) if isinstance(parent, list) else None
    if index is None:
        raise EditError(say("%(path)s names nothing in the journey", path="/".join(path)))
    parent[index] = value


def _add(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    parent, last = _parent(data, path), path[-1]
    target = parent.setdefault(last, []) if isinstance(parent, dict) else _step(parent, last, path)
    if not isinstance(target, list):
        raise EditError(say("%(path)s is no list to add to", path="/".join(path)))
    target.append(value)


def _remove(data: dict[str, Any], path: Sequence[str]) -> None:
    parent, last = _parent(data, path), path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return
    index = _index(parent, last) if isinstance(parent, list) else None
    if index is None:
        raise EditError(say("%(path)s names nothing in the journey", path="/".join(path)))
    del parent[index]


def _move(data: dict[str, Any], path: Sequence[str], stage: Any, before: Any, owner: Any) -> None:
    """A touchpoint to another stage (and lane: its owner), placed before ``before`` or
    after the stage's last touchpoint."""
    if len(path) != 2 or path[0] != "touchpoints":
        raise EditError(say("only a touchpoint moves: touchpoints/ID"))
    touchpoints = data.get("touchpoints")
    index = _index(touchpoints, path[1]) if isinstance(touchpoints, list) else None
    if touchpoints is None or index is None:
        raise EditError(say("%(path)s names nothing in the journey", path="/".join(path)))
    moved = touchpoints.pop(index)
    if isinstance(stage, str) and stage:
        moved["stage"] = stage
    if owner in ("CX", "CS"):
        moved["owner"] = owner
    at = _index(touchpoints, before) if isinstance(before, str) and before else None
    if at is None:
        same = [i for i, tp in enumerate(touchpoints) if tp.get("stage") == moved["stage"]]
        at = same[-1] + 1 if same else len(touchpoints)
    touchpoints.insert(at, moved)


# --------------------------------------------------------------------------- conflicts


def changed_paths(before: Any, after: Any) -> set[str]:
    """Every path whose value or presence differs between two versions of the data: the
    elements of lists with ids by id, other list items by index, containers as well as
    their leaves (so that a removed touchpoint changes ``touchpoints/ID``)."""
    old, new = _flat(before), _flat(after)
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        found: dict[str, Any] = {path: "{}"}
        for key, item in value.items():
            found.update(_flat(item, f"{path}/{key}" if path else str(key)))
        return found
    if isinstance(value, list):
        found = {path: "[]"}
        for index, item in enumerate(value):
            name = item["id"] if isinstance(item, dict) and "id" in item else index
            found.update(_flat(item, f"{path}/{name}"))
        return found
    return {path: value}


def in_conflict(ops: Iterable[Mapping[str, Any]], changed: set[str]) -> bool:
    """Whether an operation touches what ``changed`` holds: the same element, one inside
    it, or one it is inside.  Adding to a list conflicts only with a change of the list
    itself or what holds it (two people may add a pain point each)."""
    for op in ops:
        path = str(op.get("path", "")).strip("/")
        for other in changed:
            ancestor = path == other or path.startswith(other + "/")
            inside = other.startswith(path + "/")
            if ancestor or (op.get("op") != "add" and inside):
                return True
        if op.get("op") == "move" and any(
            other.startswith(f"stages/{op.get('stage')}") for other in changed
        ):
            return True
    return False
