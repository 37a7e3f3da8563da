"""Rendered manifests as a stable, human-readable YAML snapshot document.

Three things make two renders of the same chart differ although nothing a reviewer cares about changed: the
order documents come out in, values generated afresh on every render (certificates, keys, CA bundles, random
passwords), and formatting. Each document is therefore parsed, its volatile values replaced by descriptions
(``<generated: x509 certificate CN=...>``, ``<random: 16 chars [A-Za-z0-9]>``), re-emitted in one YAML style,
and the documents sorted by kind, namespace, name and source. Comments in templates do not reach the snapshot:
they are not part of what gets applied.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import re
from collections.abc import Iterable
from typing import Any

from chartgen.collector import collector_paused
from chartgen.records import field, record
from chartgen.snapshot.volatile import describe_random, normalise_generated
from chartgen.yamlread.limits import guard_yaml
from chartgen.yamlread.manifests import manifest_loader

__all__ = [
    "NormalisedDocument",
    "NormalisedManifests",
    "SnapshotHeader",
    "VolatilePath",
    "dump_yaml",
    "load_yaml",
    "normalise_documents",
    "read_header",
]

HEADER_TITLE = "# chartgen snapshot: the rendered manifests of one chart under one values profile."


def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        # Lists stay at their key's indentation, as kubectl and most charts write them.
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        # Multi-line text (scripts, embedded configs) reads best as a literal block.
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


_DUMPER: type | None = None


def load_yaml(text: str, where: str = "<document>") -> Any:
    """One YAML document as plain data; ValueError if it is not valid YAML or breaks chartgen's YAML limits."""
    import yaml

    guard_yaml(text, where, _limit_error)
    try:
        return yaml.load(text, Loader=manifest_loader())  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def _limit_error(message: str, location: Any) -> ValueError:
    return ValueError(f"{location}: {message}")


def dump_yaml(data: Any) -> str:
    """``data`` in the snapshot's one YAML style: block style, keys in their rendered order, no line folding."""
    import yaml

    global _DUMPER
    _DUMPER = _DUMPER or _dumper()
    with collector_paused():
        return yaml.dump(
            data, Dumper=_DUMPER, default_flow_style=False, sort_keys=False, allow_unicode=True, width=1 << 30
        )


@record(frozen=True)
class VolatilePath:
    """A field holding a random value, named ``Kind/name:path`` (``Secret/*-db:data.password``).

    ``Kind`` and ``name`` are shell-style patterns. ``path`` is dotted; a segment is a key, a list index or
    ``*``. Keys that themselves contain dots (``data.tls.crt``) need no quoting: the path is matched against the
    keys actually present, so ``tls.crt`` is found as one key.
    """

    kind: str
    name: str
    path: str
    alphabet: str | None = None

    @classmethod
    def parse(cls, spec: str, alphabet: str | None = None) -> VolatilePath:
        head, sep, path = spec.partition(":")
        kind, slash, name = head.partition("/")
        if not sep or not slash or not kind or not name or not path:
            raise ValueError(f"volatile path {spec!r} is not of the form Kind/name:field.path")
        if alphabet is not None:
            try:
                re.compile(f"[{alphabet}]")
            except re.error as exc:
                raise ValueError(f"alphabet {alphabet!r} of {spec!r} is not a character class body: {exc}") from None
        return cls(kind, name, path, alphabet)

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}:{self.path}"

    def applies_to(self, kind: str, name: str) -> bool:
        return fnmatch.fnmatchcase(kind, self.kind) and fnmatch.fnmatchcase(name, self.name)

    def replace(self, body: Any, kind: str) -> Any:
        """``body`` with every value at this path described as a random string."""
        # Secret ``data`` is base64 by definition; describing the encoded form would hide the real length.
        decode = kind == "Secret" and (self.path == "data" or self.path.startswith("data."))
        return _replace_at(body, self.path, lambda value: _describe_random(value, self.alphabet, decode))


def _describe_random(value: Any, alphabet: str | None, decode: bool) -> Any:
    if not isinstance(value, str):
        return value
    if decode:
        try:
            plain = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return describe_random(value, alphabet)
        return describe_random(plain, alphabet)[:-1] + ", base64-encoded>"
    return describe_random(value, alphabet)


def _replace_at(node: Any, path: str, fn: Any) -> Any:
    if path == "":
        return fn(node)
    if isinstance(node, dict):
        out = dict(node)
        for key in node:
            text = str(key)
            # A key matches the next segment, or several segments when it contains dots itself.
            for candidate in (text, "*"):
                if path == candidate or path.startswith(candidate + "."):
                    out[key] = _replace_at(out[key], path[len(candidate) + 1 :], fn)
                    break
        return out
    if isinstance(node, list):
        head, _, rest = path.partition(".")
        if head == "*":
            return [_replace_at(item, rest, fn) for item in node]
        if head.isdigit() and int(head) < len(node):
            out_list = list(node)
            out_list[int(head)] = _replace_at(node[int(head)], rest, fn)
            return out_list
    return node


def _normalise_value(node: Any, key: Any = None) -> Any:
    if isinstance(node, dict):
        return {k: _normalise_value(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_normalise_value(v) for v in node]
    if isinstance(node, str):
        text = normalise_generated(node)
        if key == "caBundle" and text == node:
            return _describe_ca_bundle(node)
        return text
    return node


def _describe_ca_bundle(value: str) -> str:
    """A CA bundle that is not a readable PEM: kept when it is plain text (it came from values), else described."""
    try:
        decoded = base64.b64decode(value, validate=True)
    except binascii.Error:
        return value
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return f"<caBundle: {len(decoded)} bytes of binary data>"
    return value if text.isprintable() else f"<caBundle: {len(decoded)} bytes of binary data>"


@record
class NormalisedDocument:
    """One rendered document after normalisation. ``body`` is None when the document is not valid YAML."""

    source: str
    kind: str
    namespace: str
    name: str
    body: Any
    raw: str = ""

    @property
    def label(self) -> str:
        """How a reviewer names the object: ``Deployment default/iko``, ``ClusterRole iko`` (cluster-scoped)."""
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind or '(no kind)'} {where or '(no name)'}"

    def text(self) -> str:
        head = f"---\n# Source: {self.source}\n# Object: {self.label}\n"
        if self.body is None:
            # Shown commented out, so the snapshot stays valid YAML and the diff still shows the change.
            lines = normalise_generated(self.raw).splitlines()
            return head + "# Not valid YAML; shown as rendered:\n" + "".join(f"#   {line}\n" for line in lines)
        return head + dump_yaml(self.body)


def normalise_documents(
    documents: Iterable[tuple[str, str]], volatile: Iterable[VolatilePath] = ()
) -> list[NormalisedDocument]:
    """``(source, content)`` pairs as normalised documents, sorted by kind, namespace, name and source."""
    paths = list(volatile)
    out: list[NormalisedDocument] = []
    with collector_paused():
        for source, content in documents:
            document = _normalise_one(source, content, paths)
            if document is not None:
                out.append(document)
    # sorted() is stable, so documents that agree on all four keep their rendered order.
    return sorted(out, key=lambda d: (d.kind, d.namespace, d.name, d.source))


def _normalise_one(source: str, content: str, paths: list[VolatilePath]) -> NormalisedDocument | None:
    try:
        body = load_yaml(content)
    except ValueError:
        return NormalisedDocument(source, "", "", "", None, content)
    if body is None:
        return None
    kind, namespace, name = _identity(body)
    for path in paths:
        if path.applies_to(kind, name):
            body = path.replace(body, kind)
    return NormalisedDocument(source, kind, namespace, name, _normalise_value(body))


def _identity(body: Any) -> tuple[str, str, str]:
    if not isinstance(body, dict):
        return "", "", ""
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    return tuple(str(v) if v is not None else "" for v in (body.get("kind"), meta.get("namespace"), meta.get("name")))


@record
class SnapshotHeader:
    """How a snapshot was made, so that drift in the tooling can be told apart from drift in the chart."""

    chartgen: str
    engine: str
    helm_compat: int
    helm_version: str
    kubernetes: str
    kubernetes_is_default: bool
    chart: str
    chart_digest: str
    profile: str
    source_digest: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        kube_note = f" (helm-compat {self.helm_compat} default)" if self.kubernetes_is_default else ""
        lines = [
            HEADER_TITLE,
            "# Volatile values (generated certificates and keys, CA bundles, declared random strings) read <...>.",
            "# Re-record after a reviewed change with: pytest --snapshot-update",
            "#",
            f"# chartgen: {self.chartgen}",
            f"# engine: {self.engine}",
            f"# helm-compat: {self.helm_compat} (reproduces Helm {self.helm_version})",
            f"# kubernetes: {self.kubernetes}{kube_note}",
            f"# chart: {self.chart}",
            f"# chart-digest: sha256:{self.chart_digest}",
        ]
        if self.source_digest:
            lines.append(f"# source-chart-digest: sha256:{self.source_digest} (the chart before chartgen patched it)")
        lines.append(f"# profile: {self.profile}")
        if self.settings:
            lines.append(f"# profile-settings: {json.dumps(self.settings, sort_keys=True, separators=(', ', ': '))}")
        return "\n".join(lines) + "\n"


_HEADER_LINE = re.compile(r"^# ([a-z-]+): (.*)$")


def read_header(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a snapshot's header (everything before the first document)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("---"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            out[match.group(1)] = match.group(2)
    return out


@record
class NormalisedManifests:
    """What ``chart_render`` returns: the header and the normalised documents; ``text`` is the snapshot file."""

    header: SnapshotHeader
    documents: list[NormalisedDocument]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        body = "".join(doc.text() for doc in self.documents) or "# (the chart rendered no documents)\n"
        return self.header.text() + body

    def __str__(self) -> str:
        return self.text

    def find(self, kind: str, name: str | None = None) -> list[Any]:
        """The bodies of the documents of ``kind`` (and ``name``), for assertions beside the snapshot."""
        return [d.body for d in self.documents if d.kind == kind and (name is None or d.name == name)]
