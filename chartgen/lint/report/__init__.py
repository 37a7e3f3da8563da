"""Lint reports in the formats CI systems read: text for people, JSON for scripts, SARIF for code scanning,
JUnit XML for test dashboards. Each format is one module with a ``render(report, ...) -> str``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.lint.report import json_report, junit, sarif, text

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport

__all__ = ["FORMATS", "format_report"]

FORMATS = ("text", "json", "sarif", "junit")


def format_report(report: LintReport, fmt: str, *, color: bool = False) -> str:
    """The report as ``fmt`` text; ``color`` only affects the text format."""
    if fmt == "text":
        return text.render(report, color=color)
    if fmt == "json":
        return json_report.render(report)
    if fmt == "sarif":
        return sarif.render(report)
    if fmt == "junit":
        return junit.render(report)
    raise ValueError(f"unknown lint report format {fmt!r}; expected one of {', '.join(FORMATS)}")
