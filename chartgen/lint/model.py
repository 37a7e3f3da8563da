"""The lint vocabulary: severities, rules, findings and the context every rule reads.

A rule is data plus a check: a stable ID, a severity, a one-line summary, why it matters and how to fix it (what
``--list-rules`` and SARIF's rule metadata show), and a function from the lint context to findings. Rules live in
``chartgen/lint/rules/``, one module per family, and register themselves with :func:`rule`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chartgen.helm.profile import HELM_3, HelmProfile

__all__ = ["Finding", "LintContext", "Location", "Rule", "Severity", "all_rules", "rule"]


class Severity(enum.IntEnum):
    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """Where a finding sits: a file (as the user would open it) and, when known, a 1-based line and column.

    ``object`` names the Kubernetes object (``Deployment/intersystems-iris-operator``) and ``field`` a path inside
    it (``spec.template.spec.volumes[0]``) when the finding is about a rendered manifest.
    """

    path: str
    line: int | None = None
    column: int | None = None
    object: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    location: Location


@dataclass
class LintContext:
    """Everything a rule may look at, computed once per lint run.

    ``chart_dir`` is the chart as given; ``chart`` the loaded ``chartgen.helm.chart_model.Chart`` (None when it
    could not be loaded — then ``load_error`` says why); ``render`` the ``RenderResult`` of rendering it with the
    user's values (None when rendering failed — ``render_error`` holds the RenderError); ``values_files`` the
    user's ``-f`` files in order; ``set_values`` the ``--set`` arguments; ``kube_version`` the target Kubernetes
    version as ``X.Y`` (or None for Helm's default); ``kubeconfig`` the path given with ``--kubeconfig``;
    ``profile`` the Helm the chart is rendered and installed with.
    ``cache`` lets rule families share derived data (parsed YAML with positions, the remote-target settings).
    """

    chart_dir: Path
    chart: Any = None
    load_error: Exception | None = None
    render: Any = None
    render_error: Exception | None = None
    values_files: list[Path] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    kube_version: str | None = None
    kubeconfig: Path | None = None
    profile: HelmProfile = HELM_3
    cache: dict[str, Any] = field(default_factory=dict)


Check = Callable[[LintContext, "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule. ``id`` is stable (``CG-CHART-001``); ``family`` groups rules in ``--list-rules`` and SARIF."""

    id: str
    family: str
    severity: Severity
    summary: str
    why: str
    fix: str
    check: Check

    def finding(self, message: str, location: Location, severity: Severity | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, location)


_REGISTRY: dict[str, Rule] = {}


def rule(id: str, family: str, severity: Severity, summary: str, why: str, fix: str) -> Callable[[Check], Check]:
    """Register the decorated check as a rule; IDs must be unique."""

    def register(check: Check) -> Check:
        if id in _REGISTRY:
            raise ValueError(f"duplicate lint rule id {id}")
        _REGISTRY[id] = Rule(id, family, severity, summary, why, fix, check)
        return check

    return register


def all_rules() -> Iterator[Rule]:
    """Every registered rule, in ID order (importing ``chartgen.lint.rules`` registers them all)."""
    import chartgen.lint.rules  # noqa: F401  (registration happens on import)

    yield from sorted(_REGISTRY.values(), key=lambda r: r.id)
