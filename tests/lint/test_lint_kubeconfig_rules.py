"""The kubeconfig rule family: one lint rule per kubeconfig check, silent unless ``--kubeconfig`` is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_kubeconfig_checks import Pki, faulty, token_kubeconfig, write

from chartgen.chartio.output import write_directory
from chartgen.kubeconfig import CHECKS
from chartgen.lint.model import Finding, LintContext, Rule, Severity, all_rules
from chartgen.lint.rules import kubeconfig as family
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir


def kubeconfig_rules() -> list[Rule]:
    return [r for r in all_rules() if r.family == "kubeconfig"]


def run_family(ctx: LintContext) -> list[Finding]:
    return [f for r in kubeconfig_rules() for f in r.check(ctx, r)]


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki()


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, force=False)
    return target


def test_one_rule_per_check_with_its_metadata():
    rules = {r.id: r for r in kubeconfig_rules()}
    assert sorted(rules) == [c.id for c in CHECKS]
    for check in CHECKS:
        registered = rules[check.id]
        assert (registered.severity, registered.summary, registered.why, registered.fix) == (
            check.severity,
            check.summary,
            check.why,
            check.fix,
        )


def test_rules_are_silent_without_a_kubeconfig(tmp_path):
    assert run_family(LintContext(chart_dir=tmp_path)) == []


def test_base_chart_gives_no_kubeconfig_findings():
    assert run_family(LintContext(chart_dir=base_chart_dir())) == []


def test_patched_chart_with_a_good_kubeconfig_gives_no_errors(tmp_path, patched_chart, pki):
    ctx = LintContext(chart_dir=patched_chart, kubeconfig=write(tmp_path, token_kubeconfig(pki)))
    assert [f for f in run_family(ctx) if f.severity == Severity.ERROR] == []


def test_patched_chart_without_a_kubeconfig_gives_no_kubeconfig_findings(patched_chart):
    assert run_family(LintContext(chart_dir=patched_chart)) == []


def test_each_rule_reports_only_its_own_findings(tmp_path, pki):
    def mutate(c, p):
        c["clusters"][0]["cluster"]["server"] = "https://localhost:6443"
        c["users"][0]["user"]["tokenFile"] = "/t"

    ctx = LintContext(chart_dir=tmp_path, kubeconfig=write(tmp_path, faulty(pki, mutate)))
    by_rule = {r.id: [f.rule_id for f in r.check(ctx, r)] for r in kubeconfig_rules()}
    assert by_rule["CG-KUBECONFIG-003"] == ["CG-KUBECONFIG-003"]
    assert by_rule["CG-KUBECONFIG-005"] == ["CG-KUBECONFIG-005"]
    assert all(ids == [] for rid, ids in by_rule.items() if rid not in ("CG-KUBECONFIG-003", "CG-KUBECONFIG-005"))


def test_the_kubeconfig_is_read_once_per_run(tmp_path, pki, monkeypatch):
    reads: list[Path] = []
    real = family.load_kubeconfig
    monkeypatch.setattr(family, "load_kubeconfig", lambda path: reads.append(path) or real(path))
    path = write(tmp_path, token_kubeconfig(pki))
    run_family(LintContext(chart_dir=tmp_path, kubeconfig=path))
    assert reads == [path]


def test_unreadable_kubeconfig_is_a_parse_finding(tmp_path):
    missing = tmp_path / "absent.kubeconfig"
    findings = run_family(LintContext(chart_dir=tmp_path, kubeconfig=missing))
    assert [(f.rule_id, f.severity) for f in findings] == [("CG-KUBECONFIG-001", Severity.ERROR)]
    assert findings[0].location.path == str(missing)
    assert "no such file" in findings[0].message


def test_broken_kubeconfig_is_located_in_the_file(tmp_path):
    path = write(tmp_path, "clusters:\n- name: a\n  cluster: {server: x\nusers: []\n")
    [found] = run_family(LintContext(chart_dir=tmp_path, kubeconfig=path))
    assert (found.rule_id, str(found.location)) == ("CG-KUBECONFIG-001", f"{path}:4:6")
