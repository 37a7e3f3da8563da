"""The Kubernetes version lint judges for and what is bundled about it: strict OpenAPI schemas per minor (from
``kubernetes-validate``) and the table of deprecated and removed API versions.

``kubernetes-validate``'s own ``validate`` reloads a schema per call and compares versions as strings; here each
version's definitions are loaded once, indexed by group/version/kind, and one validator per kind is cached, so
validating a whole chart costs milliseconds after the first load.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from chartgen.disk_cache import files_stamp, read_json, write_json
from chartgen.helm.capabilities import default_capabilities
from chartgen.records import record

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

__all__ = [
    "KubeTarget",
    "bundled_versions",
    "default_minor",
    "definitions_file",
    "deprecated_apis",
    "kube_target",
    "nearest_bundled",
    "parse_minor",
    "schema_kinds",
    "schemas",
]

_DEFS_ID = "https://kubernetes.io/api/_definitions.json"
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.\d+-local-strict$")
_KUBE_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$")


@record(frozen=True)
class KubeTarget:
    """The Kubernetes version linted for (``wanted``) and the bundled schema version used (``schema``)."""

    wanted: tuple[int, int]
    schema: tuple[int, int]
    given: bool  # False: Helm's default version, because the user gave none

    @property
    def wanted_text(self) -> str:
        return f"{self.wanted[0]}.{self.wanted[1]}"

    @property
    def schema_text(self) -> str:
        return f"{self.schema[0]}.{self.schema[1]}"


@functools.cache
def _schema_root() -> Path:
    # Found without importing kubernetes_validate, whose package imports the whole validator library.
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("kubernetes_validate is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


@functools.cache
def bundled_versions() -> tuple[tuple[int, int], ...]:
    """The Kubernetes minors that ``kubernetes-validate`` ships strict schemas for, ascending."""
    found = []
    for entry in _schema_root().iterdir():
        match = _VERSION_DIR.match(entry.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return tuple(sorted(found))


def default_minor() -> tuple[int, int]:
    """Helm's default Kubernetes version (Helm 3's), which lint targets without --kube-version."""
    kube = default_capabilities().KubeVersion
    return int(kube.Major), int(str(kube.Minor).rstrip("+"))


def parse_minor(text: str | None) -> tuple[int, int] | None:
    """``1.20``, ``v1.20.2`` or ``1.20.3-gke.1`` -> (1, 20); None for anything else."""
    match = _KUBE_VERSION.match(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def nearest_bundled(wanted: tuple[int, int]) -> tuple[int, int]:
    """The newest bundled schema version not newer than ``wanted``, or the oldest bundled one for an older target."""
    versions = bundled_versions()
    older = [v for v in versions if v <= wanted]
    return older[-1] if older else versions[0]


def kube_target(kube_version: str | None) -> KubeTarget:
    """The target version from ``--kube-version`` (Helm's default when absent) and the nearest bundled schema."""
    given = parse_minor(kube_version)
    wanted = given or default_minor()
    return KubeTarget(wanted, nearest_bundled(wanted), given is not None)


def _version_dir(version: tuple[int, int]) -> Path:
    return _schema_root().joinpath(f"v{version[0]}.{version[1]}.0-local-strict")


def definitions_file(version: tuple[int, int]) -> Path:
    """The file holding a bundled version's definitions (what a cached verdict about them depends on)."""
    return _version_dir(version) / "_definitions.json"


class SchemaSet:
    """One Kubernetes version's strict definitions: a registry for ``$ref`` resolution and a group/version/kind
    index of the top-level object definitions."""

    def __init__(self, version: tuple[int, int]) -> None:
        from referencing import Registry, Resource

        definitions = json.loads(_version_dir(version).joinpath("_definitions.json").read_text(encoding="utf-8"))
        self.registry = Registry().with_resource(_DEFS_ID, Resource.from_contents(definitions))
        self.index: dict[tuple[str, str], str] = {}
        for name, schema in definitions["$defs"].items():
            for gvk in schema.get("x-kubernetes-group-version-kind", ()):
                api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                # DeleteOptions and WatchEvent claim every group; they are never rendered objects.
                self.index.setdefault((api_version, gvk["kind"]), name)
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, api_version: str, kind: str) -> Draft202012Validator | None:
        """A cached validator for ``apiVersion``/``kind``, or None when this version has no schema for it."""
        name = self.index.get((api_version, kind))
        if name is None:
            return None
        if name not in self._validators:
            from jsonschema import Draft202012Validator

            schema = {"$ref": f"{_DEFS_ID}#/$defs/{name}"}
            self._validators[name] = Draft202012Validator(schema, registry=self.registry)
        return self._validators[name]


@functools.cache
def schemas(version: tuple[int, int]) -> SchemaSet:
    """The strict schemas of a bundled version, loaded once per process."""
    return SchemaSet(version)


@functools.cache
def schema_kinds(version: tuple[int, int]) -> frozenset[tuple[str, str]]:
    """Every (apiVersion, kind) the bundled schemas of ``version`` define (a bundled version).

    Kept in the disk cache beside the definitions' file stamp: reading the definitions costs more than a small
    chart's whole lint, and a lint whose objects' verdicts are all cached needs nothing else from them."""
    key = hashlib.sha256(files_stamp([definitions_file(version)]) + repr(version).encode()).hexdigest()
    cached = read_json(_KINDS_KIND, key)
    if isinstance(cached, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in cached
    ):
        return frozenset((api_version, kind) for api_version, kind in cached)
    kinds = frozenset(schemas(version).index)
    write_json(_KINDS_KIND, key, sorted(kinds))
    return kinds


_KINDS_KIND = "kube-kinds"


@functools.cache
def deprecated_apis() -> dict[tuple[str, str], dict[str, Any]]:
    """The deprecation table (``chartgen/lint/data/deprecated_apis.yaml``) keyed by (apiVersion, kind)."""
    text = files("chartgen.lint").joinpath("data", "deprecated_apis.yaml").read_text(encoding="utf-8")
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {(entry["apiVersion"], entry["kind"]): entry for entry in entries}
