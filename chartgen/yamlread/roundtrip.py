"""YAML reading with positions, turning parse errors into located ``ChartgenError``s."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chartgen.command_runtime import recursion_room
from chartgen.errors import ChartgenError, ChartLoadError, Location
from chartgen.limits import OWN_YAML_DEPTH
from chartgen.yamlread.limits import guard_yaml, parser_events

# Python frames ruamel's recursive composer and constructor spend per nesting level.
_FRAMES_PER_LEVEL = 8


def round_trip_yaml():  # -> ruamel.yaml.YAML, imported lazily to keep CLI start-up lean
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-fold a user's long lines
    return yaml


def load_yaml(
    text: str,
    where: str,
    error: type[ChartgenError] = ChartLoadError,
    yaml_version=None,
    positions: bool = True,
    *,
    secret: bool = False,
    duplicate_key: Callable[[str, Location], ChartgenError] | None = None,
) -> Any:
    """Parse one YAML document; a syntax error names file:line:column. With ``positions`` (the default) the
    result keeps comments and positions; without, plain data is read faster (no comment gathering).

    A ``secret`` file (a kubeconfig) never has its content in a message: long quotes in a problem are elided and
    errors without a place say only what broke. ``duplicate_key(key, location)`` words the refusal of a key
    written twice (ruamel's own text quotes both values, so it is never used).

    The text first passes :func:`chartgen.yamlread.limits.guard_yaml` (depth, self-reference, aliasing budget)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    guard_yaml(text, where, error)
    yaml = round_trip_yaml() if positions else YAML(typ="safe", pure=True)
    if yaml_version:
        yaml.version = yaml_version
    try:
        with recursion_room(OWN_YAML_DEPTH * _FRAMES_PER_LEVEL):
            return yaml.load(text)
    except DuplicateKeyError as exc:
        loc = _location(where, exc.problem_mark or exc.context_mark)
        if duplicate_key is not None:
            raise duplicate_key(_duplicate_key_name(exc), loc) from None
        raise error("invalid YAML: duplicate key", loc) from None
    except MarkedYAMLError as exc:
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        problem = _elide_quotes(problem) if secret else problem
        raise error(f"invalid YAML: {problem}", _location(where, exc.problem_mark or exc.context_mark)) from None
    except YAMLError as exc:
        raise error(
            "invalid YAML" if secret else f"invalid YAML: {' '.join(str(exc).split())}", Location(where)
        ) from None
    except ValueError:
        # ruamel builds dates and times as it reads: an impossible one (2025-02-30) fails without a position.
        if secret:
            raise error("invalid YAML: a date or time that does not exist", Location(where)) from None
        raise error(*_impossible_date(text, where)) from None
    except RecursionError:
        raise error("invalid YAML: nested too deeply for this Python stack", Location(where)) from None


def _location(where: str, mark: Any) -> Location:
    return Location(where, mark.line + 1, mark.column + 1) if mark else Location(where)


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _elide_quotes(problem: str) -> str:
    """ruamel quotes file content in some problems (an undefined alias's name); keep only short quotes, such as
    the offending character in "found character '\\t' that cannot start any token"."""

    def keep_short(match: re.Match[str]) -> str:
        return match.group(0) if len(match.group(0)) <= 6 else "'…'"

    return _QUOTED.sub(keep_short, problem)


def _duplicate_key_name(exc: Exception) -> str:
    """The key of ruamel's duplicate-key error, taken from its text (which goes on to quote the values)."""
    problem = str(getattr(exc, "problem", "") or "")
    start = problem.find('key "')
    end = problem.find('" with value')
    return problem[start + 5 : end] if start >= 0 and end > start else ""


def _impossible_date(text: str, where: str) -> tuple[str, Location]:
    """The first plain scalar that YAML 1.1/1.2 reads as a timestamp but that is no calendar date or time."""
    import datetime
    import re

    stamp = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2}):(\d{2}))?")
    for event in parser_events(text):
        if type(event).__name__ != "ScalarEvent" or event.style:
            continue
        match = stamp.match(event.value)
        if not match:
            continue
        parts = [int(p) for p in match.groups() if p is not None]
        try:
            datetime.datetime(*parts)
        except ValueError as exc:
            mark = event.start_mark
            return f"invalid YAML: {event.value} is not a valid date ({exc})", Location(
                where, mark.line + 1, mark.column + 1
            )
    return "invalid YAML: a date or time that does not exist", Location(where)


def detect_indentation(text: str) -> tuple[int, int]:
    """(mapping indent, sequence dash offset) as the file writes them, so a dump keeps its layout."""
    mapping = offset = None
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, cur in zip(lines, lines[1:], strict=False):
        if not prev.rstrip().endswith(":"):
            continue
        step = (len(cur) - len(cur.lstrip(" "))) - (len(prev) - len(prev.lstrip(" ")))
        if cur.lstrip().startswith("- "):
            offset = step if offset is None else offset
        elif step > 0:
            mapping = step if mapping is None else mapping
    return mapping or 2, max(offset or 0, 0)


def dump_yaml(data: Any, layout: tuple[int, int] = (2, 0)) -> str:
    import io

    yaml = round_trip_yaml()
    mapping, offset = layout
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def position_of(root: Any, path: list[Any]) -> tuple[int, int] | None:
    """1-based (line, column) of the value at ``path`` in a ruamel document, or of the nearest ancestor."""
    node = root
    best = None
    for part in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(part, int):
                pos = lc.item(part) if lc is not None else None
            else:
                pos = lc.value(part) if lc is not None else None
        except (KeyError, IndexError, TypeError, AttributeError):
            pos = None
        if pos is None:
            break
        best = (pos[0] + 1, pos[1] + 1)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return best


def key_position(mapping: Any, key: str) -> tuple[int, int] | None:
    lc = getattr(mapping, "lc", None)
    try:
        line, col = lc.key(key)
    except (KeyError, AttributeError, TypeError):
        return None
    return line + 1, col + 1


def item_position(sequence: Any, index: int) -> tuple[int, int] | None:
    lc = getattr(sequence, "lc", None)
    try:
        line, col = lc.item(index)
    except (KeyError, IndexError, AttributeError, TypeError):
        return None
    return line + 1, col + 1
