"""Overlay invariants: the rules an overlay declares for every chart that carries it (``invariants:`` in its
``overlay.yaml``), checked by the vocabulary of ``chartgen/lint/invariant_checks.py``.

A chart carries an overlay when its Chart.yaml annotation ``chartgen.io/overlays`` names it. What to check comes
from the chart's own ``chartgen-invariants.yaml``, which the patch wrote from the overlays it applied (a user's
overlay from ``--overlay-dir`` included); a chart patched before that file existed falls back to the bundled
overlay of that name. The rules of an overlay apply while its ``when`` value is true in the merged values: a
patched chart installed as a plain local operator has nothing to check.

The bundled overlays' rules are registered here, in their overlay's family (``remote-target`` ->
``remote_target``), so ``--list-rules``, ``--disable`` and SARIF know them without a chart; a user overlay's rules
join the run of a chart that declares them (:func:`declared_rules`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from chartgen.chartio.meta import ANNOTATION_OVERLAYS
from chartgen.errors import Location, OverlayError
from chartgen.findings import Finding, Severity
from chartgen.lint.invariant_checks import lookup, run_check, subject_for
from chartgen.lint.model import Rule, all_rules, rule
from chartgen.lint.rules.chart import chart_file
from chartgen.patch.invariants import INVARIANTS_FILE, Invariants, parse_invariants, read_chart_invariants
from chartgen.patch.invariants import with_parameters as _with_parameters
from chartgen.patch.overlay_spec import available, read_bundled_declarations

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["active_invariants", "carried_invariants", "declared_rules", "family_of"]


def family_of(overlay: str) -> str:
    return overlay.replace("-", "_")


def _bundled() -> dict[str, Invariants]:
    """The bundled overlays' declarations, parameters at their defaults (trusted: they ship with chartgen)."""
    found = {}
    for name, folder in available().items():  # no extra folders: the bundled overlays only
        declarations = read_bundled_declarations(folder)
        if declarations.get("invariants") is None:
            continue
        where = str(folder / "overlay.yaml")
        parameters = declarations.get("parameters") or {}
        defaults = {k: v["default"] for k, v in parameters.items() if isinstance(v, dict) and "default" in v}
        data = _with_parameters(declarations["invariants"], defaults, where)
        found[name] = parse_invariants(data, name, lambda _path, w=where: Location(w))
    return found


BUNDLED = _bundled()


def check_declared(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    """The one check behind every invariant rule: the chart's declarations of ``this.id``, each run."""
    for invariants in ctx.invariants:
        for declared in invariants.rules:
            if declared.id == this.id:
                yield from run_check(subject_for(ctx, invariants, declared, this), declared)


def _register() -> None:
    for name, invariants in BUNDLED.items():
        for declared in invariants.rules:
            severity = Severity[declared.severity.upper()]
            rule(declared.id, family_of(name), severity, declared.summary, declared.why, declared.fix)(check_declared)


_register()


def carried_invariants(ctx: LintContext) -> list[Invariants]:
    """The invariants of every overlay the chart's annotation names, from its invariants file, else bundled."""
    if ctx.chart is None:
        return []
    annotations = ctx.chart.metadata.get("annotations")
    raw = annotations.get(ANNOTATION_OVERLAYS, "") if isinstance(annotations, dict) else ""
    names = [name.strip() for name in str(raw).split(",") if name.strip()]
    if not names:
        return []
    data = next((f.data for f in ctx.chart.files if f.name == INVARIANTS_FILE), None)
    own = {}
    if data is not None:
        where = chart_file(ctx, INVARIANTS_FILE)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OverlayError(f"not UTF-8 text (byte {exc.start})", Location(where)) from None
        own = read_chart_invariants(text, where)
    return [own.get(name) or BUNDLED[name] for name in names if name in own or name in BUNDLED]


def active_invariants(ctx: LintContext) -> list[Invariants]:
    """The carried invariants whose ``when`` value is true in the merged values (none without a render)."""
    if ctx.render is None:
        return []
    return [inv for inv in ctx.carried_invariants if lookup(ctx.render.values, inv.when) is True]


def declared_rules(ctx: LintContext) -> list[Rule]:
    """The rules a chart's invariants declare that chartgen does not register (a user overlay's). An ID chartgen
    uses for another family is refused: its findings would pass for chartgen's rule."""
    registered = {r.id: r for r in all_rules()}
    extra: dict[str, Rule] = {}
    for invariants in ctx.carried_invariants:
        family = family_of(invariants.overlay)
        for declared in invariants.rules:
            known = registered.get(declared.id)
            if known is not None and known.family != family:
                raise OverlayError(
                    f"overlay {invariants.overlay!r} declares rule {declared.id}, which is chartgen's "
                    f"{known.family} rule",
                    Location(chart_file(ctx, INVARIANTS_FILE)),
                )
            if known is None and declared.id not in extra:
                severity = Severity[declared.severity.upper()]
                extra[declared.id] = Rule(
                    declared.id, family, severity, declared.summary, declared.why, declared.fix, check_declared
                )
    return list(extra.values())
