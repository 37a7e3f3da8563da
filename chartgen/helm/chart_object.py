"""``.Chart``: the chart's metadata as templates see it, which differs between Helm 3 and Helm 4.

Helm 3 passes ``struct { chart.Metadata; IsRoot bool }``: Go field names, an unknown field is an error, and
``toJson`` uses the json tags (lower-case, ``omitempty``) in struct-field order. Helm 4 passes a
``map[string]interface {}`` keyed by the Go field names with every field present, so an unknown key is just empty.
"""

from __future__ import annotations

from typing import Any

from chartgen.gotemplate.gomembers import NIL_ERROR, GoMethod, go_members, go_method
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import StringList, StructFields
from chartgen.helmcompat.profile import HELM_3, HelmProfile

__all__ = ["ChartObject", "Dependency", "Maintainer", "StringMap", "chart_object"]

# chart.Metadata in Go declaration order: (Go field, json key, kind). Every json tag has omitempty.
_METADATA_FIELDS = (
    ("Name", "name", "str"),
    ("Home", "home", "str"),
    ("Sources", "sources", "strings"),
    ("Version", "version", "str"),
    ("Description", "description", "str"),
    ("Keywords", "keywords", "strings"),
    ("Maintainers", "maintainers", "maintainers"),
    ("Icon", "icon", "str"),
    ("APIVersion", "apiVersion", "str"),
    ("Condition", "condition", "str"),
    ("Tags", "tags", "str"),
    ("AppVersion", "appVersion", "str"),
    ("Deprecated", "deprecated", "bool"),
    ("Annotations", "annotations", "annotations"),
    ("KubeVersion", "kubeVersion", "str"),
    ("Dependencies", "dependencies", "dependencies"),
    ("Type", "type", "str"),
)

# chart.Dependency: (Go field, json key, kind, omitempty).
_DEPENDENCY_FIELDS = (
    ("Name", "name", "str", False),
    ("Version", "version", "str", True),
    ("Repository", "repository", "str", False),
    ("Condition", "condition", "str", True),
    ("Tags", "tags", "strings", True),
    ("Enabled", "enabled", "bool", True),
    ("ImportValues", "import-values", "list", True),
    ("Alias", "alias", "str", True),
)

_MAINTAINER_FIELDS = (("Name", "name"), ("Email", "email"), ("URL", "url"))


class StringMap(dict):
    """A Go ``map[string]string`` (``Annotations``): a missing key reads as ``""``, the element's zero value."""

    go_type = "map[string]string"

    def get(self, key: Any, default: Any = "") -> Any:  # type: ignore[override]
        return super().get(key, default)


class _NilStringMap(StringMap):
    """``Annotations`` when Chart.yaml has none: a nil ``map[string]string``, empty to read but ``nil`` to
    ``eq``, ``null`` to ``toJson`` and ``toYaml``."""

    go_nil = True


class _MaintainerList(list):
    go_type = "[]*chart.Maintainer"


class _DependencyList(list):
    go_type = "[]*chart.Dependency"


def _is_empty(value: Any) -> bool:
    """Go's ``omitempty``: false, 0, "", and empty (or nil) slices and maps."""
    return value is None or value is False or value == "" or (isinstance(value, (list, dict)) and not value)


class _Struct:
    """Shared behaviour of the Helm 3 struct values: ``go_json`` and Go's ``%v`` from a field table."""

    go_kind = "ptr"
    _json_fields: tuple[tuple[str, str, bool], ...] = ()

    def go_json(self) -> StructFields:
        out = StructFields()
        for attr, key, omitempty in self._json_fields:
            value = getattr(self, attr)
            if omitempty and _is_empty(value):
                continue
            out[key] = value.go_json() if hasattr(value, "go_json") else _json_list(value)
        return out

    def _struct_text(self) -> str:
        # Go prints a struct's fields in declaration order; fmt shows a pointer element (a *Maintainer inside a
        # Metadata) as its address, which no rendering can reproduce, so it is shown as "&{...}" here.
        return "{" + " ".join(to_text(getattr(self, attr)) for attr, _, _ in self._json_fields) + "}"

    def __str__(self) -> str:
        return ("&" if self.go_kind == "ptr" else "") + self._struct_text()


# chart.Metadata.Validate has a pointer receiver, and .Chart is never addressable (it comes out of a map), so
# templates cannot call it; it is declared so that the declaration is Go's.
_VALIDATE = GoMethod("Validate", results=("error",), pointer=True)


def _json_list(value: Any) -> Any:
    if isinstance(value, list):
        return [item.go_json() if hasattr(item, "go_json") else item for item in value]
    return value


@go_members(fields=[attr for attr, _ in _MAINTAINER_FIELDS])
class Maintainer(_Struct):
    """``*chart.Maintainer``."""

    go_type = "*chart.Maintainer"
    _json_fields = tuple((attr, key, True) for attr, key in _MAINTAINER_FIELDS)

    def __init__(self, data: dict[str, Any]) -> None:
        for attr, key in _MAINTAINER_FIELDS:
            setattr(self, attr, str(data.get(key) or ""))

    @go_method(results=("error",), pointer=True)
    def Validate(self) -> Any:  # noqa: N802 - Go method name
        # Loading the chart already validated and sanitised it; doing it again finds nothing.
        return NIL_ERROR


@go_members(fields=[attr for attr, _, _, _ in _DEPENDENCY_FIELDS])
class Dependency(_Struct):
    """``*chart.Dependency``."""

    go_type = "*chart.Dependency"
    _json_fields = tuple((attr, key, omit) for attr, key, _, omit in _DEPENDENCY_FIELDS)

    def __init__(self, data: dict[str, Any]) -> None:
        for attr, key, kind, _ in _DEPENDENCY_FIELDS:
            setattr(self, attr, _typed(data.get(key), kind))

    @go_method(results=("error",), pointer=True)
    def Validate(self) -> Any:  # noqa: N802
        return NIL_ERROR


@go_members(fields=[attr for attr, _, _ in _METADATA_FIELDS], methods=[_VALIDATE])
class _Metadata(_Struct):
    """The embedded ``chart.Metadata`` (reachable as ``.Chart.Metadata``)."""

    go_type = "chart.Metadata"
    go_kind = "struct"
    _json_fields = tuple((attr, key, True) for attr, key, _ in _METADATA_FIELDS)

    def __init__(self, metadata: dict[str, Any]) -> None:
        for attr, key, kind in _METADATA_FIELDS:
            setattr(self, attr, _typed(metadata.get(key), kind))


@go_members(fields=["Metadata", "IsRoot"])
class ChartObject(_Metadata):
    """Helm 3's ``.Chart``: the promoted fields of ``chart.Metadata`` plus ``IsRoot``."""

    go_type = "struct { chart.Metadata; IsRoot bool }"
    go_kind = "struct"

    def __init__(self, metadata: dict[str, Any], is_root: bool) -> None:
        super().__init__(metadata)
        self.Metadata = _Metadata(metadata)
        self.IsRoot = is_root

    def go_json(self) -> StructFields:
        # The embedded struct's fields are inlined by encoding/json, then IsRoot (no json tag) follows.
        out = super().go_json()
        out["IsRoot"] = self.IsRoot
        return out

    def __str__(self) -> str:
        return "{" + self.Metadata._struct_text() + " " + to_text(self.IsRoot) + "}"


def _typed(value: Any, kind: str) -> Any:
    """A Chart.yaml value as the Go field of that kind holds it (absent fields get the zero value)."""
    if kind == "str":
        return "" if value is None else str(value)
    if kind == "bool":
        return bool(value)
    if kind == "strings":
        return StringList(str(v) for v in value or [])
    if kind == "list":
        return list(value or [])
    if kind == "annotations":
        return _NilStringMap() if value is None else StringMap(value)
    if kind == "maintainers":
        return _MaintainerList(Maintainer(m or {}) for m in value or [])
    if kind == "dependencies":
        return _DependencyList(Dependency(d or {}) for d in value or [])
    raise ValueError(kind)


def _map_value(value: Any, kind: str) -> Any:
    """Helm 4's map form of a field: slices become ``[]interface {}`` (empty, never nil); nested structs maps."""
    if kind == "str":
        return "" if value is None else str(value)
    if kind == "bool":
        return bool(value)
    if kind in ("strings", "list"):
        return [str(v) if kind == "strings" else v for v in value or []]
    if kind == "annotations":
        # Annotations keeps its map[string]string type; a nil map stays nil (toJson shows null).
        return _NilStringMap() if value is None else StringMap(value)
    if kind == "maintainers":
        return [{attr: str((m or {}).get(key) or "") for attr, key in _MAINTAINER_FIELDS} for m in value or []]
    if kind == "dependencies":
        return [
            {attr: _map_value((d or {}).get(key), sub) for attr, key, sub, _ in _DEPENDENCY_FIELDS} for d in value or []
        ]
    raise ValueError(kind)


def chart_object(chart: Any, profile: HelmProfile = HELM_3) -> Any:
    """The ``.Chart`` value for ``chart`` (a :class:`chartgen.helm.chart_model.Chart`) under the given Helm major."""
    metadata = chart.metadata
    if profile.chart_as_map:
        out: dict[str, Any] = {attr: _map_value(metadata.get(key), kind) for attr, key, kind in _METADATA_FIELDS}
        out["IsRoot"] = chart.is_root
        return out
    return ChartObject(metadata, chart.is_root)
