"""``path:line:col: severity RULE-ID message``, one finding a line, then a one-line summary.

The line shape is the one compilers use, so editors and CI log viewers turn it into links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from chartgen.findings import Finding, Severity

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def finding_line(finding: Finding, *, color: bool = False) -> str:
    label = finding.severity.label
    if color:
        label = click.style(label, fg=_COLOURS[finding.severity], bold=finding.severity is Severity.ERROR)
    return f"{finding.location}: {label} {finding.rule_id} {finding.message}"


def summary_line(report: LintReport) -> str:
    counts = report.counts()

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    parts = [
        plural(counts[Severity.ERROR], "error"),
        plural(counts[Severity.WARNING], "warning"),
        plural(counts[Severity.NOTE], "note"),
    ]
    text = f"{report.chart}: {', '.join(parts)}"
    if report.suppressed:
        text += f" ({len(report.suppressed)} suppressed)"
    if report.names_config:
        text += f"; config: {report.config or 'none'}"
    return text


def render(report: LintReport, *, color: bool = False) -> str:
    lines = [finding_line(f, color=color) for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
