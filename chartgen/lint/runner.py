"""One lint run: load and render the chart once, run every enabled rule, drop suppressed findings, sort, and
decide the exit code.

Problems with the chart itself (no Chart.yaml, a template that fails) are findings, so a CI log shows them with
their rule and location like any other; only problems with the request (a chart path or values file that does
not exist, an unknown rule ID, a broken config file) stop the run as a UsageError (exit 2).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from chartgen.collector import collector_paused
from chartgen.errors import ChartgenError, RenderError, UsageError
from chartgen.findings import Finding, Severity
from chartgen.helm.chart_loader import load_chart
from chartgen.helm.coalesce import CoalesceError, check_dependencies
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.helm.yaml_load import ValuesLoadError
from chartgen.helmcompat.profile import profile_for
from chartgen.lint import config as lint_config
from chartgen.lint.context import LintContext
from chartgen.lint.kube_schemas import default_minor, parse_minor
from chartgen.lint.model import Rule, all_rules
from chartgen.lint.rules import pod_security
from chartgen.lint.rules.chart import failure_finding
from chartgen.lint.rules.invariants import declared_rules
from chartgen.lint.served_apis import served_api_versions
from chartgen.records import field, record, replace
from chartgen.redact import redact_url_credentials

__all__ = ["LintOptions", "LintReport", "build_context", "enabled_rules", "run_lint"]

# helm template's defaults, so rendered names match what `chartgen render` / `helm template` print.
RELEASE_NAME = "release-name"
NAMESPACE = "default"


@record
class LintOptions:
    """A ``chartgen lint`` request. ``today`` is only for tests of suppression expiry."""

    chart: Path
    values_files: list[Path] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    kube_version: str | None = None
    kubeconfig: Path | None = None
    helm_compat: int = 3  # the Helm major the chart is installed with (rendering and install-time checks)
    disable: list[str] = field(default_factory=list)
    # The Pod Security Standard level the chart must meet (privileged/none, baseline, restricted); None: the
    # lint config's podSecurity.enforce, else none.
    pod_security: str | None = None
    strict: bool = False
    config: Path | None = None
    today: datetime.date | None = None


@record
class LintReport:
    """What a run found. ``rules`` are the rules that ran (for SARIF and JUnit); ``suppressed`` the findings a
    suppression silenced, with the suppression that did it."""

    chart: str
    rules: list[Rule]
    findings: list[Finding]
    suppressed: list[tuple[Finding, lint_config.Suppression]] = field(default_factory=list)
    strict: bool = False
    config: Path | None = None
    # Whether a lint config was looked for, so reports name it (or say "none"); kubeconfig check uses none.
    names_config: bool = False
    # The manifests the rules judged (None when the chart did not render), for a second judge to apply.
    rendered: str | None = None

    def counts(self) -> dict[Severity, int]:
        result = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            result[finding.severity] += 1
        return result

    def fails(self, finding: Finding) -> bool:
        """Whether this finding alone makes the run fail (error, or warning under --strict)."""
        threshold = Severity.WARNING if self.strict else Severity.ERROR
        return finding.severity >= threshold

    @property
    def exit_code(self) -> int:
        return 1 if any(self.fails(f) for f in self.findings) else 0


def enabled_rules(disable: list[str], declared: list[Rule] | None = None) -> list[Rule]:
    """Every registered rule, and those the chart's overlay invariants ``declared``, minus the disabled ones; an
    unknown ID is a usage error (a typo must not silently leave a rule on)."""
    rules = sorted([*all_rules(), *(declared or [])], key=lambda r: r.id)
    known = {r.id for r in rules}
    unknown = sorted(set(disable) - known)
    if unknown:
        raise UsageError(f"unknown rule ID(s): {', '.join(unknown)} (see 'chartgen lint --list-rules')")
    return [r for r in rules if r.id not in set(disable)]


def build_context(options: LintOptions) -> LintContext:
    """Load and render the chart once for all rules; load and render failures are kept for the chart rules."""
    ctx = LintContext(
        chart_dir=options.chart,
        values_files=list(options.values_files),
        set_values=list(options.set_values),
        kube_version=options.kube_version,
        kubeconfig=options.kubeconfig,
        profile=profile_for(options.helm_compat),
    )
    try:
        ctx.chart = load_chart(options.chart, profile=ctx.profile)
    except (ChartgenError, ValuesLoadError, ValueError) as exc:
        ctx.load_error = exc
        return ctx
    if ctx.chart.is_library:
        return ctx  # helm lint does not render library charts either: they have no manifests of their own
    render_options = RenderOptions(
        release_name=RELEASE_NAME,
        namespace=NAMESPACE,
        values_files=[str(p) for p in options.values_files],
        set_values=list(options.set_values),
        kube_version=options.kube_version,
        helm_compat=options.helm_compat,
        served_api_versions=_served(options.kube_version),
        reuse_generated_keys=True,
    )
    try:
        try:
            check_dependencies(ctx.chart, profile=ctx.profile)
        except CoalesceError as exc:
            raise RenderError(str(exc)) from None
        ctx.render = render_loaded(ctx.chart, render_options)
    except ChartgenError as exc:
        if exc.message.startswith("failed parsing --set"):
            raise UsageError(exc.message) from None  # a malformed --set is the request's fault, not the chart's
        ctx.render_error = exc
    return ctx


def _served(kube_version: str | None) -> list[str] | None:
    """The API versions the target Kubernetes version serves (--kube-version, else Helm's default version, the
    one the manifest rules judge against), as an install into such a cluster would show the templates.

    ``helm lint`` shows Helm's offline default list instead, which lacks some served groups and keeps removed
    versions: a chart that picks the newest API a cluster offers would render an older one and be flagged for
    it. A --kube-version Helm cannot parse is left to the render, which reports it as Helm does."""
    if kube_version is not None and parse_minor(kube_version) is None:
        return None
    return list(served_api_versions(parse_minor(kube_version) or default_minor()))


def _check_inputs(options: LintOptions) -> None:
    if not options.chart.exists():
        raise UsageError(f"chart {options.chart} does not exist")
    for path in options.values_files:
        if not path.is_file():
            raise UsageError(f"values file {path} does not exist or is not a file")
    if options.kubeconfig is not None and not options.kubeconfig.is_file():
        raise UsageError(f"kubeconfig {options.kubeconfig} does not exist or is not a file")


def run_lint(options: LintOptions) -> LintReport:
    """Lint one chart. Raises UsageError (exit 2) for a request that cannot be carried out."""
    # The render, every decoded document and the schemas stay alive for the whole run; the collector's full
    # passes would otherwise walk them again and again, in time that grows with the square of the chart.
    with collector_paused():
        return _run_lint(options)


def _run_lint(options: LintOptions) -> LintReport:
    _check_inputs(options)
    config_path = options.config if options.config is not None else lint_config.find_config(options.chart)
    if options.config is not None and not options.config.is_file():
        raise UsageError(f"config file {options.config} does not exist")
    config = lint_config.load_config(config_path)
    ctx = build_context(options)
    enforce, warn = pod_security.levels(options.pod_security or config.pod_security_enforce, config.pod_security_warn)
    enabled = enabled_rules([*options.disable, *config.disable], declared_rules(ctx))
    rules = pod_security.in_force(enabled, enforce, warn)
    today = options.today or datetime.date.today()
    active = [s for s in config.suppressions if not s.expired(today)]
    ctx.expired_suppressions = [s for s in config.suppressions if s.expired(today)]
    bases = [options.chart] + ([config_path.parent] if config_path else [])
    findings: list[Finding] = []
    suppressed: list[tuple[Finding, lint_config.Suppression]] = []
    for item in rules:
        for finding in item.check(ctx, item):
            # A finding may quote a value (a refused proxy URL); credentials in it never reach a report.
            finding = replace(finding, message=redact_url_credentials(finding.message))
            match = next((s for s in active if s.matches(finding, bases)), None)
            if match is None:
                findings.append(finding)
            else:
                suppressed.append((finding, match))
    if not any(f.severity is Severity.ERROR for f in findings):
        failure = failure_finding(ctx, {r.id: r for r in all_rules()})
        if failure is not None:
            findings.append(failure)
    return LintReport(
        chart=str(options.chart),
        rules=rules,
        findings=sorted(set(findings), key=sort_key),
        suppressed=suppressed,
        strict=options.strict,
        config=_as_shown(config_path),
        names_config=True,
        rendered=ctx.render.text if ctx.render is not None else None,
    )


def _as_shown(path: Path | None) -> Path | None:
    """A found config as a user would name it: relative to the working folder when it lies below it."""
    if path is None or not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def sort_key(finding: Finding) -> tuple:
    """Path, line, column, rule ID, then message so equal positions still order deterministically."""
    loc = finding.location
    return (loc.path, loc.line or 0, loc.column or 0, finding.rule_id, finding.message)
