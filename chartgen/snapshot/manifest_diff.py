"""Semantic diff of two sets of rendered manifests: which objects came or went, and which fields changed.

A line diff of ``helm template`` output is noisy (documents move, keys reorder) and hard to review. Here each object
is identified the way Kubernetes identifies it — API group, kind, namespace, name (the version is left out so a
``v1beta1`` → ``v1`` move shows as a changed ``apiVersion``, not as a remove plus an add) — and the fields of objects
present on both sides are compared by path. Lists of named things (containers, env, volumes, ports…) are matched by
``name``, so a new volume reads ``spec.template.spec.volumes[name=remote-kubeconfig]`` rather than an index shift.

The result has a data form (:meth:`ManifestDiff.to_data`) and a stable text form (:meth:`ManifestDiff.text`) that
snapshots and ``chartgen diff`` print. Volatile values (generated certificates) must be normalised by the caller
before diffing, or every render differs. A Secret's values (``data``, ``stringData``) are compared but never shown:
both forms print ``(hidden, N chars)`` in their place, since a diff ends up in CI logs and pull requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from chartgen.collector import collector_paused
from chartgen.errors import ChartgenError, Location
from chartgen.records import field, record
from chartgen.snapshot.sequence_match import LineMatcher
from chartgen.yamlread.limits import guard_yaml
from chartgen.yamlread.manifests import manifest_loader

__all__ = [
    "MISSING",
    "FieldChange",
    "Hidden",
    "Manifest",
    "ManifestDiff",
    "ObjectChange",
    "ObjectKey",
    "change_line",
    "diff_manifests",
    "dump_data",
    "diff_texts",
    "hide",
    "is_secret_data",
    "map_strings",
    "parse_manifests",
    "value_text",
]


class _Missing:
    """Marks the side of a field change where the field does not exist (distinct from a YAML null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Hidden(str):
    """What stands for a Secret's value wherever a diff would print it."""


_SECRET_VALUES = ("data", "stringData")


def is_secret_data(kind: Any, path: str) -> bool:
    """Whether ``path`` (``data.password``, ``stringData["tls.key"]``) of an object of ``kind`` holds a Secret's
    values."""
    return kind == "Secret" and re.split(r"[.\[]", path, maxsplit=1)[0] in _SECRET_VALUES


def hide(value: Any, stand_in: type[str] = Hidden) -> Any:
    """``value`` with every value in it replaced by its :class:`Hidden` stand-in (keys stay: they name, not hold);
    ``stand_in=str`` for a body printed as YAML, which knows no subclass of str."""
    if value is MISSING:
        return value
    if isinstance(value, dict):
        return {key: hide(item, stand_in) for key, item in value.items()}
    return stand_in(f"(hidden, {len(value) if isinstance(value, str) else len(str(value))} chars)")


def _hidden_if_secret(kind: str, item: FieldChange) -> FieldChange:
    return FieldChange(item.path, hide(item.old), hide(item.new)) if is_secret_data(kind, item.path) else item


def _hide_body(body: Any) -> Any:
    """An object's body as a diff may print it: a Secret's values hidden, everything else as it is."""
    if not (isinstance(body, dict) and body.get("kind") == "Secret"):
        return body
    return {key: hide(value, str) if key in _SECRET_VALUES else value for key, value in body.items()}


_DOC_SEPARATOR = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)
_SOURCE = re.compile(r"^# Source: (.+)$", re.MULTILINE)
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@record(frozen=True)
class Manifest:
    """One rendered document: the template it came from (``# Source:``, may be empty) and its parsed body."""

    source: str
    body: Any


@record(frozen=True, order=True)
class ObjectKey:
    """How Kubernetes tells objects apart. ``occurrence`` separates documents that claim the same identity."""

    group: str
    kind: str
    namespace: str
    name: str
    occurrence: int = 0

    def __str__(self) -> str:
        kind = f"{self.group}/{self.kind}" if self.group else self.kind
        name = f"{self.namespace}/{self.name}" if self.namespace else self.name
        text = f"{kind or '(no kind)'} {name or '(no name)'}"
        return f"{text} #{self.occurrence + 1}" if self.occurrence else text

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"group": self.group, "kind": self.kind, "namespace": self.namespace, "name": self.name}
        if self.occurrence:
            data["occurrence"] = self.occurrence + 1
        return data


@record(frozen=True)
class FieldChange:
    """A field whose value differs. ``old`` or ``new`` is ``MISSING`` when the field was added or removed."""

    path: str
    old: Any = MISSING
    new: Any = MISSING

    @property
    def change(self) -> str:
        if self.old is MISSING:
            return "added"
        if self.new is MISSING:
            return "removed"
        return "changed"

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "change": self.change}
        if self.old is not MISSING:
            data["old"] = self.old
        if self.new is not MISSING:
            data["new"] = self.new
        return data


@record
class ObjectChange:
    key: ObjectKey
    fields: list[FieldChange]
    old_source: str = ""
    new_source: str = ""


@record
class ManifestDiff:
    added: list[tuple[ObjectKey, Manifest]] = field(default_factory=list)
    removed: list[tuple[ObjectKey, Manifest]] = field(default_factory=list)
    changed: list[ObjectChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        return f"{len(self.changed)} changed, {len(self.added)} added, {len(self.removed)} removed"

    def to_data(self) -> dict[str, Any]:
        """Plain lists and dicts (JSON/YAML-ready), in the same stable order as the text."""
        return {
            "added": [{**key.to_data(), "source": m.source, "object": m.body} for key, m in self.added],
            "removed": [{**key.to_data(), "source": m.source, "object": m.body} for key, m in self.removed],
            "changed": [
                {**c.key.to_data(), "source": c.new_source or c.old_source, "fields": [f.to_data() for f in c.fields]}
                for c in self.changed
            ],
        }

    def text(self) -> str:
        """The review form: one block per object, one entry per field, old -> new."""
        if not self:
            return "No differences.\n"
        out = [f"Objects: {self.summary()}.\n"]
        for key, manifest in self.added:
            out.append(f"\n+ {key}{_from(manifest.source)}\n")
            out.extend(_block(manifest.body, "    "))
        for key, manifest in self.removed:
            out.append(f"\n- {key}{_from(manifest.source)}\n")
        for change in self.changed:
            out.append(f"\n~ {change.key}{_from(change.new_source or change.old_source)}\n")
            for item in change.fields:
                out.extend(_field_text(item))
        return "".join(out)


def parse_manifests(text: str) -> list[Manifest]:
    """Split ``helm template`` output into documents, keeping each one's ``# Source:``; empty documents are dropped."""
    import yaml

    manifests = []
    with collector_paused():
        for chunk in _DOC_SEPARATOR.split(text):
            found = _SOURCE.search(chunk)
            source = found.group(1).strip() if found else ""
            # Rendered text is the chart's: Helm accepts documents deeper or more aliased than these readers take.
            guard_yaml(chunk, source or "<rendered document>", ChartgenError)
            try:
                bodies = list(yaml.load_all(chunk, Loader=manifest_loader()))
            except yaml.YAMLError as exc:
                problem = getattr(exc, "problem", None) or "invalid YAML"
                raise ChartgenError(
                    f"rendered document is not YAML chartgen can read: {problem}", Location(source)
                ) from None
            manifests.extend(Manifest(source, body) for body in bodies if body is not None)
    return manifests


def diff_texts(old: str, new: str, normalise: Callable[[str], str] | None = None) -> ManifestDiff:
    """Diff two rendered streams. ``normalise`` is applied to every string value after parsing (replacing a value
    in the text could break the YAML: a placeholder holding ``: `` is not a valid plain scalar)."""
    before, after = parse_manifests(old), parse_manifests(new)
    if normalise is not None:
        before = [Manifest(m.source, map_strings(m.body, normalise)) for m in before]
        after = [Manifest(m.source, map_strings(m.body, normalise)) for m in after]
    return diff_manifests(before, after)


def map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """``value`` with ``fn`` applied to every string in it, keys included."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {map_strings(k, fn): map_strings(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [map_strings(v, fn) for v in value]
    return value


@collector_paused()
def diff_manifests(old: Sequence[Manifest], new: Sequence[Manifest]) -> ManifestDiff:
    before, after = _index(old), _index(new)
    result = ManifestDiff()
    for key in sorted(set(before) | set(after)):
        if key not in before:
            result.added.append((key, Manifest(after[key].source, _hide_body(after[key].body))))
        elif key not in after:
            result.removed.append((key, Manifest(before[key].source, _hide_body(before[key].body))))
        else:
            fields = list(_compare(before[key].body, after[key].body, ""))
            if not key.group and key.kind == "Secret":
                fields = [_hidden_if_secret(key.kind, item) for item in fields]
            if fields:
                result.changed.append(ObjectChange(key, fields, before[key].source, after[key].source))
    return result


def _index(manifests: Iterable[Manifest]) -> dict[ObjectKey, Manifest]:
    seen: dict[ObjectKey, Manifest] = {}
    for manifest in manifests:
        base = _identity(manifest.body)
        key = base
        while key in seen:
            key = ObjectKey(base.group, base.kind, base.namespace, base.name, key.occurrence + 1)
        seen[key] = manifest
    return seen


def _identity(body: Any) -> ObjectKey:
    if not isinstance(body, dict):
        return ObjectKey("", "", "", "")
    api_version = body.get("apiVersion")
    group = api_version.rpartition("/")[0] if isinstance(api_version, str) else ""
    meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    return ObjectKey(group, _text(body.get("kind")), _text(meta.get("namespace")), _text(meta.get("name")))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _compare(old: Any, new: Any, path: str) -> Iterable[FieldChange]:
    if _same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        # Mapping order carries no meaning, so the walk is by sorted key: a reordered template diffs as nothing.
        for key in sorted(set(old) | set(new), key=str):
            sub = _join(path, key)
            if key not in old:
                yield FieldChange(sub, new=new[key])
            elif key not in new:
                yield FieldChange(sub, old=old[key])
            else:
                yield from _compare(old[key], new[key], sub)
        return
    if isinstance(old, list) and isinstance(new, list):
        names_old, names_new = _names(old), _names(new)
        if names_old is not None and names_new is not None:
            yield from _compare_named(old, new, names_old, names_new, path)
            return
        if any(isinstance(v, (dict, list)) for v in (*old, *new)):
            yield from _compare_positional(old, new, path)
            return
    yield FieldChange(path or "(document)", old, new)


def _compare_named(
    old: list[Any], new: list[Any], names_old: list[str], names_new: list[str], path: str
) -> Iterable[FieldChange]:
    by_old = dict(zip(names_old, old, strict=True))
    by_new = dict(zip(names_new, new, strict=True))
    for name in names_old:
        sub = f"{path}[name={name}]"
        if name not in by_new:
            yield FieldChange(sub, old=by_old[name])
        else:
            yield from _compare(by_old[name], by_new[name], sub)
    for name in names_new:
        if name not in by_old:
            yield FieldChange(f"{path}[name={name}]", new=by_new[name])
    # Order can matter (env entries referring to earlier ones, init containers), so a reorder is reported too.
    common_old = [n for n in names_old if n in by_new]
    common_new = [n for n in names_new if n in by_old]
    if common_old != common_new:
        yield FieldChange(f"{path}(order)", common_old, common_new)


def _compare_positional(old: list[Any], new: list[Any], path: str) -> Iterable[FieldChange]:
    """Lists of unnamed objects (RBAC rules, …): unchanged runs are matched as a whole, so one inserted rule is one
    added item, not a cascade of changed indexes; a replaced run of equal length is compared item by item."""
    matcher = LineMatcher([_canonical(v) for v in old], [_canonical(v) for v in new])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                yield from _compare(old[i1 + offset], new[j1 + offset], f"{path}[{j1 + offset}]")
            continue
        for i in range(i1, i2):
            yield FieldChange(f"{path}[{i}]", old=old[i])
        for j in range(j1, j2):
            yield FieldChange(f"{path}[{j}]", new=new[j])


def _names(items: list[Any]) -> list[str] | None:
    """The ``name`` of every item when all are mappings with distinct string names; otherwise None. An empty list
    qualifies, so the first volume added to ``volumes: []`` still reads ``volumes[name=...]``."""
    names = [item.get("name") if isinstance(item, dict) else None for item in items]
    if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        return None
    return names


def _join(path: str, key: Any) -> str:
    key = str(key)
    if not _PLAIN_KEY.match(key):  # label keys like app.kubernetes.io/name would be ambiguous after a dot
        return f"{path}[{json.dumps(key)}]"
    return f"{path}.{key}" if path else key


def _same(old: Any, new: Any) -> bool:
    # YAML's true and 1 compare equal in Python; a manifest where one became the other did change.
    return type(old) is type(new) and old == new


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _from(source: str) -> str:
    return f"  ({source})" if source else ""


def value_text(value: Any, limit: int | None = None) -> str:
    """A field's value as the diff prints it: JSON on one line, ``(absent)`` for a field that is not there; cut to
    ``limit`` characters (with ``...``) when a short form is wanted."""
    if value is MISSING:
        return "(absent)"
    if isinstance(value, Hidden):
        return str(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    if limit is not None and len(text) > limit:
        return text[: max(limit - 3, 1)] + "..."
    return text


def change_line(path: str, old: Any, new: Any, limit: int | None = None) -> str:
    """``path: old -> new``, the one-line form of a changed field (``chartgen diff``, snapshot failure summaries)."""
    return f"{path}: {value_text(old, limit)} -> {value_text(new, limit)}"


def _scalar(value: Any) -> str:
    return value_text(value)


def _block(value: Any, indent: str) -> list[str]:
    import yaml

    text = yaml.safe_dump(value, default_flow_style=False, sort_keys=True, allow_unicode=True, width=1000)
    if text.endswith("...\n"):  # a bare scalar dumps with an explicit document end
        text = text[: -len("...\n")]
    return [f"{indent}{line}\n" for line in text.splitlines()]


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _field_text(item: FieldChange) -> list[str]:
    old, new = item.old, item.new
    if _is_scalar(old) and _is_scalar(new):
        if isinstance(old, str) and isinstance(new, str) and ("\n" in old or "\n" in new):
            return [f"    {item.path}:\n", *_line_diff(old.splitlines(), new.splitlines())]
        return [f"    {change_line(item.path, old, new)}\n"]
    if isinstance(old, list) and isinstance(new, list) and all(map(_is_scalar, (*old, *new))):
        return [f"    {item.path}:\n", *_line_diff([_scalar(v) for v in old], [_scalar(v) for v in new])]
    if old is MISSING:
        return [f"    {item.path}: added\n", *_block(new, "        ")]
    if new is MISSING:
        return [f"    {item.path}: removed\n", *_block(old, "        ")]
    return [f"    {item.path}: changed from\n", *_block(old, "        "), "      to\n", *_block(new, "        ")]


def _line_diff(old: list[str], new: list[str]) -> list[str]:
    """Removed and added entries in order, with one unchanged neighbour each side for orientation."""
    out = []
    matcher = LineMatcher(old, new)
    for group in matcher.get_grouped_opcodes(1):
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += [f"        {v}\n" for v in old[i1:i2]]
                continue
            out += [f"      - {v}\n" for v in old[i1:i2]]
            out += [f"      + {v}\n" for v in new[j1:j2]]
    return out


def dump_data(data: Any, output_format: str) -> str:
    """The data form as ``yaml`` or ``json`` text, keys sorted so the output is stable."""
    if output_format == "json":
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    import yaml

    return yaml.safe_dump(data, default_flow_style=False, sort_keys=True, allow_unicode=True, width=1000)
