"""The kubeconfig family: one lint rule per offline kubeconfig check, active only with ``--kubeconfig FILE``.

The checks and their metadata live in ``chartgen.kubeconfig.checks`` so ``chartgen kubeconfig check`` can run them
without the lint machinery; this module only registers them. The file is read and judged once per lint run
(``LintContext.kubeconfig_findings``) and each rule reports its own share of the findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chartgen.findings import Finding
from chartgen.kubeconfig.checks import CHECKS, judge_document, parse_failure
from chartgen.kubeconfig.document import KubeconfigError, load_kubeconfig
from chartgen.lint.model import Rule, rule

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["judge_kubeconfig"]

FAMILY = "kubeconfig"


def judge_kubeconfig(path: Path | None) -> list[Finding]:
    """All kubeconfig findings for the file at ``path`` (empty without one). An unreadable file is a
    CG-KUBECONFIG-001 finding here: a rule cannot stop the run, so it reports instead."""
    if path is None:
        return []
    try:
        return judge_document(load_kubeconfig(path))
    except KubeconfigError as exc:
        return [parse_failure(exc)]


def check_kubeconfig(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    """The check of every rule of the family: its share of the run's kubeconfig findings."""
    for finding in ctx.kubeconfig_findings:
        if finding.rule_id == this.id:
            yield finding


for _check in CHECKS:
    rule(_check.id, FAMILY, _check.severity, _check.summary, _check.why, _check.fix)(check_kubeconfig)
