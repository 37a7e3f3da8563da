"""The patched chart is proven before anything is written: every template an overlay touched parses with our
Go-template parser, and the whole chart renders with the builtin renderer over the overlays' value profiles.

A failure names the overlay and the step behind it and the template line, so a broken user overlay is refused
instead of yielding a chart Helm would refuse at install time.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chartgen.errors import ChartgenError, Location, OverlayError
from chartgen.gotemplate.parse import TemplateParseError, parse
from chartgen.helm.chart_loader import load_chart_files
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.helmcompat.profile import HelmProfile
from chartgen.patch.conditions import template_functions
from chartgen.records import record

# Helm names the failing template line as "template: CHART/templates/x.yaml:12:3: ..." or "error at
# (CHART/templates/x.yaml:12:3): ...".
_TEMPLATE_LINE = re.compile(r"(?:template: |at \()[^/:\s]+/(templates/[^:\s]+):(\d+)")


@record(frozen=True)
class Step:
    """Text one overlay step put into a template, so a failure at a line can be traced back to it."""

    overlay: str
    step: str
    where: str  # overlay.yaml[:line]
    template: str
    text: str


def parse_error(path: str, text: str) -> TemplateParseError | None:
    """Why ``text`` does not parse as the Go template ``path``, or None."""
    if not path.startswith("templates/"):
        return None
    try:
        parse(path, text, template_functions())
    except TemplateParseError as exc:
        return exc
    return None


def check_parses(path: str, before: str, after: str, step: Step, display: str) -> None:
    """Refuse ``step`` when it turned the parsable template ``before`` into the unparsable ``after``."""
    error = parse_error(path, after)
    if error is not None and parse_error(path, before) is None:
        raise OverlayError(
            f"overlay {step.overlay!r} step {step.step!r} ({step.where}) leaves the template unparsable: "
            f"{error.message}",
            Location(display, error.line or None),
        )


def profile_options(settings: dict[str, Any], profile: HelmProfile) -> RenderOptions:
    values = settings.get("values") or {}
    return RenderOptions(
        release_name=settings.get("release", "release-name"),
        namespace=settings.get("namespace", "default"),
        set_json=[f"{key}={json.dumps(value)}" for key, value in values.items()],
        set_values=list(settings.get("set", [])),
        helm_compat=profile.major,
        reuse_generated_keys=True,
    )


def check_renders(
    files: dict[str, bytes],
    original: dict[str, bytes],
    profiles: dict[str, tuple[str, dict[str, Any]]],
    steps: list[Step],
    profile: HelmProfile,
    display: Any,
) -> None:
    """Render the patched chart with each profile (name -> (overlay, settings)); refuse the patch at the first
    failure the unpatched chart does not share. ``display`` maps a chart path to what the user would open."""
    chart = load_chart_files(files, profile=profile)
    stock = None
    for name, (overlay, settings) in profiles.items():
        options = profile_options(settings, profile)
        try:
            render_loaded(chart, options, trace=False)
            continue
        except ChartgenError as exc:
            failure = exc
        try:
            stock = stock or load_chart_files(original, profile=profile)
            render_loaded(stock, options, trace=False)
        except ChartgenError:
            continue  # the chart fails this way without the overlays too: not theirs to answer for
        template, line = _failed_line(failure.message)
        blame = _blame(steps, files, template, line)
        raise OverlayError(
            f"the patched chart does not render with profile {name!r} of overlay {overlay!r}{blame}: {failure.message}",
            Location(display(template), line) if template else failure.location,
        )


def _failed_line(message: str) -> tuple[str | None, int | None]:
    m = _TEMPLATE_LINE.search(message)
    return (m.group(1), int(m.group(2))) if m else (None, None)


def _blame(steps: list[Step], files: dict[str, bytes], template: str | None, line: int | None) -> str:
    """`` (overlay X step Y, overlay.yaml:N)`` for the step whose text holds the failing line, else ``""``."""
    if template is None or line is None or template not in files:
        return ""
    lines = files[template].decode("utf-8", "replace").split("\n")
    failing = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    for step in steps:
        if step.template == template and failing and failing in step.text:
            return f" (overlay {step.overlay!r} step {step.step!r}, {step.where})"
    touched = sorted({s.overlay for s in steps if s.template == template})
    return f" (touched by overlay {', '.join(map(repr, touched))})" if touched else ""


__all__ = ["Step", "check_parses", "check_renders", "parse_error", "profile_options"]
