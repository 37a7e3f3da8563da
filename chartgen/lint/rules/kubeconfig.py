"""The kubeconfig family: one lint rule per offline kubeconfig check, active only with ``--kubeconfig FILE``.

The checks and their metadata live in ``chartgen.kubeconfig.checks`` so ``chartgen kubeconfig check`` can run them
without the lint machinery; this module only registers them. The file is read and judged once per lint run (cached
in ``LintContext.cache``) and each rule reports its own share of the findings.
"""

from __future__ import annotations

from collections.abc import Iterable

from chartgen.kubeconfig.checks import CHECKS, KubeconfigCheck, judge_document, parse_failure
from chartgen.kubeconfig.document import KubeconfigError, load_kubeconfig
from chartgen.lint.model import Finding, LintContext, Rule, rule

FAMILY = "kubeconfig"
_CACHE_KEY = "kubeconfig.findings"


def kubeconfig_findings(ctx: LintContext) -> list[Finding]:
    """All kubeconfig findings for ``ctx.kubeconfig`` (empty without one). An unreadable file is a
    CG-KUBECONFIG-001 finding here: a rule cannot stop the run, so it reports instead."""
    if ctx.kubeconfig is None:
        return []
    if _CACHE_KEY not in ctx.cache:
        try:
            findings = judge_document(load_kubeconfig(ctx.kubeconfig))
        except KubeconfigError as exc:
            findings = [parse_failure(exc)]
        ctx.cache[_CACHE_KEY] = findings
    return ctx.cache[_CACHE_KEY]


def _register(check: KubeconfigCheck) -> None:
    def run(ctx: LintContext, this: Rule) -> Iterable[Finding]:
        return [f for f in kubeconfig_findings(ctx) if f.rule_id == this.id]

    run.__name__ = run.__qualname__ = "check_" + check.id.replace("-", "_").lower()
    rule(check.id, FAMILY, check.severity, check.summary, check.why, check.fix)(run)


for _check in CHECKS:
    _register(_check)
