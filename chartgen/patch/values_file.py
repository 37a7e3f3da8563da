"""Values files as chartgen's checks read them: Helm's data, placed on the lines that wrote it.

What ``patch -f`` and the lint values rules judge must be what ``helm install`` (and ``chartgen render``) will
use, so the data comes from Helm's own reader, :func:`chartgen.helm.yaml_load.load_values` (goyaml's YAML 1.1 with
``y``/``on`` booleans, ``0o17`` octal, no sexagesimals, merge keys, last duplicate key winning, every number a
float64, Helm 4 merging ``---`` documents). A second, positional parse of the same text (libyaml's node tree,
nothing constructed) only answers *where*: it matches keys the way Helm names them (``on:`` is the key
``"true"``), follows merge keys and, under Helm 4, looks through the documents last to first. When it cannot
place something the answer is just the file.
"""

from __future__ import annotations

from typing import Any

from chartgen.errors import Location, ValuesError
from chartgen.helm.yaml_load import ValuesLoadError, load_values, plain_key_text
from chartgen.helmcompat.profile import HelmProfile
from chartgen.limits import YAML_DEPTH
from chartgen.records import record
from chartgen.yamlread.limits import YamlLimitError, guard_yaml
from chartgen.yamlread.manifests import manifest_loader

__all__ = ["ValuePositions", "ValuesDocument", "read_values"]

# Go's encoding/json writes an integral float64 below this without a fraction, so a JSON reader sees an integer.
_JSON_INTEGRAL = 1e21
_MAP_TARGET = "into Go value of type map[string]interface {}"

Position = tuple[int, int]


class ValuePositions:
    """Line and column (1-based) of values in the documents Helm reads, found through Helm's key names."""

    def __init__(self, roots: list[Any]) -> None:
        self._roots = roots  # libyaml nodes, the document whose values win last

    def value(self, path: list[Any]) -> Position | None:
        """Where the value at ``path`` is written, or its nearest written ancestor."""
        best = None
        for root in reversed(self._roots):
            found, depth = _walk(root, path)
            if found is not None and (best is None or depth > best[1]):
                best = (found, depth)
            if best is not None and best[1] == len(path):
                break
        return _mark(best[0].start_mark) if best else None

    def key(self, path: list[Any], key: str) -> Position | None:
        """Where the key ``key`` of the mapping at ``path`` is written."""
        for root in reversed(self._roots):
            node, depth = _walk(root, path)
            if node is None or depth != len(path):
                continue
            entry = _entries(node).get(key)
            if entry is not None:
                return _mark(entry[0].start_mark)
        return None


@record(frozen=True)
class ValuesDocument:
    """A values file: ``values`` exactly as Helm loads it (JSON numbers), ``positions`` to place them."""

    where: str
    values: dict[str, Any]
    positions: ValuePositions


def read_values(text: str, where: str, *, profile: HelmProfile) -> ValuesDocument:
    """A values file as the Helm of ``profile`` reads it. Raises :class:`ValuesError` with Helm's reason, at the
    place libyaml (goyaml's ancestor) or goyaml's budgets find the fault, else at the file."""
    try:
        values = load_values(text, where, profile=profile)
    except ValuesLoadError as exc:
        if _MAP_TARGET in exc.detail:
            raise ValuesError("a values file must be a mapping at its top level", Location(where, 1)) from None
        raise ValuesError(f"invalid YAML: {exc.detail}", _fault_location(text, where)) from None
    return ValuesDocument(where, _json_numbers(values), ValuePositions(_roots(text, profile)))


def _json_numbers(values: dict[str, Any]) -> dict[str, Any]:
    """Helm's float64s as a JSON reader sees them (``2``, not ``2.0``), walked without recursion (values may
    nest as deep as Helm allows)."""
    pending: list[Any] = [values]
    while pending:
        item = pending.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, value in list(pairs):
            if isinstance(value, float) and value.is_integer() and abs(value) < _JSON_INTEGRAL:
                item[key] = int(value)
            elif isinstance(value, (dict, list)):
                pending.append(value)
    return values


def _roots(text: str, profile: HelmProfile) -> list[Any]:
    """The node trees of the documents Helm reads (the first; under Helm 4 all), as far as libyaml composes them."""
    import yaml

    roots: list[Any] = []
    documents = yaml.compose_all(text, Loader=manifest_loader())
    try:
        for root in documents:
            if root is not None:
                roots.append(root)
            if not profile.multi_document_values:
                break
    except (yaml.YAMLError, UnicodeEncodeError):
        pass  # Helm read it, libyaml did not get this far (deeper than its 1000 levels): no positions from here on
    return roots


def _fault_location(text: str, where: str) -> Location:
    # Past libyaml's 1000 levels neither pass below can say where Helm's fault is; the file is then the place.
    try:
        guard_yaml(text, where, max_depth=YAML_DEPTH, max_flow=YAML_DEPTH)
    except YamlLimitError as exc:
        if "nesting" not in exc.message and exc.location is not None and exc.location.line is not None:
            return exc.location
    error = _compose_error(text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None or "nesting depth" in str(getattr(error, "problem", "")):
        return Location(where)
    return Location(where, *_mark(mark))


def _compose_error(text: str) -> Exception | None:
    import yaml

    try:
        for _ in yaml.compose_all(text, Loader=manifest_loader()):
            pass
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        return exc
    return None


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _walk(root: Any, path: list[Any]) -> tuple[Any, int]:
    """The node at ``path`` or the deepest one on the way, with how many parts of ``path`` it got through."""
    from yaml.nodes import MappingNode, SequenceNode

    node, depth = root, 0
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            entry = _entries(node).get(part)
            if entry is None:
                break
            node = entry[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
        depth += 1
    return node, depth


def _entries(mapping: Any) -> dict[str, tuple[Any, Any]]:
    """Key name -> (key node, value node) as goyaml fills the map: in order, merged maps decoded in place (a
    sequence of them last to first), so the last writer of a key wins."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    found: dict[str, tuple[Any, Any]] = {}
    pending: list[Any] = [mapping]  # mappings still to fill from, and merged ones spliced in where they appear
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue  # a map merged into itself: goyaml refuses the file before anyone asks where
        seen.add(id(current))
        for index, (key, value) in enumerate(current.value):
            plain = isinstance(key, ScalarNode) and not key.style  # libyaml says "", the pure-Python parser None
            if plain and key.value == "<<":
                merged = value.value if isinstance(value, SequenceNode) else [value]
                rest = MappingNode(current.tag, current.value[index + 1 :])
                pending.append(rest)
                pending.extend(node for node in merged if isinstance(node, MappingNode))
                break
            if not isinstance(key, ScalarNode):
                continue
            name = plain_key_text(key.value) if plain else key.value
            if name is not None:
                found[name] = (key, value)
    return found
