"""``chartgen patch``: apply overlays to a chart in memory and return the patched chart's files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from chartgen import resources
from chartgen.bounded_io import read_bounded
from chartgen.chartio.meta import parse_chart_yaml, patched_chart_yaml, refuse_reapplied
from chartgen.chartio.source import ChartSource, decode_text, read_chart
from chartgen.errors import Location, OverlayError, PatchMatchError, UsageError, ValuesError
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.limits import VALUES_FILE_BYTES
from chartgen.patch.fill import apply_fill, describe_fill_miss, find_fill_sites
from chartgen.patch.insert import apply, check_not_present, describe_miss, find_sites, is_renderable_template
from chartgen.patch.invariants import INVARIANTS_FILE, chart_invariants_text
from chartgen.patch.overlay_spec import REMOTE_TARGET, Overlay, load_overlay
from chartgen.patch.snippets import render
from chartgen.patch.values_file import ValuesDocument
from chartgen.patch.values_merge import merge_values
from chartgen.patch.values_schema import base_schema, compose, dumps, load_values_file, validate
from chartgen.patch.version_labels import label_safe_versions

NOTES = "templates/NOTES.txt"


@dataclass
class PatchRequest:
    chart: str | None = None  # None: the bundled base chart
    overlays: list[str] = field(default_factory=lambda: [REMOTE_TARGET])
    overlay_dirs: list[str] = field(default_factory=list)
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)  # overlay name -> parameter -> value
    values_files: list[str] = field(default_factory=list)
    profile: HelmProfile = HELM_3  # the Helm whose reading of values files (-f and the patched defaults) is checked


@dataclass
class PatchResult:
    source: ChartSource
    files: dict[str, bytes]
    chart_name: str
    version: str
    overlays: list[Overlay]
    # overlay name -> its parameters as applied (defaults filled in, checked), for what is printed afterwards
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)


def remote_target_parameters(
    overlays: Sequence[str],
    parameters: dict[str, dict[str, str]],
    *,
    secret_name: str | None,
    secret_key: str | None = None,
    mount_path: str | None = None,
) -> dict[str, dict[str, str]]:
    """``chartgen patch``'s ``--remote-secret``, ``--secret-key`` and ``--mount-path`` merged into the overlays'
    ``parameters`` (over any ``--param`` of the same name). They belong to the remote-target overlay, which has
    no default Secret, so they are refused without it and the Secret's name is required with it."""
    given = {"secretName": secret_name, "secretKey": secret_key, "mountPath": mount_path}
    if REMOTE_TARGET not in overlays:
        if any(v is not None for v in given.values()):
            raise UsageError("--remote-secret, --secret-key and --mount-path belong to the remote-target overlay")
        return parameters
    if not secret_name:
        raise UsageError("the remote-target overlay needs --remote-secret NAME (the kubeconfig Secret)")
    merged = {name: dict(values) for name, values in parameters.items()}
    merged.setdefault(REMOTE_TARGET, {}).update({k: v for k, v in given.items() if v is not None})
    return merged


def shown_secret_parameters(
    overlays: Sequence[str], parameters: dict[str, dict[str, str]], secret_name: str
) -> dict[str, dict[str, str]]:
    """The overlays' ``parameters`` for a patch that is only looked at (``chartgen diff``, the work bundle): the
    remote-target overlay needs a Secret's name, and any will do unless one is given."""
    if REMOTE_TARGET not in overlays:
        return parameters
    merged = {name: dict(values) for name, values in parameters.items()}
    merged.setdefault(REMOTE_TARGET, {}).setdefault("secretName", secret_name)
    return merged


def patch_chart(request: PatchRequest) -> PatchResult:
    source = read_chart(request.chart) if request.chart else read_chart(resources.base_chart_dir())
    if len(set(request.overlays)) != len(request.overlays):
        raise UsageError("an overlay is named twice")
    overlays = [load_overlay(name, request.overlay_dirs) for name in request.overlays]
    unused = sorted(set(request.parameters) - set(request.overlays))
    if unused:
        raise UsageError(f"parameters given for overlay {unused[0]!r}, which is not applied")

    meta = parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml"))
    refuse_reapplied(meta, request.overlays)
    texts = {path: source.text(path) for path in source.files if _is_text(path)}
    values_text = texts.get("values.yaml", "")
    schema_text = texts.get("values.schema.json")
    try:
        schema = base_schema(meta.name, schema_text)
    except json.JSONDecodeError as exc:
        raise ValuesError(
            f"invalid JSON: {exc.msg}", Location(source.display("values.schema.json"), exc.lineno, exc.colno)
        ) from None

    applied: dict[str, dict[str, str]] = {}
    for overlay in overlays:
        if overlay.charts is not None and meta.name not in overlay.charts:
            raise UsageError(f"overlay {overlay.name!r} is for chart(s) {', '.join(overlay.charts)}, not {meta.name!r}")
        params = applied[overlay.name] = overlay.resolve_parameters(request.parameters.get(overlay.name, {}))
        context = {**params, "chart": {"name": meta.name, "version": meta.version}}
        if overlay.values_file:
            fragment = render(overlay.read(overlay.values_file), context, overlay.display(overlay.values_file))
            values_text = merge_values(
                values_text, source.display("values.yaml"), fragment, overlay.display(overlay.values_file), overlay.owns
            )
        if overlay.schema_file:
            schema = compose(schema, _read_json(overlay, overlay.schema_file))
        for path, src in overlay.files:
            if path in source.files or path in texts:
                raise PatchMatchError(
                    f"overlay {overlay.name!r} adds {path}, which the chart already has", Location(source.display(path))
                )
            texts[path] = render(overlay.read(src), context, overlay.display(src))
        _apply_insertions(overlay, context, texts, source)
        if overlay.notes_file:
            notes = render(overlay.read(overlay.notes_file), context, overlay.display(overlay.notes_file))
            texts[NOTES] = _append_notes(texts.get(NOTES, ""), notes, overlay.notes_when or "true")

    for path in texts:
        if path.startswith("templates/"):
            texts[path] = label_safe_versions(texts[path])
    texts["values.yaml"] = values_text
    if schema is not None:
        texts["values.schema.json"] = dumps(schema)
    texts["Chart.yaml"] = patched_chart_yaml(meta, request.overlays, source.digest)
    invariants = chart_invariants_text(overlays, applied, source)
    if invariants is not None:
        texts[INVARIANTS_FILE] = invariants

    # Read as Helm reads it, which also proves the merge gave a values file Helm takes.
    defaults = load_values_file(values_text, "values.yaml (patched)", request.profile)
    if schema is not None:
        validate(schema, [defaults])
        validate(schema, [defaults, *(_read_values(path, request.profile) for path in request.values_files)])

    files = dict(source.files)
    for path, text in texts.items():
        files[path] = text.encode("utf-8")
    patched = parse_chart_yaml(texts["Chart.yaml"], "Chart.yaml (patched)")
    return PatchResult(source, dict(sorted(files.items())), patched.name, patched.version, overlays, applied)


def _is_text(path: str) -> bool:
    return path in ("Chart.yaml", "values.yaml", "values.schema.json") or path.startswith("templates/")


def _read_json(overlay: Overlay, name: str) -> dict:
    try:
        return json.loads(overlay.read(name))
    except json.JSONDecodeError as exc:
        raise OverlayError(f"invalid JSON: {exc.msg}", Location(overlay.display(name), exc.lineno, exc.colno)) from None


def _read_values(path: str, profile: HelmProfile) -> ValuesDocument:
    try:
        data = read_bounded(path, VALUES_FILE_BYTES, "values file")
    except FileNotFoundError:
        raise UsageError(f"values file {path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"values file {path}: cannot read it ({exc.strerror or exc})") from None
    return load_values_file(decode_text(data, path), path, profile)


def _apply_insertions(overlay: Overlay, context: dict, texts: dict[str, str], source: ChartSource) -> None:
    newlines = {p: ("\r\n" if "\r\n" in t else "\n") for p, t in texts.items()}
    templates = {p: t.replace("\r\n", "\n") for p, t in texts.items() if is_renderable_template(p)}
    rendered = {}
    # Check every step before changing anything, so a refusal never leaves half an overlay applied.
    for insertion in overlay.insertions:
        sites, misses = find_sites(templates, insertion.target)
        if len(sites) != insertion.expect:
            message = describe_miss(insertion, sites, misses, sorted(templates))
            raise PatchMatchError(f"{source.origin}: overlay {overlay.name!r}: {message}")
        refuse_pattern = render(insertion.refuse_if_present or "", context, f"{overlay.name}:{insertion.id}")
        for site in sites:
            check_not_present(templates, replace(insertion, refuse_if_present=refuse_pattern or None), site)
        rendered[insertion.id] = render(insertion.snippet, context, f"{overlay.display('overlay.yaml')}:{insertion.id}")
    for insertion in overlay.insertions:
        # Sites are found again after each step: an earlier insertion moves the lines of a later one.
        for n in range(insertion.expect):
            site = find_sites(templates, insertion.target)[0][n]
            templates[site.path] = apply(templates[site.path], site, insertion, rendered[insertion.id])
    _apply_fills(overlay, templates, source)
    for path, text in templates.items():
        texts[path] = text.replace("\n", newlines[path])


def _apply_fills(overlay: Overlay, templates: dict[str, str], source: ChartSource) -> None:
    for fill in overlay.fills:
        sites = find_fill_sites(templates, fill)
        if len(sites) != fill.expect:
            message = describe_fill_miss(fill, sites, sorted(templates))
            raise PatchMatchError(f"{source.origin}: overlay {overlay.name!r}: {message}")
        for n in range(fill.expect):
            site = find_fill_sites(templates, fill)[n]
            templates[site.path] = apply_fill(templates[site.path], site, fill)


def _append_notes(existing: str, notes: str, when: str) -> str:
    newline = "\r\n" if "\r\n" in existing else "\n"
    body = existing.replace("\r\n", "\n").rstrip("\n")
    addition = "{{- if " + when + " }}\n" + notes.rstrip("\n") + "\n{{- end }}\n"
    text = (body + "\n" + addition) if body else addition
    return text.replace("\n", newline)
