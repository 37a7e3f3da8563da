"""JUnit XML: one ``testsuite`` per rule family, one ``testcase`` per rule that ran.

A testcase fails when its rule produced a finding that fails the run (errors; warnings too under --strict);
its other findings are listed in ``system-out`` so dashboards show them without turning the build red. The
shape (testsuites/testsuite/testcase/failure with ``message`` and ``type``) is the common subset GitLab,
Jenkins and GitHub test reporters all read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

from chartgen.findings import Finding
from chartgen.lint.model import Rule

if TYPE_CHECKING:
    from chartgen.lint.runner import LintReport


def _line(finding: Finding) -> str:
    return f"{finding.location}: {finding.severity.label} {finding.rule_id} {finding.message}"


def render(report: LintReport) -> str:
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    root = ET.Element("testsuites", name="chartgen lint")
    total = failed = 0
    families = groupby(sorted(report.rules, key=lambda r: (r.family, r.id)), key=lambda r: r.family)
    for family, rules in families:
        rules_list: list[Rule] = list(rules)
        suite = ET.SubElement(root, "testsuite", name=f"chartgen lint: {family}")
        if report.names_config:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="config", value=str(report.config or "none"))
        suite_failed = 0
        for item in rules_list:
            case = ET.SubElement(
                suite, "testcase", classname=f"chartgen.lint.{family}", name=f"{item.id} {item.summary}", time="0"
            )
            findings = by_rule.get(item.id, [])
            failing = [f for f in findings if report.fails(f)]
            others = [f for f in findings if not report.fails(f)]
            if failing:
                suite_failed += 1
                count = len(failing)
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{count} finding{'' if count == 1 else 's'}: {failing[0].message}",
                    type=failing[0].severity.label,
                )
                failure.text = "\n".join(_line(f) for f in failing) + f"\n\nWhy: {item.why}\nFix: {item.fix}\n"
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others) + "\n"
        suite.set("tests", str(len(rules_list)))
        suite.set("failures", str(suite_failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total += len(rules_list)
        failed += suite_failed
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
