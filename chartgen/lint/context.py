"""What every lint rule reads: the request, the chart loaded and rendered once, and what the rules derive from
them, each computed on first use and kept for the rest of the run.

The inputs are plain fields, set by ``chartgen.lint.runner.build_context``; the derived data are cached
properties, so a rule that never runs never pays for them and two rules that need the same never compute it twice.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from chartgen.errors import ChartgenError
from chartgen.findings import Finding
from chartgen.helm.chart_model import Chart
from chartgen.helm.render import RenderResult
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.lint.config import Suppression
from chartgen.lint.kube_schemas import KubeTarget, kube_target
from chartgen.lint.locate import ManifestDoc, read_manifests, template_sources
from chartgen.lint.rules.chart import ChartYaml, read_chart_yaml
from chartgen.lint.rules.invariants import active_invariants, carried_invariants
from chartgen.lint.rules.kubeconfig import judge_kubeconfig
from chartgen.lint.rules.manifests import SchemaIssue, schema_issues
from chartgen.lint.rules.values import ValuesSources, Violation, read_values_sources, schema_violations
from chartgen.patch.invariants import Invariants
from chartgen.records import field, record

__all__ = ["LintContext"]


@record
class LintContext:
    """Everything a rule may look at.

    ``chart_dir`` is the chart as given; ``chart`` the loaded chart (None when it could not be loaded — then
    ``load_error`` says why); ``render`` the result of rendering it with the user's values (None when rendering
    failed — ``render_error`` holds the error); ``values_files`` the user's ``-f`` files in order; ``set_values``
    the ``--set`` arguments; ``kube_version`` the target Kubernetes version as given (None for Helm's default);
    ``kubeconfig`` the path given with ``--kubeconfig``; ``profile`` the Helm the chart is rendered and
    installed with; ``expired_suppressions`` the suppressions of the lint config whose date has passed.
    """

    chart_dir: Path
    chart: Chart | None = None
    load_error: Exception | None = None
    render: RenderResult | None = None
    render_error: ChartgenError | None = None
    values_files: list[Path] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    kube_version: str | None = None
    kubeconfig: Path | None = None
    profile: HelmProfile = HELM_3
    expired_suppressions: list[Suppression] = field(default_factory=list)

    @cached_property
    def manifests(self) -> list[ManifestDoc]:
        """Every rendered document, decoded and indexed for positions (empty when the chart did not render)."""
        return read_manifests(self.render)

    @cached_property
    def template_lines(self) -> dict[str, list[str]]:
        """Template name -> its lines, for every chart in the tree."""
        return template_sources(self.chart)

    @cached_property
    def kube_target(self) -> KubeTarget:
        """The Kubernetes version judged for and the bundled schema version used."""
        return kube_target(self.kube_version)

    @cached_property
    def schema_issues(self) -> list[SchemaIssue]:
        """The rendered objects' OpenAPI schema problems."""
        return schema_issues(self.manifests, self.kube_target)

    @cached_property
    def chart_yaml(self) -> ChartYaml:
        """Chart.yaml read with positions."""
        return read_chart_yaml(self)

    @cached_property
    def values_sources(self) -> ValuesSources:
        """values.yaml and the ``-f`` files with positions, and the problems of the files that did not parse."""
        return read_values_sources(self)

    @cached_property
    def values_violations(self) -> list[Violation]:
        """The merged values' values-schema violations, each where the user edits it."""
        return schema_violations(self)

    @cached_property
    def carried_invariants(self) -> list[Invariants]:
        """The invariants of the overlays the chart carries (a malformed declaration raises an OverlayError)."""
        return carried_invariants(self)

    @cached_property
    def invariants(self) -> list[Invariants]:
        """The carried invariants that apply to this render (their overlay's ``when`` value is true)."""
        return active_invariants(self)

    @cached_property
    def kubeconfig_findings(self) -> list[Finding]:
        """Every finding of the ``--kubeconfig`` file (empty without one)."""
        return judge_kubeconfig(self.kubeconfig)
