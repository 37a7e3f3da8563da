"""Helm's named map type for values and template contexts (``chartutil.Values``; ``common.Values`` in Helm 4).

Templates can tell it from a plain map: ``typeOf .`` names it, and Sprig's ``dig`` refuses it because a Go type
assertion to ``map[string]interface {}`` fails on a named type. Functions that take a map accept it, since its
underlying type is that map.
"""

from __future__ import annotations

from typing import Any

__all__ = ["values_class"]


class HelmValues3(dict):
    go_type = "chartutil.Values"
    go_kind = "map"
    go_underlying = "map[string]interface {}"


class HelmValues4(dict):
    go_type = "common.Values"
    go_kind = "map"
    go_underlying = "map[string]interface {}"


def values_class(helm_compat: int) -> type[dict[str, Any]]:
    return HelmValues4 if helm_compat >= 4 else HelmValues3
