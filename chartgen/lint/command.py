"""What ``chartgen lint`` does once its options are parsed: list the rules, or lint a chart and deliver the
report (to standard output, or atomically to a file with its one-line summary for the terminal). The CLI prints
the texts returned here and exits with the status; it decides nothing about lint itself.
"""

from __future__ import annotations

from pathlib import Path

from chartgen.lint.report import format_report
from chartgen.lint.report.text import summary_line
from chartgen.lint.runner import LintOptions, LintReport, enabled_rules, run_lint
from chartgen.records import record

__all__ = ["LintRun", "lint_chart", "rule_list"]


@record(frozen=True)
class LintRun:
    """A finished lint: ``stdout`` is the report when it was not written to a file (text is coloured where the
    terminal allows), ``stderr`` the summary line when a machine-readable report went to a file."""

    report: LintReport
    stdout: str
    stderr: str | None

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def rule_list() -> str:
    """Every rule with its severity, summary, reason and fix (``--list-rules``)."""
    return "".join(
        f"{item.id}  [{item.severity.label}]  {item.summary}\n    Why: {item.why}\n    Fix: {item.fix}\n\n"
        for item in enabled_rules([])
    )


def lint_chart(options: LintOptions, fmt: str = "text", output: Path | None = None, force: bool = False) -> LintRun:
    """Lint a chart and deliver the report as ``fmt``. Raises a ChartgenError for a request that cannot be carried
    out (bad paths, config or options; an --output that exists without ``force``)."""
    report = run_lint(options)
    if output is None:
        return LintRun(report, format_report(report, fmt, color=fmt == "text"), None)
    from chartgen.chartio.output import write_file_atomically  # only a report written to a file needs it

    write_file_atomically(format_report(report, fmt).encode("utf-8"), output, force)
    return LintRun(report, "", summary_line(report) if fmt != "text" else None)
