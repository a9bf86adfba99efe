"""Write a journey back into the YAML text it was loaded from, changing only what changed.

Teams keep journeys in git and review the diffs, so a journey written back keeps
what people wrote: comments, key order, quoting, flow style (``{id: a, name: A}``),
the ``metrics`` shorthands and duration strings (``"3m"`` stays ``"3m"``, not
``3``).  The written text is the original text edited by ruamel.yaml in its
round-trip mode: the journey as it was loaded and as it is now are compared in
their plain form, and only the values that differ are set in the original tree.
A journey that did not change is written back byte for byte.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

from ..model.metrics import BUILTIN_METRICS, duration_text
from ..model.positions import Path


def _shorthand(path: Path) -> str | None:
    """The key a scalar stands for at ``path``: a metric's ``value`` (``csat: 82``) or a
    flow's ``to`` (``next: [cart]``); None elsewhere."""
    if len(path) >= 2 and path[-2] == "metrics" and isinstance(path[-1], str):
        return "value"
    if len(path) >= 2 and path[-2] == "next" and isinstance(path[-1], int):
        return "to"
    return None


def dumps_keeping(old: dict[str, Any], new: dict[str, Any], text: str) -> str:
    """``text`` (the YAML that ``old`` was read from) edited to say ``new``.

    ``old`` and ``new`` are journeys in their plain form (as ``dumps`` writes them)."""
    if old == new:
        return text
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the author kept on one
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    tree = yaml.load(text)
    tree = _merge(tree, old, new, (), _shared(tree))
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _shared(tree: Any) -> set[int]:
    """The mappings and lists that more than one place of the file uses: through an alias
    (``metrics: *common``) or a merge key (``<<: *defaults``)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        stack.extend(node.values() if isinstance(node, dict) else node)
    return shared


def _own(node: Any) -> Any:
    """A copy of a shared node for one place alone, with no anchor: what is written into it
    then says nothing of the other places (a touchpoint's measured values stay its own)."""
    import copy

    own = copy.deepcopy(node)
    if getattr(own, "anchor", None) is not None:
        own.anchor.value = None
    return own


def _merge(node: Any, old: Any, new: Any, path: Path, shared: set[int]) -> Any:
    """``node`` (read from the file, saying ``old``) changed to say ``new``, in place where
    it can be: what did not change keeps its look.  A node other places share is split
    off first."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if old == new:
        return node
    if id(node) in shared:
        node = _own(node)
    shorthand = _shorthand(path)
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {shorthand: old} if shorthand else {}
        return _merge_mapping(node, old_map, new, path, shared)
    if isinstance(node, CommentedMap) and shorthand and not isinstance(new, (dict, list)):
        # The file spells out {value: 82}; the journey now says just 85.
        before = old if isinstance(old, dict) else {shorthand: old}
        return _merge_mapping(node, before, {shorthand: new}, path, shared)
    if isinstance(node, CommentedSeq) and isinstance(new, list) and isinstance(old, list):
        return _merge_sequence(node, old, new, path, shared)
    if isinstance(new, dict) and not isinstance(node, (dict, list)) and shorthand:
        # A shorthand (csat: 82) that now needs more than one key stays on one line.
        return _fresh(new, path, flow=True)
    return _fresh(new, path, like=node)


def _merge_mapping(
    node: Any, old: dict[str, Any], new: dict[str, Any], path: Path, shared: set[int]
) -> Any:
    keys = {_canonical(key, path): key for key in node}  # CSAT: is the file's csat
    # Removed is what the journey said and no longer says; a default the author wrote out
    # (state: current) is in neither, and stays.
    for key in [k for k in keys if k in old and k not in new]:
        del node[keys.pop(key)]
    flow = any(getattr(item, "fa", None) and item.fa.flow_style() for item in node.values())
    order = list(new)
    for key, value in new.items():
        if key in keys:
            written = keys[key]
            merged = _merge(node[written], old.get(key), value, (*path, key), shared)
            if merged is not node[written]:  # a key a merge (<<) gives stays the merge's
                node[written] = merged
            continue
        # A new key goes where the format's order puts it (value before target before n).
        before = [k for k in order[: order.index(key)] if k in keys or k in node]
        at = max((list(node).index(keys.get(k, k)) + 1 for k in before), default=0)
        node.insert(at, key, _fresh(value, (*path, key), flow=flow))  # styled as its siblings
        keys[key] = key
    return node


def _merge_sequence(node: Any, old: list[Any], new: list[Any], path: Path, shared: set[int]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    old_ids, new_ids = _ids(old), _ids(new)
    if len(old) == len(new) and old_ids == new_ids:
        for index, value in enumerate(new):
            node[index] = _merge(node[index], old[index], value, (*path, index), shared)
        return node
    if old_ids is not None and new_ids is not None:
        # Elements added, removed or reordered: each kept element keeps its look, and the
        # comments before it (ruamel.yaml keeps them with the list, by position).
        by_id = {element_id: index for index, element_id in enumerate(old_ids)}
        merged = CommentedSeq()
        merged.ca.comment, merged.ca.end = node.ca.comment, node.ca.end
        for index, value in enumerate(new):
            was = by_id.get(new_ids[index])
            if was is None:
                merged.append(_fresh(value, (*path, index)))
                continue
            merged.append(_merge(node[was], old[was], value, (*path, index), shared))
            if was in node.ca.items:
                merged.ca.items[index] = node.ca.items[was]
        if node.fa.flow_style():
            merged.fa.set_flow_style()
        return merged
    return _fresh(new, path, flow=node.fa.flow_style())


def _ids(elements: list[Any]) -> list[Any] | None:
    """The ids of a list of elements (stages, touchpoints, …); None for other lists."""
    if elements and all(isinstance(e, dict) and "id" in e for e in elements):
        return [e["id"] for e in elements]
    return None


def _fresh(value: Any, path: Path, *, like: Any = None, flow: bool = False) -> Any:
    """A new node for ``value``: durations as duration strings, strings quoted as ``like``
    was, mappings and lists in flow style when ``flow``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import ScalarString

    metric = _metric_of(path)
    if metric is not None and isinstance(value, int | float) and not isinstance(value, bool):
        unit = BUILTIN_METRICS[metric].unit if metric in BUILTIN_METRICS else ""
        if unit in ("minutes", "seconds") and (like is None or isinstance(like, str)):
            return duration_text(value, unit)
    if isinstance(value, str) and isinstance(like, ScalarString):
        return type(like)(value)  # the same quotes as before
    if isinstance(value, dict):
        mapping = CommentedMap((key, _fresh(item, (*path, key))) for key, item in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_fresh(item, (*path, index)) for index, item in enumerate(value))
        if flow:
            sequence.fa.set_flow_style()
        return sequence
    return value


def _metric_of(path: Path) -> str | None:
    """The metric whose value ``path`` is (``…metrics.frt`` or ``…metrics.frt.value``/``target``)."""
    if _shorthand(path) == "value":
        return str(path[-1])
    if len(path) >= 3 and _shorthand(path[:-1]) == "value" and path[-1] in ("value", "target"):
        return str(path[-2])
    return None


def _canonical(key: Any, path: Path) -> Any:
    """A metric id as the model knows it (the file may write CSAT)."""
    if path and path[-1] == "metrics" and isinstance(key, str) and key.lower() in BUILTIN_METRICS:
        return key.lower()
    return key


_BLOCK_KEY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_FIRST_ITEM = re.compile(r"^( *)- ")
_NESTED_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def _indentation(text: str) -> tuple[int, int, int]:
    """The file's own indentation (mapping, sequence, dash offset), as ruamel.yaml's
    ``indent()`` takes it, so that lines that did not change keep theirs."""
    mapping, offset = 2, 2
    lines = text.splitlines()
    found_mapping = found_offset = False
    for line, following in itertools.pairwise(lines):
        key = _BLOCK_KEY.match(line)
        if key is None:
            continue
        depth = len(key.group(1))
        item = _FIRST_ITEM.match(following)
        if item and not found_offset and len(item.group(1)) >= depth:
            offset, found_offset = len(item.group(1)) - depth, True
        nested = _NESTED_KEY.match(following)
        if nested and not item and not found_mapping and len(nested.group(1)) > depth:
            mapping, found_mapping = len(nested.group(1)) - depth, True
        if found_mapping and found_offset:
            break
    return mapping, offset + 2, offset


# --------------------------------------------------------------------------- whole files

_BOM = "\ufeff"
#: A tab after a key's colon, which journeymap's reader takes and ruamel.yaml's does not.
_TAB_AFTER_KEY = re.compile(r"^([ ]*(?:- )?[^\s#'\"{}\[\]][^#'\"\n]*?:)\t+", re.MULTILINE)


def rewritten(raw: bytes, old: dict[str, Any], new: dict[str, Any], *, json_syntax: bool) -> bytes:
    """The bytes of a journey file (``raw``, saying ``old``) edited to say ``new``, in its
    own syntax (JSON stays JSON), with its own line ends (``\\n``, ``\\r\\n`` or ``\\r``)
    and its byte-order mark, if it had one; every character it did not change, a
    bidirectional one included, is written back as it was."""
    text = raw.decode("utf-8")
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    ending = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if json_syntax:
        edited = _json_keeping(old, new, text)
    else:
        edited = dumps_keeping(old, new, _TAB_AFTER_KEY.sub(r"\1 ", text))
    if old == new:
        edited = text  # nothing to change: not even a tab
    return ((_BOM if bom else "") + edited.replace("\n", ending)).encode("utf-8")


def _json_keeping(old: dict[str, Any], new: dict[str, Any], text: str) -> str:
    """JSON ``text`` (saying ``old``) edited to say ``new``: the file's own key order and
    indentation; only the values that changed are new."""
    import json

    data = json.loads(text)
    indented = re.search(r"\n([ \t]+)\S", text)
    indent = indented.group(1) if indented else None
    edited = _merge_plain(data, old, new, ())
    separators = (",", ": ") if indent else (", ", ": ")
    return json.dumps(edited, ensure_ascii=False, indent=indent, separators=separators) + "\n"


def _merge_plain(node: Any, old: Any, new: Any, path: Path) -> Any:
    """:func:`_merge` for plain data (a JSON file's): the same shorthands, the same keys."""
    if old == new:
        return node
    shorthand = _shorthand(path)
    if isinstance(node, dict) and (isinstance(new, dict) or shorthand):
        before = old if isinstance(old, dict) else {shorthand: old} if shorthand else {}
        after: dict[str, Any] = new if isinstance(new, dict) else {str(shorthand): new}
        keys = {_canonical(key, path): key for key in node}
        for key in [k for k in keys if k in before and k not in after]:
            del node[keys.pop(key)]
        for key, value in after.items():
            written = keys.get(key, key)
            node[written] = _merge_plain(node.get(written), before.get(key), value, (*path, key))
        return node
    lists = isinstance(node, list) and isinstance(old, list) and isinstance(new, list)
    if lists and len(node) == len(old) == len(new) and _ids(old) == _ids(new):
        return [
            _merge_plain(item, before, after, (*path, index))
            for index, (item, before, after) in enumerate(zip(node, old, new, strict=True))
        ]
    return new
