"""The config family: what the lint configuration (``.chartgen.yaml``, ``chartgen.lint.config``) itself says."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from chartgen.errors import Location
from chartgen.findings import Finding, Severity
from chartgen.lint.config import CONFIG_NAME
from chartgen.lint.model import Rule, rule

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

FAMILY = "config"


@rule(
    "CG-CONFIG-001",
    FAMILY,
    Severity.WARNING,
    "A suppression in .chartgen.yaml has expired.",
    "A suppression is a promise to fix something by a date; once the date has passed it no longer hides the "
    "findings, and leaving it in the file makes the config lie about what is being tolerated.",
    "Fix the findings it covered and delete the suppression, or, if the exception is still justified, move its "
    "'expires' date forward and update its 'reason'.",
)
def _expired_suppressions(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for item in ctx.expired_suppressions:
        scope = ", ".join(part for part in (item.path, item.object) if part)
        message = f"suppression of {item.rule}{f' ({scope})' if scope else ''} expired on {item.expires}"
        yield this.finding(message, item.where or Location(CONFIG_NAME))
