"""Helm's named map type for values and template contexts (``chartutil.Values``; ``common.Values`` in Helm 4).

Templates can tell it from a plain map: ``typeOf .`` names it, and Sprig's ``dig`` refuses it because a Go type
assertion to ``map[string]interface {}`` fails on a named type. Functions that take a map accept it, since its
underlying type is that map. Its methods are reachable from templates (``.Values.YAML``, ``.Template.AsMap``)
and, being looked up before map keys, hide keys of the same name.

Python cannot retype a dict in place, so ``AsMap`` and ``Table`` hand back shallow copies where Go hands back
the same map: writing into their result with ``set`` does not reach the original, as it does in Helm.
"""

from __future__ import annotations

from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import go_members, go_method
from chartgen.helmcompat.profile import HelmProfile

__all__ = ["values_class"]


def _is_table(value: Any) -> bool:
    # Helm asserts map[string]interface {}: a value already retyped as Values is not a table here.
    return isinstance(value, dict) and type(value) is dict


class _Values(dict):
    go_kind = "map"
    go_underlying = "map[string]interface {}"

    @go_method(results=("map[string]interface {}",))
    def AsMap(self) -> dict[str, Any]:  # noqa: N802 - Go method name
        return dict(self)

    @go_method("io.Writer", results=("error",))
    def Encode(self, writer: Any) -> Any:  # noqa: N802
        # No template value is an io.Writer, so only nil gets here; Go dereferences it and panics.
        raise FuncError("runtime error: invalid memory address or nil pointer dereference")

    @go_method("string", results=("chartutil.Values", "error"))
    def Table(self, name: str) -> _Values:  # noqa: N802
        table: dict[str, Any] = self
        for key in name.split("."):
            if key not in table:
                raise FuncError(f"{gostrconv.quote(key)} is not a table")
            found = table[key]
            if not isinstance(found, dict):
                raise FuncError(f"{gostrconv.quote(key)} is not a table")
            table = found
        return type(self)(table)

    @go_method("string", results=("interface {}", "error"))
    def PathValue(self, path: str) -> Any:  # noqa: N802
        if path == "":
            raise FuncError("YAML path cannot be empty")
        *parents, key = path.split(".")
        table: dict[str, Any] = self
        if parents:
            try:
                table = self.Table(".".join(parents))
            except FuncError:
                raise FuncError(f"{gostrconv.quote(key)} is not a value") from None
        if key in table and not _is_table(table[key]):
            return table[key]
        raise FuncError(f"{gostrconv.quote(key)} is not a value")

    @go_method(results=("string", "error"))
    def YAML(self) -> str:  # noqa: N802
        from chartgen.helm.goyaml import to_yaml  # imported lazily so loading stays light

        # sigs.k8s.io/yaml's Marshal, whose document ends in a newline (toYaml trims it).
        return to_yaml(self) + "\n"


@go_members()
class HelmValues3(_Values):
    go_type = "chartutil.Values"


@go_members()
class HelmValues4(_Values):
    go_type = "common.Values"


def values_class(profile: HelmProfile) -> type[dict[str, Any]]:
    return HelmValues4 if profile.common_package else HelmValues3
