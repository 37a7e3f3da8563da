"""A pass over a YAML stream's parser events before any reader builds objects from it.

ruamel and PyYAML expand nothing while loading: an alias becomes a second reference to one object. The expansion
happens later, in whatever walks the result (a schema validation, a JSON round trip, a deep copy), where a
billion-laughs document of a few hundred bytes costs minutes and gigabytes. Their composers also recurse once per
nesting level. So every reader of YAML that is not Helm's own (``chartgen.helm.yaml_load``, which decodes the way
goyaml does and carries goyaml's limits itself) runs :func:`guard_yaml` first. It walks the events of every
document with a constant amount of work per event and refuses, at the line where it happens:

* nesting deeper than ``OWN_YAML_DEPTH`` (libyaml's own default), or ``OWN_YAML_FLOW_DEPTH`` for flow collections;
* an anchor used inside itself;
* aliasing beyond goyaml's budget (``document contains excessive aliasing``), counted exactly as goyaml counts
  decoded nodes, without expanding anything: an anchored node's decode count is known when it closes.

Syntax errors are left to the reader, which reports them in its own words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from chartgen.errors import ChartgenError, Location
from chartgen.limits import ALIAS_MIN_ALIASES, OWN_YAML_DEPTH, OWN_YAML_FLOW_DEPTH, excessive_aliasing

__all__ = ["YamlLimitError", "guard_yaml", "parser_events"]

_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlLimitError(ChartgenError):
    """A YAML document is nested too deeply, refers to itself or aliases beyond the budget."""


def _syntax_errors() -> tuple[type[Exception], ...]:
    from ruamel.yaml.error import YAMLError as RuamelError

    try:
        import yaml

        return (yaml.YAMLError, RuamelError)
    except ImportError:
        return (RuamelError,)


def parser_events(text: str) -> Iterator[Any]:
    """The parser events of ``text``: libyaml's when PyYAML has it (fast, iterative), else ruamel's."""
    try:
        import yaml

        loader = yaml.CSafeLoader
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    yield from yaml.parse(text, Loader=loader)


class _Frame:
    __slots__ = ("kind", "entry", "anchor", "counted", "merge_seq", "flow", "expect_key", "merge_next")

    def __init__(self, kind: str, entry: int, anchor: str | None, counted: bool, merge_seq: bool, flow: bool) -> None:
        self.kind = kind
        self.flow = flow
        self.entry = entry
        self.anchor = anchor
        self.counted = counted
        self.merge_seq = merge_seq
        self.expect_key = True
        self.merge_next = False


class _Budget:
    """goyaml's decode and alias counters for one document, advanced event by event."""

    def __init__(self, max_depth: int, max_flow: int, fail: Callable[[str, Any], ChartgenError]) -> None:
        self.max_depth = max_depth
        self.max_flow = max_flow
        self.flow = 0
        self.fail = fail
        self.decodes = 0
        self.aliases = 0
        self.stack: list[_Frame] = []
        self.sizes: dict[str, int] = {}  # anchor -> nodes one decode of it costs
        self.open: dict[str, int] = {}  # anchors whose node is still being read -> how many frames share the name

    def add(self, decodes: int, aliases: int, event: Any) -> None:
        self.decodes += decodes
        self.aliases += aliases
        if self.aliases > ALIAS_MIN_ALIASES and excessive_aliasing(self.decodes, self.aliases):
            raise self.fail("document contains excessive aliasing", event)

    def place(self, is_merge_key: bool = False) -> tuple[bool, bool]:
        """(counted, merge context) for the node about to be read, advancing its parent mapping's key/value turn.

        goyaml decodes neither a ``<<`` key nor the sequence holding maps to merge, and an alias being merged
        costs its target's nodes but not a node of its own."""
        if not self.stack:
            return True, False
        parent = self.stack[-1]
        if parent.kind == "seq":
            return True, parent.merge_seq
        if parent.expect_key:
            parent.expect_key = False
            parent.merge_next = is_merge_key
            return not is_merge_key, False
        parent.expect_key = True
        merging, parent.merge_next = parent.merge_next, False
        return True, merging

    def scalar(self, event: Any) -> None:
        implicit = event.implicit[0] if isinstance(event.implicit, tuple) else event.implicit
        merge_key = event.value == "<<" and (bool(implicit) or str(event.tag or "") == _MERGE_TAG)
        counted, _ = self.place(is_merge_key=merge_key)
        if counted:
            self.add(1, 0, event)
        if event.anchor:
            self.sizes[event.anchor] = 1

    def alias(self, event: Any) -> None:
        _, merging = self.place()
        name = event.anchor
        if name in self.open:
            raise self.fail(f"anchor '{name}' value contains itself", event)
        size = self.sizes.get(name, 0)
        self.add(size if merging else size + 1, size, event)

    def start(self, event: Any, kind: str) -> None:
        counted, merging = self.place()
        merge_seq = merging and kind == "seq"
        counted = counted and not merge_seq
        entry = self.decodes
        if counted:
            self.add(1, 0, event)
        if len(self.stack) >= self.max_depth:
            raise self.fail(f"nesting deeper than {self.max_depth} levels", event)
        flow = bool(event.flow_style)
        if flow:
            self.flow += 1
            if self.flow > self.max_flow:
                raise self.fail(f"flow collections ([...] or {{...}}) nested deeper than {self.max_flow} levels", event)
        anchor = event.anchor or None
        if anchor:
            self.open[anchor] = self.open.get(anchor, 0) + 1
        self.stack.append(_Frame(kind, entry, anchor, counted, merge_seq, flow))

    def end(self) -> None:
        frame = self.stack.pop()
        self.flow -= frame.flow
        if frame.anchor:
            self.sizes[frame.anchor] = self.decodes - frame.entry + (0 if frame.counted else 1)
            left = self.open[frame.anchor] - 1
            if left:
                self.open[frame.anchor] = left
            else:
                del self.open[frame.anchor]


def guard_yaml(
    text: str,
    where: str,
    error: Callable[[str, Location], ChartgenError] = YamlLimitError,
    *,
    max_depth: int = OWN_YAML_DEPTH,
    max_flow: int = OWN_YAML_FLOW_DEPTH,
) -> None:
    """Refuse ``text`` if one of its documents nests deeper than ``max_depth`` (``max_flow`` flow collections),
    uses an anchor inside itself or
    aliases beyond goyaml's budget. ``error(message, location)`` builds the refusal (``invalid YAML: ...`` at the
    line and column of the event). Syntax errors end the pass silently: the reader reports them."""

    def fail(problem: str, event: Any) -> ChartgenError:
        mark = event.start_mark
        return error(f"invalid YAML: {problem}", Location(where, mark.line + 1, mark.column + 1))

    budget = _Budget(max_depth, max_flow, fail)
    events = parser_events(text)
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except UnicodeEncodeError:
            return  # text that is not UTF-8: the reader says so
        except _syntax_errors() as exc:
            if "exceeded maximum nesting depth" not in str(getattr(exc, "problem", "")):
                return
            mark = exc.problem_mark
            raise error(
                f"invalid YAML: nesting deeper than {max_depth} levels",
                Location(where, mark.line + 1, mark.column + 1),
            ) from None
        kind = type(event).__name__
        if kind == "ScalarEvent":
            budget.scalar(event)
        elif kind == "AliasEvent":
            budget.alias(event)
        elif kind == "SequenceStartEvent":
            budget.start(event, "seq")
        elif kind == "MappingStartEvent":
            budget.start(event, "map")
        elif kind in ("SequenceEndEvent", "MappingEndEvent"):
            budget.end()
        elif kind == "DocumentStartEvent":
            budget = _Budget(max_depth, max_flow, fail)
