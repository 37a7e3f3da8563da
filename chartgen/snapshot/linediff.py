"""A unified line diff of two snapshot documents in which every hunk names the object and the field it touches.

A plain diff of YAML shows ``-  failurePolicy: Fail`` without saying of which webhook of which object; a reviewer
then scrolls. Snapshot files are written in one known block style (see ``normalise.dump_yaml``), so the field
path of each line can be recovered from indentation alone, and the object from the ``# Object:`` comment that
opens each document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chartgen.collector import collector_paused
from chartgen.records import record
from chartgen.snapshot.normalise import read_header
from chartgen.snapshot.sequence_match import LineMatcher

__all__ = ["LineSite", "changed_sites", "describe_changes", "header_changes", "line_sites", "readable_diff"]

_LINE = re.compile(r"^( *)((?:- )*)(.*)$")
# A mapping key at the start of a line's content: plain, or single/double quoted.
_KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,\[\]{}][^#]*?|-[^\s#][^#]*?):(?: |$)""")
_BLOCK_START = re.compile(r"[|>][-+0-9]*$")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@record(frozen=True)
class LineSite:
    """Where a snapshot line sits: the object it belongs to and the field path inside it ('' outside a body)."""

    obj: str
    path: str

    def __str__(self) -> str:
        if not self.obj:
            return "snapshot header"
        return f"{self.obj}: {self.path}" if self.path else self.obj


def _key_text(raw: str) -> str:
    if raw[:1] == '"':
        return raw[1:-1].replace('\\"', '"')
    if raw[:1] == "'":
        return raw[1:-1].replace("''", "'")
    return raw


def _render_path(stack: list[tuple[int, str, object]]) -> str:
    out = ""
    for _col, kind, value in stack:
        if kind == "item":
            out += f"[{value}]"
        elif _PLAIN_KEY.match(str(value)):
            out += f".{value}" if out else str(value)
        else:
            out += f'["{value}"]'
    return out


def line_sites(text: str) -> list[LineSite]:
    """The :class:`LineSite` of every line of a snapshot document."""
    sites: list[LineSite] = []
    obj = ""
    stack: list[tuple[int, str, object]] = []  # (column, "key"|"item", key text or item index)
    block_col: int | None = None  # inside a literal block scalar whose key sits at this column
    for line in text.splitlines():
        if line.startswith("---"):
            obj, stack, block_col = "", [], None
            sites.append(LineSite(obj, ""))
            continue
        if line.startswith("# Object: ") and not stack:
            obj = line[len("# Object: ") :]
            sites.append(LineSite(obj, ""))
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_col is not None and (not line.strip() or indent > block_col):
            sites.append(LineSite(obj, _render_path(stack)))
            continue
        block_col = None
        if not line.strip() or line.lstrip().startswith("#"):
            sites.append(LineSite(obj, _render_path(stack) if obj else ""))
            continue
        match = _LINE.match(line)
        assert match is not None  # the pattern accepts every line
        col = len(match.group(1))
        for _ in range(len(match.group(2)) // 2):
            while stack and stack[-1][0] > col:
                stack.pop()
            if stack and stack[-1][1] == "item" and stack[-1][0] == col:
                stack[-1] = (col, "item", int(stack[-1][2]) + 1)  # type: ignore[call-overload]
            else:
                stack.append((col, "item", 0))
            col += 2
        content = match.group(3)
        key = _KEY.match(content)
        if key:
            while stack and (stack[-1][0] > col or (stack[-1][0] == col and stack[-1][1] == "key")):
                stack.pop()
            # A list written at its key's column ends when a sibling key appears at that column.
            while stack and stack[-1][0] == col and stack[-1][1] == "item":
                stack.pop()
                if stack and stack[-1][0] == col and stack[-1][1] == "key":
                    stack.pop()
            stack.append((col, "key", _key_text(key.group(1))))
            if _BLOCK_START.search(content[key.end() :].strip()):
                block_col = col
        sites.append(LineSite(obj, _render_path(stack)))
    return sites


@collector_paused()
def describe_changes(old: str, new: str) -> list[str]:
    """One line per changed place, ``Object: field.path``, in the order they appear; header changes first."""
    return [*header_changes(old, new), *(str(site) for site in changed_sites(old, new))]


def changed_sites(old: str, new: str) -> list[LineSite]:
    """Each object field whose lines differ between two snapshot documents, once, in the order they appear."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    old_sites, new_sites = line_sites(old), line_sites(new)
    seen: set[LineSite] = set()
    changed: list[LineSite] = []
    matcher = LineMatcher(old_lines, new_lines)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for site in [*old_sites[i1:i2], *new_sites[j1:j2]]:
            if not site.obj:
                continue  # header lines are reported from their parsed form (header_changes)
            if site not in seen:
                seen.add(site)
                changed.append(site)
    return changed


def header_changes(old: str, new: str) -> list[str]:
    before, after = read_header(old), read_header(new)
    out = []
    for key in [*before, *(k for k in after if k not in before)]:
        if before.get(key) != after.get(key):
            out.append(f"header {key}: {before.get(key, '(absent)')} -> {after.get(key, '(absent)')}")
    return out


@collector_paused()
def readable_diff(
    old: str,
    new: str,
    *,
    context: int = 3,
    old_name: str = "snapshot",
    new_name: str = "rendered",
    shown: Callable[[str, LineSite], str] | None = None,
) -> list[str]:
    """A unified diff whose ``@@`` lines name the object and field of the first change in the hunk; ``shown``
    rewrites each printed line, given where it sits (to keep a value out of the diff)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    old_sites, new_sites = line_sites(old), line_sites(new)
    show = shown or _as_written
    out = [f"--- {old_name}", f"+++ {new_name}"]
    matcher = LineMatcher(old_lines, new_lines)
    for group in matcher.get_grouped_opcodes(context):
        first = next(op for op in group if op[0] != "equal")
        _tag, i1, i2, j1, j2 = first
        site = new_sites[j1] if j2 > j1 else old_sites[i1]
        a_start, a_end = group[0][1], group[-1][2]
        b_start, b_end = group[0][3], group[-1][4]
        out.append(f"@@ -{a_start + 1},{a_end - a_start} +{b_start + 1},{b_end - b_start} @@ {site}")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [f"  {show(old_lines[i], old_sites[i])}" for i in range(i1, i2)]
                continue
            out += [f"- {show(old_lines[i], old_sites[i])}" for i in range(i1, i2)]
            out += [f"+ {show(new_lines[j], new_sites[j])}" for j in range(j1, j2)]
    return out


def _as_written(line: str, _site: LineSite) -> str:
    return line
