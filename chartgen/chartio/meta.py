"""Chart.yaml: reading and checking it, and recording what chartgen did to the chart."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from chartgen.errors import AlreadyPatchedError, ChartLoadError, Location
from chartgen.records import record
from chartgen.yamlread.roundtrip import detect_indentation, dump_yaml, key_position, load_yaml

ANNOTATION_OVERLAYS = "chartgen.io/overlays"
ANNOTATION_SOURCE_DIGEST = "chartgen.io/source-sha256"
ANNOTATION_SOURCE_VERSION = "chartgen.io/source-version"

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


@record
class ChartMeta:
    where: str
    doc: Any  # ruamel CommentedMap, kept for a faithful rewrite
    text: str

    @property
    def name(self) -> str:
        return str(self.doc["name"])

    @property
    def version(self) -> str:
        return str(self.doc["version"])

    def applied_overlays(self) -> list[str]:
        annotations = self.doc.get("annotations") or {}
        raw = annotations.get(ANNOTATION_OVERLAYS, "") if isinstance(annotations, dict) else ""
        return [name for name in str(raw).split(",") if name]


def parse_chart_yaml(text: str, where: str) -> ChartMeta:
    doc = load_yaml(text, where)
    if not isinstance(doc, dict):
        raise ChartLoadError("Chart.yaml must be a mapping", Location(where, 1))
    for key in ("apiVersion", "name", "version"):
        if not doc.get(key):
            raise ChartLoadError(f"Chart.yaml has no {key!r}", Location(where, 1))
    check_chart_name(str(doc["name"]), Location(where, *(key_position(doc, "name") or ())))
    if str(doc["apiVersion"]) not in ("v1", "v2"):
        pos = key_position(doc, "apiVersion")
        raise ChartLoadError(f"apiVersion {doc['apiVersion']!r} is not v1 or v2", Location(where, *(pos or ())))
    if not SEMVER.match(str(doc["version"])):
        pos = key_position(doc, "version")
        raise ChartLoadError(f"version {doc['version']!r} is not a SemVer 2 version", Location(where, *(pos or ())))
    return ChartMeta(where, doc, text)


def check_chart_name(name: str, where: Location) -> None:
    """Refuse a name Helm refuses, by the stricter of Helm 3.17 and 4.1: both want the name to be its own base name
    (no ``/``), Helm 4 also refuses ``.`` and ``..``, and a ``\\`` is a separator where Windows takes the base name.
    chartgen makes paths of it (``<name>-<version>.tgz``, ``<name>/`` inside a package), so an unprintable
    character, which Helm would silently drop, is refused too."""
    if name in (".", "..") or "/" in name or "\\" in name or not name.isprintable():
        raise ChartLoadError(
            f"chart name {name!r} is invalid: a chart name is one path component (no '/' or '\\', not '.' or '..', "
            "no control characters), as Helm requires",
            where,
        )


def refuse_reapplied(meta: ChartMeta, overlays: list[str]) -> None:
    again = [name for name in overlays if name in meta.applied_overlays()]
    if again:
        pos = key_position(meta.doc, "annotations")
        raise AlreadyPatchedError(
            f"chart was already patched with overlay {again[0]!r} (annotation {ANNOTATION_OVERLAYS}); "
            "patch the unmodified chart instead",
            Location(meta.where, *(pos or ())),
        )


# Charts put "<name>-<version>" into a label, and a label value holds at most 63 characters.
LABEL_VALUE_MAX = 63


def with_build_metadata(name: str, version: str, overlays: list[str]) -> str:
    """``3.8.42`` -> ``3.8.42+chartgen.remote-target``: same precedence, visibly not the stock chart. When the
    overlay names would push ``<name>-<version>`` past a label value's length, a short digest stands in."""
    tag = ".".join(["chartgen", *overlays])
    joined = f"{version}.{tag}" if "+" in version else f"{version}+{tag}"
    if len(f"{name}-{joined}") <= LABEL_VALUE_MAX:
        return joined
    digest = hashlib.sha256(",".join(overlays).encode()).hexdigest()[:8]
    short = f"chartgen.{digest}"
    return f"{version}.{short}" if "+" in version else f"{version}+{short}"


def patched_chart_yaml(meta: ChartMeta, overlays: list[str], source_digest: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    doc = meta.doc
    applied = [*meta.applied_overlays(), *overlays]
    previous_version = str(doc["version"])
    doc["version"] = with_build_metadata(str(doc["name"]), previous_version, overlays)
    annotations = doc.get("annotations")
    if not isinstance(annotations, dict):
        annotations = CommentedMap()
        doc["annotations"] = annotations
    annotations[ANNOTATION_OVERLAYS] = ",".join(applied)
    annotations[ANNOTATION_SOURCE_DIGEST] = source_digest
    annotations[ANNOTATION_SOURCE_VERSION] = previous_version
    newline = "\r\n" if "\r\n" in meta.text else "\n"
    return dump_yaml(doc, detect_indentation(meta.text)).replace("\n", newline)
