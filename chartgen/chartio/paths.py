"""Paths inside a chart, as overlays and charts name them: normalised, and refused when they would leave the chart.

Every path chartgen writes under an output folder goes through :func:`inside`, whether it came from an overlay's
``files[].path``, a chart archive or a rendered ``# Source:`` line, so no input can place a file beside or above
the output, whatever the platform's separators and drive letters make of it.
"""

from __future__ import annotations

import posixpath
import re

__all__ = ["UnsafePath", "inside"]

_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafePath(ValueError):
    """A path that would leave the folder it belongs to; the message says why, for the caller to locate."""


def inside(path: object, folder: str = "the chart") -> str:
    """``path`` as a normalised POSIX path relative to its folder; raises UnsafePath when it is empty, absolute,
    carries a drive letter, a backslash or a control character, or climbs out with ``..``. ``folder`` names the
    folder in the message."""
    if not isinstance(path, str) or not path:
        raise UnsafePath("is empty")
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
        raise UnsafePath(f"{path!r} holds a control character")
    if "\\" in path:
        # A Windows separator: "templates\..\..\x" climbs out there, and is no portable chart file name anyway.
        raise UnsafePath(f"{path!r} holds a backslash; chart paths use '/'")
    if path.startswith("/") or _DRIVE.match(path):
        raise UnsafePath(f"{path!r} is absolute; it must be relative to {folder}")
    normal = posixpath.normpath(path)
    if normal == ".":
        raise UnsafePath(f"{path!r} names {folder} itself, not a file in it")
    if normal == ".." or normal.startswith("../"):
        raise UnsafePath(f"{path!r} leaves {folder}")
    return normal
