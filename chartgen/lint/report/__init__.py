"""Lint reports in the formats CI systems read: text for people, JSON for scripts, SARIF for code scanning,
JUnit XML for test dashboards. Each format is one module with a ``render(report, ...) -> str``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport

__all__ = ["FORMATS", "format_report"]

FORMATS = ("text", "json", "sarif", "junit")


def format_report(report: LintReport, fmt: str, *, color: bool = False) -> str:
    """The report as ``fmt`` text; ``color`` only affects the text format. Only that format's module is imported
    (JUnit's XML library and the others cost more than a small chart's lint)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown lint report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"chartgen.lint.report.{_MODULES.get(fmt, fmt)}")
    return module.render(report, color=color) if fmt == "text" else module.render(report)


_MODULES = {"json": "json_report"}
