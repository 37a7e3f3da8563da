"""The function map Helm hands to templates: Sprig minus ``env``/``expandenv``, then Helm's codecs and stubs.

The engine replaces ``include``, ``tpl``, ``required`` and ``fail`` with closures over the template set being
rendered; everything here is the same for every render of a given Helm major.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from chartgen.gotemplate.gotypes import go_signature
from chartgen.helm import gojson, gotoml, goyaml, yaml_load
from chartgen.helmcompat.profile import HelmProfile
from chartgen.sprig import sprig_functions

__all__ = ["helm_functions"]


@go_signature("string", "string", "string", "string")
def _lookup(api_version: str, kind: str, namespace: str, name: str) -> dict[str, Any]:
    # `helm template` has no cluster to ask, so every lookup finds nothing.
    return {}


@go_signature("string")
def _get_host_by_name(name: str) -> str:
    # Helm disables DNS lookups unless --enable-dns is given, which chartgen does not offer.
    return ""


@lru_cache(maxsize=2)
def _functions(profile: HelmProfile) -> dict[str, Callable[..., Any]]:
    funcs = sprig_functions(profile)
    for module in (gotoml, goyaml, yaml_load, gojson):
        funcs.update(module.FUNCS)
        if profile.helm_must_to_yaml:
            funcs.update(getattr(module, "FUNCS_HELM4", {}))
    funcs["lookup"] = _lookup
    funcs["getHostByName"] = _get_host_by_name
    return funcs


def helm_functions(profile: HelmProfile) -> dict[str, Callable[..., Any]]:
    """Every function name a chart may call, as the Helm of ``profile`` offers them."""
    return dict(_functions(profile))
