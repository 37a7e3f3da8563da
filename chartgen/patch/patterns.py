"""Regular expressions an overlay supplies (``refuse_if_present``, parameter ``pattern``s).

An overlay may come from anyone (``--overlay-dir``), so its patterns get Go's syntax and RE2's linear matching
(``chartgen.goregexp``), never Python's backtracking engine, where ``(a+)+$`` takes exponential time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.errors import OverlayError

if TYPE_CHECKING:
    from chartgen.goregexp.regexp import Regexp

__all__ = ["overlay_pattern"]


def overlay_pattern(pattern: str, what: str) -> Regexp:
    """``pattern`` compiled for matching in linear time; a pattern Go refuses is an :class:`OverlayError` naming
    ``what`` carries it."""
    from chartgen.goregexp import RegexpSyntaxError, compile_regexp  # RE2 is heavy; most commands never match

    try:
        return compile_regexp(pattern)
    except RegexpSyntaxError as exc:
        raise OverlayError(f"{what}: {exc}") from None
