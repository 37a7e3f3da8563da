"""Sprig v3.3.0's template functions as Helm registers them, one module per family (as Sprig's own files are).

``sprig_functions()`` returns the merged map. Helm removes ``env`` and ``expandenv`` (they would leak the
environment of whoever renders), so they are never defined here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from chartgen.helmcompat.profile import HELM_3, HelmProfile

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

_cache: dict[HelmProfile, dict[str, Callable[..., Any]]] = {}


def sprig_functions(profile: HelmProfile = HELM_3) -> dict[str, Callable[..., Any]]:
    """Every Sprig function Helm keeps, by template name. Built once per process and Helm profile.

    Helm 3 and 4 vendor the same Sprig but build it against different semver and Go versions, so a family
    whose behaviour follows them offers ``funcs_for(profile)``.
    """
    if profile not in _cache:
        merged: dict[str, Callable[..., Any]] = {}
        for family in FAMILIES:
            module = importlib.import_module(f"chartgen.sprig.{family}")
            by_profile = getattr(module, "funcs_for", None)
            merged.update(by_profile(profile) if by_profile else module.FUNCS)
        _cache[profile] = merged
    return dict(_cache[profile])
