"""``chartgen patch``: apply overlays to a chart in memory and return the patched chart's files."""

from __future__ import annotations

import json

from chartgen import resources
from chartgen.bounded_io import read_bounded
from chartgen.chartio.meta import parse_chart_yaml, patched_chart_yaml, refuse_reapplied
from chartgen.chartio.source import ChartSource, decode_text, read_chart
from chartgen.errors import Location, OverlayError, PatchMatchError, UsageError, ValuesError
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.limits import VALUES_FILE_BYTES
from chartgen.patch import operations
from chartgen.patch.address import Address
from chartgen.patch.fill import apply_fill, describe_fill_miss, find_fill_sites
from chartgen.patch.insert import apply, check_not_present, describe_miss, find_sites, is_renderable_template
from chartgen.patch.invariants import INVARIANTS_FILE, chart_invariants_text
from chartgen.patch.overlay_spec import REMOTE_TARGET, Overlay, load_overlay
from chartgen.patch.snippets import render
from chartgen.patch.values_file import ValuesDocument
from chartgen.patch.values_merge import merge_values
from chartgen.patch.values_schema import base_schema, compose, dumps, load_values_file, validate
from chartgen.patch.verify import Step, check_parses, check_renders
from chartgen.patch.version_labels import label_safe_versions
from chartgen.records import field, record, replace

NOTES = "templates/NOTES.txt"


@record
class PatchRequest:
    chart: str | None = None  # None: the bundled base chart
    overlays: list[str] = field(default_factory=lambda: [REMOTE_TARGET])
    overlay_dirs: list[str] = field(default_factory=list)
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)  # overlay name -> parameter -> value
    values_files: list[str] = field(default_factory=list)
    profile: HelmProfile = HELM_3  # the Helm whose reading of values files (-f and the patched defaults) is checked


@record
class PatchResult:
    source: ChartSource
    files: dict[str, bytes]
    chart_name: str
    version: str
    overlays: list[Overlay]
    # overlay name -> its parameters as applied (defaults filled in, checked), for what is printed afterwards
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)


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
    originals = dict(texts)
    values_text = texts.get("values.yaml", "")
    schema_text = texts.get("values.schema.json")
    try:
        schema = base_schema(meta.name, schema_text)
    except json.JSONDecodeError as exc:
        raise ValuesError(
            f"invalid JSON: {exc.msg}", Location(source.display("values.schema.json"), exc.lineno, exc.colno)
        ) from None

    applied: dict[str, dict[str, str]] = {}
    owners: dict[tuple, Overlay] = {}  # (template, place) -> the overlay that changed it first
    steps: list[Step] = []
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
        _apply_insertions(overlay, context, texts, source, _Ledger(overlay, owners, steps, source))
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
        validate(schema, [defaults, *(read_values_file(path, request.profile) for path in request.values_files)])

    files = dict(source.files)
    for path, text in texts.items():
        files[path] = text.encode("utf-8")
    patched = parse_chart_yaml(texts["Chart.yaml"], "Chart.yaml (patched)")
    for path, text in texts.items():
        if path.startswith("templates/") and text != originals.get(path):
            check_parses(path, originals.get(path, ""), text, _writer(overlays, path, steps), source.display(path))
    check_renders(files, source.files, _profiles(overlays), steps, request.profile, source.display)
    return PatchResult(source, dict(sorted(files.items())), patched.name, patched.version, overlays, applied)


def _is_text(path: str) -> bool:
    return path in ("Chart.yaml", "values.yaml", "values.schema.json") or path.startswith("templates/")


def _read_json(overlay: Overlay, name: str) -> dict:
    try:
        return json.loads(overlay.read(name))
    except json.JSONDecodeError as exc:
        raise OverlayError(f"invalid JSON: {exc.msg}", Location(overlay.display(name), exc.lineno, exc.colno)) from None


def read_values_file(path: str, profile: HelmProfile) -> ValuesDocument:
    """A user's ``-f`` file read as the Helm of ``profile`` reads it, with positions, under chartgen's size limit."""
    try:
        data = read_bounded(path, VALUES_FILE_BYTES, "values file")
    except FileNotFoundError:
        raise UsageError(f"values file {path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"values file {path}: cannot read it ({exc.strerror or exc})") from None
    return load_values_file(decode_text(data, path), path, profile)


class _Ledger:
    """What the steps of one overlay changed: refuses a place another overlay changed already (unless both
    declare the combination), records each step's text for blame, and proves each touched template parses."""

    def __init__(self, overlay: Overlay, owners: dict[tuple, Overlay], steps: list[Step], source: ChartSource) -> None:
        self.overlay, self.owners, self.steps, self.source = overlay, owners, steps, source

    def claim(self, template: str, address: Address, step: str) -> None:
        """``address`` in ``template`` is changed by ``step``; insertions, fills and operations name one place
        alike, so an insertion of one overlay and an operation of another meet here too."""
        place = address.describe()
        key = (template, address.kind, address.scope, address.container, address.path)
        other = self.owners.setdefault(key, self.overlay)
        if other is self.overlay:
            return
        if self.overlay.name in other.composes_with and other.name in self.overlay.composes_with:
            return
        raise PatchMatchError(
            f"overlays {other.name!r} and {self.overlay.name!r} both change {place} (step {step!r} of "
            f"{self.overlay.name!r}); they compose only if each names the other in composes_with",
            Location(self.source.display(template)),
        )

    def record(self, step: str, line: int | None, template: str, before: str, after: str, text: str) -> None:
        where = self.overlay.display("overlay.yaml") + (f":{line}" if line else "")
        record = Step(self.overlay.name, step, where, template, text)
        self.steps.append(record)
        check_parses(template, before, after, record, self.source.display(template))


def _apply_insertions(
    overlay: Overlay, context: dict, texts: dict[str, str], source: ChartSource, ledger: _Ledger
) -> None:
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
            target = insertion.target
            scope = "container" if target.container else "pod"
            ledger.claim(site.path, Address(target.kind, (target.field,), scope, target.container), insertion.id)
        rendered[insertion.id] = render(insertion.snippet, context, f"{overlay.display('overlay.yaml')}:{insertion.id}")
    for insertion in overlay.insertions:
        # Sites are found again after each step: an earlier insertion moves the lines of a later one.
        for n in range(insertion.expect):
            site = find_sites(templates, insertion.target)[0][n]
            before = templates[site.path]
            templates[site.path] = apply(before, site, insertion, rendered[insertion.id])
            ledger.record(insertion.id, None, site.path, before, templates[site.path], rendered[insertion.id])
    _apply_fills(overlay, templates, source, ledger)
    _apply_operations(overlay, context, templates, source, ledger)
    for path, text in templates.items():
        texts[path] = text.replace("\n", newlines[path])


def _apply_fills(overlay: Overlay, templates: dict[str, str], source: ChartSource, ledger: _Ledger) -> None:
    for fill in overlay.fills:
        sites = find_fill_sites(templates, fill)
        if len(sites) != fill.expect:
            message = describe_fill_miss(fill, sites, sorted(templates))
            raise PatchMatchError(f"{source.origin}: overlay {overlay.name!r}: {message}")
        for site in sites:
            ledger.claim(site.path, Address(fill.kind, fill.sequence), fill.id)
        for n in range(fill.expect):
            site = find_fill_sites(templates, fill)[n]
            before = templates[site.path]
            templates[site.path] = apply_fill(before, site, fill)
            ledger.record(fill.id, None, site.path, before, templates[site.path], f"{fill.key}: {fill.value}")


def _apply_operations(
    overlay: Overlay, context: dict, templates: dict[str, str], source: ChartSource, ledger: _Ledger
) -> None:
    """Each operation is counted, checked and applied in turn; its places are changed from the last up, so the
    lines of those above stay where they were found."""
    definition = overlay.display("overlay.yaml")
    for op in overlay.operations:
        where = Location(definition, op.line)
        places, misses = operations.find(templates, op)
        if len(places) != op.expect:
            found = ", ".join(sorted({p.path for p in places})) or "; ".join(misses) or "no template has it"
            raise PatchMatchError(
                f"overlay {overlay.name!r} operation {op.id!r} must match {op.expect} place(s) ({op.describe()}) "
                f"but matched {len(places)}: {found}",
                where,
            )
        text = op.snippet if op.snippet is not None else op.value or ""
        rendered = render(text, context, f"{definition}:{op.id}")
        if op.refuse_if_present:
            pattern = render(op.refuse_if_present, context, f"{definition}:{op.id}")
            op = replace(op, refuse_if_present=pattern or None)
        for place in places:
            operations.check(templates[place.path], place, op)
            ledger.claim(place.path, op.target, op.id)
        for place in sorted(places, key=lambda p: (p.path, p.field_line or p.parent.start), reverse=True):
            before = templates[place.path]
            try:
                templates[place.path] = operations.apply(before, place, op, rendered)
            except PatchMatchError as exc:
                if exc.location is not None:
                    at = Location(source.display(place.path), exc.location.line)
                    raise PatchMatchError(f"overlay {overlay.name!r}: {exc.message}", at) from None
                raise PatchMatchError(f"overlay {overlay.name!r}: {exc.message}", where) from None
            ledger.record(op.id, op.line, place.path, before, templates[place.path], rendered)


def _writer(overlays: list[Overlay], path: str, steps: list[Step]) -> Step:
    """The step to name when a template changed outside the counted steps (an added file, the notes) does not
    parse: the last overlay that wrote it."""
    named = [s for s in steps if s.template == path]
    if named:
        return named[-1]
    last = overlays[-1] if overlays else None
    where = last.display("overlay.yaml") if last else "overlay.yaml"
    return Step(last.name if last else "?", "files" if path != NOTES else "notes", where, path, "")


def _profiles(overlays: list[Overlay]) -> dict[str, tuple[str, dict]]:
    """The overlays' value profiles, first declaration of a name wins; the defaults when none declares any."""
    found: dict[str, tuple[str, dict]] = {}
    for overlay in overlays:
        for name, settings in overlay.profiles.items():
            found.setdefault(name, (overlay.name, settings))
    if not found:
        found["defaults"] = (overlays[0].name if overlays else "?", {})
    return found


def _append_notes(existing: str, notes: str, when: str) -> str:
    newline = "\r\n" if "\r\n" in existing else "\n"
    body = existing.replace("\r\n", "\n").rstrip("\n")
    addition = "{{- if " + when + " }}\n" + notes.rstrip("\n") + "\n{{- end }}\n"
    text = (body + "\n" + addition) if body else addition
    return text.replace("\n", newline)
