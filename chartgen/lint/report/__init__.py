"""Lint reports in the formats CI systems read: text for people, JSON for scripts, SARIF for code scanning,
JUnit XML for test dashboards. Each format is one module with a ``render(report, ...) -> str``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport

__all__ = ["FORMATS", "format_report"]

FORMATS = ("text", "json", "sarif", "junit")


def format_report(report: LintReport, fmt: str, *, color: bool = False) -> str:
    """The report as ``fmt`` text; ``color`` only affects the text format."""
    if fmt == "text":
        from chartgen.lint.report.text import render

        return render(report, color=color)
    if fmt == "json":
        from chartgen.lint.report.json_report import render
    elif fmt == "sarif":
        from chartgen.lint.report.sarif import render
    elif fmt == "junit":
        from chartgen.lint.report.junit import render
    else:
        raise ValueError(f"unknown lint report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return render(report)
