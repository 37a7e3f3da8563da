"""``chartgen upgrade``: re-patch the new stock chart with the overlays of the old one and say what that changes.

OLD is the chart the user patched before (its Chart.yaml annotations name the overlays and the digest of the
stock chart it came from) or the old stock chart; NEW is the new stock chart. The new chart is patched in memory
(written only by the command, on request). What upstream changed is told apart from what the overlays change
only when the old stock chart is at hand: OLD itself, or ``old_stock`` for a patched OLD, checked against the
digest its annotations record. Without it the report says the split is unavailable and shows the two patched
charts' difference as one.
"""

from __future__ import annotations

import json
from typing import Any

from chartgen.chartio.meta import ANNOTATION_SOURCE_DIGEST, ANNOTATION_SOURCE_VERSION, ChartMeta, parse_chart_yaml
from chartgen.chartio.source import ChartSource, read_chart
from chartgen.errors import ChartgenError, Location, UsageError, ValuesError
from chartgen.helm.options import RenderOptions
from chartgen.helmcompat.profile import HelmProfile, profile_for
from chartgen.patch.engine import PatchRequest, PatchResult, patch_chart, read_values_file
from chartgen.patch.overlay_spec import REMOTE_TARGET, load_overlay
from chartgen.patch.values_schema import SCHEMA_FILE, base_schema, load_values_file
from chartgen.records import field, record
from chartgen.snapshot.manifest_diff import ManifestDiff
from chartgen.upgrade.manifests import OverlayEffect, overlay_effect, render_diff
from chartgen.upgrade.matches import StepMatch, survey
from chartgen.upgrade.snapshots import SnapshotPlan, snapshot_plan
from chartgen.upgrade.values_check import ValuesFileCheck, check_values_file
from chartgen.upgrade.values_diff import ValuesChange, diff_values

__all__ = ["REPORT_SCHEMA", "UpgradeReport", "UpgradeRequest", "plan_upgrade"]

REPORT_SCHEMA = "chartgen.io/upgrade-report/v1"


@record
class UpgradeRequest:
    old: str
    new: str
    old_stock: str | None = None
    overlays: list[str] = field(default_factory=list)  # empty: OLD's annotated overlays, or remote-target
    overlay_dirs: list[str] = field(default_factory=list)
    parameters: dict[str, dict[str, str]] = field(default_factory=dict)
    values_files: list[str] = field(default_factory=list)
    helm_compat: int = 3
    tests_dir: str = "tests"


@record
class ChartSide:
    """One side of the upgrade: the chart as given, its stock form if known, its patched form if made."""

    path: str
    name: str
    version: str
    patched_input: bool
    stock: ChartSource | None
    patched_files: dict[str, bytes] | None

    def to_data(self) -> dict[str, Any]:
        return {"chart": self.path, "name": self.name, "version": self.version, "patchedInput": self.patched_input}


@record
class UpgradeReport:
    old: ChartSide
    new: ChartSide
    overlays: list[str]
    split: bool  # upstream and overlay changes told apart (the old stock chart is known)
    steps: list[StepMatch]
    repatch_error: str | None
    upstream: ManifestDiff | None  # stock old -> stock new (split) or patched old -> patched new (no split)
    overlay: OverlayEffect
    values: ValuesChange
    values_compared: str  # "stock charts" | "patched charts"
    values_files: list[ValuesFileCheck]
    snapshots: SnapshotPlan | None
    result: PatchResult | None = None  # the new patched chart, for --output
    notes: list[str] = field(default_factory=list)

    @property
    def attention(self) -> list[str]:
        """What a reviewer must act on; empty means the upgrade is clean (exit 0)."""
        out = []
        if self.repatch_error:
            out.append("the overlays do not apply to the new chart (see the overlay steps)")
        for step in self.steps:
            if step.needs_attention:
                out.append(f"overlay {step.overlay!r} step {step.step!r} {step.status}: matches {len(step.new)}")
        for check in self.values_files:
            if not check.valid:
                out.append(f"{check.path}: {len(check.problems)} problem(s) with the new chart")
        return out

    @property
    def exit_code(self) -> int:
        return 1 if self.attention else 0

    def to_data(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "old": self.old.to_data(),
            "new": self.new.to_data(),
            "overlays": self.overlays,
            "clean": not self.attention,
            "attention": self.attention,
            "notes": self.notes,
            "upstreamSeparated": self.split,
            "overlaySteps": [s.to_data() for s in self.steps],
            "repatchError": self.repatch_error,
            "upstream": self.upstream.to_data() if self.upstream is not None and self.split else None,
            "patchedChange": self.upstream.to_data() if self.upstream is not None and not self.split else None,
            "overlayEffect": self.overlay.to_data(),
            "values": {"compared": self.values_compared, **self.values.to_data()},
            "valuesFiles": [c.to_data() for c in self.values_files],
            "snapshotTests": self.snapshots.to_data() if self.snapshots else None,
        }


def _meta(source: ChartSource) -> ChartMeta:
    return parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml"))


def plan_upgrade(request: UpgradeRequest) -> UpgradeReport:
    profile = profile_for(request.helm_compat)
    old_input, new_stock = read_chart(request.old), read_chart(request.new)
    old_meta, new_meta = _meta(old_input), _meta(new_stock)
    if new_meta.applied_overlays():
        raise UsageError(f"NEW must be a stock chart; {request.new} was patched already by chartgen")
    applied = old_meta.applied_overlays()
    notes: list[str] = []
    old_stock = _old_stock(request, old_input, old_meta, notes)
    names = list(request.overlays) or applied or [REMOTE_TARGET]
    overlays = [load_overlay(name, request.overlay_dirs) for name in names]

    def patch(chart: str) -> PatchResult:
        return patch_chart(
            PatchRequest(
                chart=chart,
                overlays=names,
                overlay_dirs=list(request.overlay_dirs),
                parameters=request.parameters,
                profile=profile,
            )
        )

    if applied:
        old_patched: dict[str, bytes] = dict(old_input.files)
        old_overlays = [load_overlay(name, request.overlay_dirs) for name in applied]
    else:
        old_patched = patch(request.old).files
        old_overlays = overlays
    result, repatch_error = None, None
    try:
        result = patch(request.new)
    except ChartgenError as error:  # reported with the steps' places below, not just refused
        repatch_error = str(error)
    new_patched = result.files if result is not None else None

    options = RenderOptions(helm_compat=request.helm_compat, reuse_generated_keys=True)
    if old_stock is not None:
        upstream = render_diff(old_stock.files, new_stock.files, options)
        effect = overlay_effect(
            render_diff(old_stock.files, old_patched, options),
            render_diff(new_stock.files, new_patched, options) if new_patched is not None else None,
            (_meta(old_stock).version, new_meta.version),
        )
    else:
        upstream = render_diff(old_patched, new_patched, options) if new_patched is not None else None
        effect = overlay_effect(None, None)

    stock_values = old_stock is not None
    values = diff_values(
        _values(old_stock.files if stock_values else old_patched, profile),
        _values(new_stock.files if stock_values else (new_patched or new_stock.files), profile),
    )
    checks = []
    if request.values_files:
        base = new_patched or new_stock.files  # unpatched only when the overlays do not apply to it
        defaults = load_values_file(base.get("values.yaml", b"").decode("utf-8"), "values.yaml (new)", profile)
        schema = _schema(new_meta.name, base, new_stock)
        if schema is None:
            notes.append("the new chart has no values schema: values files are checked for removed keys only")
        elif new_patched is None:
            notes.append("values files are checked against the new stock chart's schema: it could not be patched")
        for path in request.values_files:
            checks.append(check_values_file(read_values_file(path, profile), defaults, schema, values))

    snapshots = None
    if new_patched is not None:
        snapshots = snapshot_plan(
            new_meta.name, (old_patched, old_overlays), (new_patched, overlays), request.tests_dir, request.helm_compat
        )
    return UpgradeReport(
        old=ChartSide(request.old, old_meta.name, old_meta.version, bool(applied), old_stock, old_patched),
        new=ChartSide(request.new, new_meta.name, new_meta.version, False, new_stock, new_patched),
        overlays=names,
        split=old_stock is not None,
        steps=survey(overlays, new_stock.files, old_stock.files if old_stock is not None else None),
        repatch_error=repatch_error,
        upstream=upstream,
        overlay=effect,
        values=values,
        values_compared="stock charts" if stock_values else "patched charts",
        values_files=checks,
        snapshots=snapshots,
        result=result,
        notes=notes,
    )


def _old_stock(request: UpgradeRequest, old: ChartSource, meta: ChartMeta, notes: list[str]) -> ChartSource | None:
    """The old stock chart: OLD itself when it is stock, else ``--old-stock`` checked against OLD's annotation."""
    if not meta.applied_overlays():
        if request.old_stock:
            raise UsageError(f"--old-stock is for a patched OLD chart; {request.old} is a stock chart itself")
        return old
    if not request.old_stock:
        version = _annotation(meta, ANNOTATION_SOURCE_VERSION) or "?"
        notes.append(
            f"OLD is a patched chart and its stock chart ({meta.name} {version}) was not given (--old-stock): "
            "upstream and overlay changes cannot be told apart; the difference shown is patched old -> patched new"
        )
        return None
    stock = read_chart(request.old_stock)
    recorded = _annotation(meta, ANNOTATION_SOURCE_DIGEST)
    if recorded and recorded != stock.digest:
        raise UsageError(
            f"--old-stock {request.old_stock} is not the chart {request.old} was patched from "
            f"(its digest {stock.digest[:12]}... differs from the recorded {recorded[:12]}...)"
        )
    return stock


def _schema(chart_name: str, files: dict[str, bytes], source: ChartSource) -> dict[str, Any] | None:
    """The values schema of ``files`` as patch composes it (the bundled IKO schema where the chart has none)."""
    raw = files.get(SCHEMA_FILE)
    text = raw.decode("utf-8", "replace") if raw is not None else None
    try:
        return base_schema(chart_name, text)
    except json.JSONDecodeError as exc:
        raise ValuesError(
            f"invalid JSON: {exc.msg}", Location(source.display(SCHEMA_FILE), exc.lineno, exc.colno)
        ) from None


def _annotation(meta: ChartMeta, name: str) -> str:
    annotations = meta.doc.get("annotations") or {}
    return str(annotations.get(name, "")) if isinstance(annotations, dict) else ""


def _values(files: dict[str, bytes], profile: HelmProfile) -> dict[str, Any]:
    text = files.get("values.yaml", b"").decode("utf-8", "replace")
    return load_values_file(text, "values.yaml", profile).values or {}
