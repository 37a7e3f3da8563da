"""SARIF 2.1.0 for code-scanning uploads (GitHub, GitLab, Azure DevOps).

Rule metadata comes from the registry (summary, why, fix, default level); results point at files by a relative
URI when the path is relative, so the upload maps onto the repository checkout. Suppressed findings are kept as
results with an external suppression and its justification, which is how SARIF viewers show accepted risks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from chartgen import __version__
from chartgen.findings import Finding, Severity
from chartgen.lint.model import Rule

if TYPE_CHECKING:
    from chartgen.lint.config import Suppression
    from chartgen.lint.runner import LintReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/chartgen/"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a finding's path: relative stays relative (POSIX separators), absolute becomes file://."""
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(path.replace("\\", "/"), safe="/-._~")


def _rule(item: Rule) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": "".join(part.capitalize() for part in item.id.split("-")),
        "shortDescription": {"text": item.summary},
        "fullDescription": {"text": item.why},
        "help": {"text": item.fix},
        "defaultConfiguration": {"level": _LEVELS[item.severity]},
        "properties": {"family": item.family},
    }


def _result(finding: Finding, index: dict[str, int], suppression: Suppression | None) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(loc.path)}}
    if loc.line is not None:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column is not None:
            region["startColumn"] = loc.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc.object:
        kind, _, name = loc.object.partition("/")
        qualified = f"{loc.object}:{loc.field}" if loc.field else loc.object
        location["logicalLocations"] = [{"name": name or kind, "fullyQualifiedName": qualified, "kind": "resource"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    if finding.rule_id in index:
        result["ruleIndex"] = index[finding.rule_id]
    if suppression is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": suppression.reason}]
    return result


def sarif_dict(report: LintReport) -> dict[str, Any]:
    index = {item.id: number for number, item in enumerate(report.rules)}
    results = [_result(f, index, None) for f in report.findings]
    results += [_result(f, index, s) for f, s in report.suppressed]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "chartgen",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(item) for item in report.rules],
                    }
                },
                "invocations": [_invocation(report)],
                "columnKind": "unicodeCodePoints",
                **_config_artifact(report),
                "results": results,
            }
        ],
    }


def _invocation(report: LintReport) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": report.exit_code}
    if report.names_config:
        # The lint config in force (null: none), so a viewer can tell a clean run from one with rules switched off.
        invocation["properties"] = {"config": str(report.config) if report.config else None}
    return invocation


def _config_artifact(report: LintReport) -> dict[str, Any]:
    if report.config is None:
        return {}
    location = {"uri": artifact_uri(str(report.config))}
    return {"artifacts": [{"location": location, "roles": ["userSpecifiedConfiguration"]}]}


def render(report: LintReport) -> str:
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
