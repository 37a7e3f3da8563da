"""Sprig v3.3.0's template functions as Helm registers them, one module per family (as Sprig's own files are).

``sprig_functions()`` returns the merged map. Helm removes ``env`` and ``expandenv`` (they would leak the
environment of whoever renders), so they are never defined here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["FAMILIES", "sprig_functions"]

FAMILIES = (
    "strings",
    "encoding",
    "regex",
    "paths",
    "numbers",
    "lists",
    "dicts",
    "reflection",
    "flow",
    "semver",
    "dates",
    "crypto",
    "random_values",
)

_cache: dict[str, Callable[..., Any]] | None = None


def sprig_functions() -> dict[str, Callable[..., Any]]:
    """Every Sprig function Helm keeps, by template name. Built once per process."""
    global _cache
    if _cache is None:
        merged: dict[str, Callable[..., Any]] = {}
        for family in FAMILIES:
            module = importlib.import_module(f"chartgen.sprig.{family}")
            merged.update(module.FUNCS)
        _cache = merged
    return dict(_cache)
