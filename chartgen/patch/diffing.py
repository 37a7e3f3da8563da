"""Unified diffs between two versions of a chart's files, for ``chartgen patch --diff``."""

from __future__ import annotations

import difflib


def chart_diff(before: dict[str, bytes], after: dict[str, bytes]) -> str:
    out: list[str] = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        old_lines = _lines(old)
        new_lines = _lines(new)
        if old_lines is None or new_lines is None:
            out.append(f"Binary files a/{path} and b/{path} differ\n")
            continue
        out.extend(
            difflib.unified_diff(
                old_lines,
                new_lines,
                fromfile=f"a/{path}" if old is not None else "/dev/null",
                tofile=f"b/{path}" if new is not None else "/dev/null",
            )
        )
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n\\ No newline at end of file\n"
    return "".join(out)


def _lines(data: bytes | None) -> list[str] | None:
    if data is None:
        return []
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None
