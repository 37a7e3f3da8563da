"""The JSON report, a versioned shape for scripts (bump ``version`` on any incompatible change):

.. code-block:: text

    {"version": 1,
     "tool": {"name": "chartgen", "version": "X.Y.Z"},
     "chart": "<chart path as given>",
     "config": "<the .chartgen.yaml used>" | null,                                   # added in chartgen 0.1
     "findings": [{"ruleId", "severity": "error|warning|note", "message",
                   "location": {"path", "line", "column", "object", "field"}}],   # unknown parts are null
     "suppressed": [{...a finding..., "suppression": {"reason", "expires", "config"}}],
     "summary": {"errors", "warnings", "notes", "suppressed", "strict", "exitCode"}}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chartgen import __version__
from chartgen.findings import Finding, Severity

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "ruleId": finding.rule_id,
        "severity": finding.severity.label,
        "message": finding.message,
        "location": {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "object": loc.object,
            "field": loc.field,
        },
    }


def report_dict(report: LintReport) -> dict[str, Any]:
    counts = report.counts()
    suppressed = []
    for finding, suppression in report.suppressed:
        item = finding_dict(finding)
        item["suppression"] = {
            "reason": suppression.reason,
            "expires": suppression.expires.isoformat() if suppression.expires else None,
            "config": str(report.config) if report.config else None,
        }
        suppressed.append(item)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "chartgen", "version": __version__},
        "chart": report.chart,
        "config": str(report.config) if report.config else None,
        "findings": [finding_dict(f) for f in report.findings],
        "suppressed": suppressed,
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "notes": counts[Severity.NOTE],
            "suppressed": len(report.suppressed),
            "strict": report.strict,
            "exitCode": report.exit_code,
        },
    }


def render(report: LintReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
