"""Lint rules: what each declares and the registry that holds them.

Every rule has one shape: a stable ID, a family, a severity, a one-line summary, why it matters and how to fix it
(what ``--list-rules`` and SARIF's rule metadata show), and a check, a generator that reads the typed
:class:`~chartgen.lint.context.LintContext` and yields findings made with :meth:`Rule.finding`. Rules live in
``chartgen/lint/rules/``, one module per family, and register themselves with :func:`rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from chartgen.errors import Location
from chartgen.findings import Finding, Severity
from chartgen.records import record

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["Check", "Rule", "all_rules", "rule"]

Check = Callable[["LintContext", "Rule"], Iterator[Finding]]


@record(frozen=True)
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
    import chartgen.lint.rules  # noqa: F401  (registration happens on import; the rules import this module)

    yield from sorted(_REGISTRY.values(), key=lambda r: r.id)
