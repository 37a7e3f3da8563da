"""Where a field of a rendered manifest came from: its line in the rendered document and, through the renderer's
provenance, the template file and line that wrote it.

Rules about rendered objects speak in field paths (``["spec", "template", "spec", "volumes", 0]``); a user needs
the template line to edit. Each document is decoded twice: once as Kubernetes decodes it (``sigs.k8s.io/yaml``,
which ``chartgen.helm.yaml_load.unmarshal`` reproduces) for the data rules inspect, and once into libyaml's node
tree, which keeps the position of every key and item. libyaml is the parser goyaml was ported from, so both
readings agree on structure. The node tree is built only when a finding asks for a position: on a chart shipping
megabytes of CRDs, composing every document would cost more than the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from chartgen.collector import collector_paused
from chartgen.errors import Location
from chartgen.helm.chart_model import Chart
from chartgen.helm.provenance import Origin
from chartgen.helm.render import RenderedDocument, RenderResult
from chartgen.helm.yaml_load import YamlUnmarshalError, unmarshal
from chartgen.records import field, record
from chartgen.yamlread.manifests import compose_document

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = [
    "ManifestDoc",
    "document_location",
    "field_path_text",
    "manifest_location",
    "read_manifests",
    "template_location",
    "template_path",
    "template_sources",
]

FieldPath = Sequence[str | int]


@record
class ManifestDoc:
    """One rendered document with its decoded object and a position index into its text.

    ``data`` is the decoded object (None when the document is not a mapping or does not decode — the chart family
    reports those); ``root`` is the libyaml node tree (None when the text does not parse, and then ``error`` is
    libyaml's syntax error, with the position CG-CHART-010 reports).
    """

    document: RenderedDocument
    data: Any
    _composed: tuple[Node | None, yaml.YAMLError | None] | None = field(default=None, repr=False)

    @property
    def root(self) -> Node | None:
        return self._compose()[0]

    @property
    def error(self) -> yaml.YAMLError | None:
        if self._composed is None and self._composes_cleanly():
            return None
        return self._compose()[1]

    def _compose(self) -> tuple[Node | None, yaml.YAMLError | None]:
        # Positions are needed only where a finding is placed, so the node tree is built on first use.
        if self._composed is None:
            self._composed = compose_document(self.document.content)
        return self._composed

    def _composes_cleanly(self) -> bool:
        """A document that decoded was parsed by libyaml already; without anchors or aliases (the composer's own
        errors) composing it cannot fail."""
        content = self.document.content
        return self.data is not None and "&" not in content and "*" not in content

    @property
    def kind(self) -> str:
        return str(self.data.get("kind") or "") if isinstance(self.data, dict) else ""

    @property
    def api_version(self) -> str:
        return str(self.data.get("apiVersion") or "") if isinstance(self.data, dict) else ""

    @property
    def name(self) -> str:
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        return str(meta.get("name") or "") if isinstance(meta, dict) else ""

    @property
    def object_name(self) -> str:
        """``Kind/name`` as kubectl prints it; the name is left out when the object has none."""
        return f"{self.kind}/{self.name}" if self.name else self.kind or "(unknown kind)"

    def get(self, path: FieldPath, default: Any = None) -> Any:
        """The decoded value at ``path``, or ``default`` when any step is missing."""
        node = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or not -len(node) <= part < len(node):
                    return default
            elif not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def rendered_position(self, path: FieldPath) -> tuple[int, int] | None:
        """1-based (line, column) in ``document.content`` of the field at ``path``.

        A mapping entry is placed at its key (where a user reads ``volumeMount:``), a sequence item at the item.
        When the path leaves the document (a missing field), the deepest existing ancestor is returned, so a
        finding about an absent field still lands on the object that should hold it.
        """
        if self.root is None:
            return None
        mark = _deepest(self.root, path) or self.root.start_mark
        return mark.line + 1, mark.column + 1

    def key_line(self, path: FieldPath) -> int | None:
        """0-based line in ``document.content`` of the field at ``path`` or its deepest existing ancestor; None
        when not even the path's first step is in the document."""
        mark = _deepest(self.root, path) if self.root is not None else None
        return mark.line if mark is not None else None

    def origin(self, path: FieldPath) -> Origin | None:
        """The template line that wrote the field at ``path`` (or its nearest existing ancestor)."""
        position = self.rendered_position(path)
        origins = self.document.origins
        if position is None or not origins:
            return None
        index = position[0] - 1
        return origins[index] if index < len(origins) else None


def _deepest(root: Node, path: FieldPath) -> Mark | None:
    """Where the deepest step of ``path`` found under ``root`` starts: a mapping entry at its key, a sequence item
    at the item; None when the first step is missing."""
    node, mark = root, None
    for part in path:
        if isinstance(part, int) and isinstance(node, SequenceNode) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
            continue
        if isinstance(part, str) and isinstance(node, MappingNode):
            entry = _entry(node, part)
            if entry is not None:
                mark = entry[0].start_mark
                node = entry[1]
                continue
        break
    return mark


def _entry(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    # The last of duplicate keys wins when the object is decoded, so it is the one to point at.
    found = None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found = (key_node, value_node)
    return found


def _decode(content: str) -> Any:
    try:
        return unmarshal(content, one_of_many=True)
    except (YamlUnmarshalError, ValueError):
        return None


def read_manifests(render: RenderResult | None) -> list[ManifestDoc]:
    """Every rendered document, decoded and indexed (``LintContext.manifests`` holds them once per lint run)."""
    docs: list[ManifestDoc] = []
    if render is not None:
        # Every document's trees stay alive for the whole run, so they are all built before the next collection.
        with collector_paused():
            for document in render.documents:
                docs.append(ManifestDoc(document, _decode(document.content)))
    return docs


def template_path(chart_dir: Path | str, template: str) -> str:
    """The file behind a Helm template name: ``iris-operator/templates/x.yaml`` -> ``<chart_dir>/templates/x.yaml``.

    Helm names templates after the chart's *name*, which need not be its directory's name, so the first
    component is replaced by the directory the user gave; subcharts keep their ``charts/<name>/`` path.
    """
    rest = template.split("/", 1)[1] if "/" in template else template
    base = str(chart_dir)
    return rest if base in ("", ".") else f"{base.rstrip('/')}/{rest}"


def field_path_text(path: FieldPath) -> str:
    """``["spec", "containers", 0, "args"]`` -> ``spec.containers[0].args`` (keys with dots are quoted)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text


def template_sources(chart: Chart | None) -> dict[str, list[str]]:
    """Template name -> its lines, for every chart in the tree (used to find a column on a template line;
    ``LintContext.template_lines`` holds them once per lint run)."""
    sources: dict[str, list[str]] = {}
    stack = [chart] if chart is not None else []
    while stack:
        current = stack.pop()
        for item in current.templates:
            sources[current.file_path(item.name)] = item.data.decode("utf-8", "replace").split("\n")
        stack.extend(current.dependencies)
    return sources


def template_location(ctx: LintContext, template: str, line: int, needle: str | None = None) -> Location:
    """A Location on a template line; with ``needle`` (text the line should contain) the column is found too."""
    column = None
    if needle:
        lines = ctx.template_lines.get(template)
        if lines is not None and 0 < line <= len(lines):
            # Not inside a longer word: "name:" must not match the end of "secretName:".
            found = re.search(r"(?<![\w.-])" + re.escape(needle), lines[line - 1])
            column = found.start() + 1 if found else None
    return Location(template_path(ctx.chart_dir, template), line, column)


def document_location(
    ctx: LintContext, doc: RenderedDocument, line_index: int | None, obj: str | None, fld: str | None
) -> Location:
    """The template line behind line ``line_index`` (0-based) of a rendered document, else the template file."""
    origins = doc.origins or []
    origin = None
    if line_index is not None and 0 <= line_index < len(origins):
        origin = origins[line_index]
    if origin is None:
        origin = next((o for o in origins if o is not None), None)
        return Location(template_path(ctx.chart_dir, doc.source), origin.line if origin else None, None, obj, fld)
    return Location(template_path(ctx.chart_dir, origin.template), origin.line, None, obj, fld)


def manifest_location(ctx: LintContext, doc: ManifestDoc, path: FieldPath) -> Location:
    """Where a user fixes the field at ``path`` of ``doc``: the template file and line (column when the field's key
    is written literally on that line), with the object and field named. Without provenance, the ``# Source:``
    file is given without a line."""
    field_text = field_path_text(path) or None
    origin = doc.origin(path)
    if origin is None:
        return Location(template_path(ctx.chart_dir, doc.document.source), object=doc.object_name, field=field_text)
    needle = _needle(doc, path)
    base = template_location(ctx, origin.template, origin.line, needle)
    return Location(base.path, base.line, base.column, object=doc.object_name, field=field_text)


def _needle(doc: ManifestDoc, path: FieldPath) -> str | None:
    # The key is what a template writes literally ("volumeMount:"); a scalar item is matched by the literal
    # text before its first template action ("- --kubeconfig=" of "- --kubeconfig={{ ... }}").
    if not path:
        return None
    last = path[-1]
    if isinstance(last, str):
        return f"{last}:"
    value = doc.get(path)
    if isinstance(value, str) and value:
        prefix = re.match(r"[-\w.=/]*?=|[-\w]+", value)
        return f"- {prefix.group(0)}" if prefix else None
    return None
