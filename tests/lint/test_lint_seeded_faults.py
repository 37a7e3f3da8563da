"""The lint proof suite (issue 4): every seeded fault is caught by its rule at its place, with no unexplained
error beside it, and the bundled base chart and its correctly patched output give no error at all.

Each test applies ONE fault from ``lint_faults.FAULTS`` to a fresh copy of a known-good input in a temporary
working directory and lints it through the runner API, exactly as ``chartgen lint iris-operator [-f ...]
[--kubeconfig ...]`` run from that directory would.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from lint_faults import (
    BASE_CHART,
    CHART,
    FAULTS,
    GOOD_KUBECONFIG,
    KUBECONFIG,
    KUBECONFIG_FILE,
    PATCHED_CHART,
    VALUES,
    VALUES_FILE,
    Fault,
    Replace,
)
from test_kubeconfig_checks import Pki, make_jwt

from chartgen.chartio.output import write_directory
from chartgen.findings import Finding, Severity
from chartgen.lint.report import format_report
from chartgen.lint.runner import LintOptions, LintReport, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared/reference/sarif/sarif-schema-2.1.0.json"
YEAR = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Inputs:
    """Known-good inputs, made once: the two charts and the kubeconfig placeholders' values."""

    base: Path
    patched: Path
    placeholders: dict[str, str]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    patched = tmp_path_factory.mktemp("patched") / CHART
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    write_directory(result.files, patched, False)
    now = time.time()
    placeholders = {
        "@CA_DATA@": base64.b64encode(Pki().ca).decode(),
        "@TOKEN@": make_jwt(now + YEAR),
        "@EXPIRED_TOKEN@": make_jwt(now - 3600),
    }
    return Inputs(base_chart_dir(), patched, placeholders)


def chart_source(inputs: Inputs, which: str) -> Path:
    return inputs.base if which == BASE_CHART else inputs.patched


def replaced(text: str, change: Replace, fault_id: str) -> str:
    assert text.count(change.old) == 1, f"{fault_id}: {change.old!r} must occur exactly once in {change.file}"
    return text.replace(change.old, change.new)


def fill(text: str, placeholders: dict[str, str]) -> str:
    for marker, value in placeholders.items():
        text = text.replace(marker, value)
    return text


def seed(fault: Fault, inputs: Inputs, workdir: Path) -> LintOptions:
    """Lay out the fault's inputs in ``workdir`` and return the lint request (paths relative to it)."""
    which = fault.mutates if fault.mutates in (BASE_CHART, PATCHED_CHART) else fault.chart
    shutil.copytree(chart_source(inputs, which), workdir / CHART)
    options = LintOptions(
        Path(CHART), kube_version=fault.kube_version, helm_compat=fault.helm_compat, pod_security=fault.pod_security
    )
    if fault.mutates in (BASE_CHART, PATCHED_CHART):
        assert isinstance(fault.change, Replace)
        target = workdir / CHART / fault.change.file
        target.write_text(replaced(target.read_text(encoding="utf-8"), fault.change, fault.id), encoding="utf-8")
    elif fault.mutates == VALUES:
        assert isinstance(fault.change, str)
        (workdir / VALUES_FILE).write_text(fault.change, encoding="utf-8")
        options.values_files = [Path(VALUES_FILE)]
    elif fault.mutates == KUBECONFIG:
        text = fault.change if isinstance(fault.change, str) else replaced(GOOD_KUBECONFIG, fault.change, fault.id)
        (workdir / KUBECONFIG_FILE).write_text(fill(text, inputs.placeholders), encoding="utf-8")
        options.kubeconfig = Path(KUBECONFIG_FILE)
    else:
        raise AssertionError(f"{fault.id}: unknown target {fault.mutates!r}")
    return options


def expected_line(fault: Fault, workdir: Path) -> int | None:
    """The 1-based line of the mutated file where ``fault.at`` starts (it must occur exactly once)."""
    if fault.at is None:
        return fault.line
    text = (workdir / fault.file).read_text(encoding="utf-8")
    starts = [i for i in range(len(text)) if text.startswith(fault.at, i)]
    assert len(starts) == 1, f"{fault.id}: {fault.at!r} must occur once in {fault.file}"
    return text.count("\n", 0, starts[0]) + 1


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.location}: {f.severity.label} {f.rule_id} {f.message}" for f in findings)


def errors(report: LintReport) -> list[Finding]:
    return [f for f in report.findings if f.severity == Severity.ERROR]


# ---------------------------------------------------------------------------------------------------------------
# The catalogue itself


def test_catalogue_has_at_least_thirty_faults_with_unique_ids():
    ids = [fault.id for fault in FAULTS]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)


def test_catalogue_spans_every_rule_family():
    prefixes = {fault.rule.rsplit("-", 1)[0] for fault in FAULTS}
    assert prefixes == {"CG-CHART", "CG-VALUES", "CG-K8S", "CG-PSS", "CG-REMOTE", "CG-KUBECONFIG"}


def test_good_kubeconfig_is_clean(inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(inputs.patched, tmp_path / CHART)
    (tmp_path / KUBECONFIG_FILE).write_text(fill(GOOD_KUBECONFIG, inputs.placeholders), encoding="utf-8")
    report = run_lint(LintOptions(Path(CHART), kubeconfig=Path(KUBECONFIG_FILE)))
    assert [f for f in report.findings if f.rule_id.startswith("CG-KUBECONFIG")] == []


# ---------------------------------------------------------------------------------------------------------------
# One test per seeded fault


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.id for fault in FAULTS])
def test_seeded_fault_is_caught_by_its_rule_where_it_is(fault, inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = run_lint(seed(fault, inputs, tmp_path))
    shown = describe(report.findings)
    caught = [f for f in report.findings if f.rule_id == fault.rule]
    assert caught, f"{fault.id}: {fault.rule} did not fire; findings:\n{shown}"
    line = expected_line(fault, tmp_path)
    placed = [
        f
        for f in caught
        if f.location.path == fault.file
        and f.location.line == line
        and (fault.column is None or f.location.column == fault.column)
        and fault.message in f.message
    ]
    want = f"{fault.file}:{line}" + (f":{fault.column}" if fault.column else "")
    assert placed, f"{fault.id}: expected {fault.rule} at {want} ({fault.message!r}); findings:\n{shown}"
    explained = {fault.rule, *fault.also}
    unexplained = [f for f in errors(report) if f.rule_id not in explained]
    assert unexplained == [], f"{fault.id}: unexplained errors:\n{describe(unexplained)}"
    if any(f.severity == Severity.ERROR for f in placed):
        assert report.exit_code == 1


# ---------------------------------------------------------------------------------------------------------------
# The known-good inputs give no error


def validate_sarif(document: dict) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared/reference beside the repository)")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(document)


@pytest.fixture(params=[BASE_CHART, PATCHED_CHART])
def good_chart_report(request, inputs, tmp_path, monkeypatch) -> LintReport:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(chart_source(inputs, request.param), tmp_path / CHART)
    return run_lint(LintOptions(Path(CHART)))


def test_good_chart_has_no_error_findings(good_chart_report):
    assert errors(good_chart_report) == [], describe(good_chart_report.findings)
    assert good_chart_report.exit_code == 0


def test_good_chart_text_report_says_zero_errors(good_chart_report):
    last = format_report(good_chart_report, "text").splitlines()[-1]
    assert last.startswith(f"{CHART}: 0 errors, ")
    assert ": error " not in format_report(good_chart_report, "text")


def test_good_chart_sarif_is_schema_valid_without_errors(good_chart_report):
    document = json.loads(format_report(good_chart_report, "sarif"))
    validate_sarif(document)
    levels = [result["level"] for run in document["runs"] for result in run["results"]]
    assert "error" not in levels


def test_patched_chart_with_good_kubeconfig_has_no_error_findings(inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(inputs.patched, tmp_path / CHART)
    (tmp_path / KUBECONFIG_FILE).write_text(fill(GOOD_KUBECONFIG, inputs.placeholders), encoding="utf-8")
    report = run_lint(LintOptions(Path(CHART), kubeconfig=Path(KUBECONFIG_FILE)))
    assert errors(report) == [], describe(report.findings)
