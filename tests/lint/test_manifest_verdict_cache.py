"""Schema verdicts on rendered objects are kept on disk: linting the same objects again gives the same issues
without loading the Kubernetes schemas, and a changed object, a damaged entry or another schema version is
judged afresh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chartgen.helm.render import render_chart
from chartgen.lint import kube_schemas
from chartgen.lint.kube_schemas import kube_target
from chartgen.lint.locate import read_manifests
from chartgen.lint.rules import manifests
from chartgen.lint.rules.manifests import VERDICT_KIND, schema_issues

GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata:\n  a: b\n"
BAD = "apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  prots: []\n  type: 3\n"
UNKNOWN = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"


@pytest.fixture
def cache(fresh_cache: Path) -> Path:
    return fresh_cache


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every (apiVersion, kind) a schema validator was asked for."""
    asked: list[tuple[str, str]] = []
    real = kube_schemas.SchemaSet.validator

    def counting(self, api_version, kind):
        asked.append((api_version, kind))
        return real(self, api_version, kind)

    monkeypatch.setattr(kube_schemas.SchemaSet, "validator", counting)
    return asked


def chart_of(tmp_path: Path, *documents: str) -> Path:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    for index, text in enumerate(documents):
        (chart / "templates" / f"t{index}.yaml").write_text(text)
    return chart


def issues_of(chart: Path, kube_version: str | None = None) -> list[tuple[str, str, tuple, str]]:
    docs = read_manifests(render_chart(chart, trace=False))
    found = schema_issues(docs, kube_target(kube_version))
    return [(issue.kind, issue.doc.kind, issue.path, issue.message) for issue in found]


def test_a_second_lint_of_the_same_objects_comes_from_the_cache(cache, judged, tmp_path):
    chart = chart_of(tmp_path, GOOD, BAD, UNKNOWN)
    first = issues_of(chart)
    asked_first = len(judged)
    second = issues_of(chart)
    assert second == first and any(kind == "unknown-field" for kind, *_ in first)
    assert asked_first == 3 and len(judged) == 3


def test_an_object_without_a_schema_stays_without_one_from_the_cache(cache, judged, tmp_path):
    chart = chart_of(tmp_path, UNKNOWN)
    assert issues_of(chart) == issues_of(chart) == [("no-schema", "Widget", ("kind",), "")]


def test_a_changed_object_is_judged_again(cache, judged, tmp_path):
    chart = chart_of(tmp_path, BAD)
    issues_of(chart)
    (chart / "templates" / "t0.yaml").write_text(BAD.replace("type: 3", "type: 4"))
    issues_of(chart)
    assert len(judged) == 2


def test_another_schema_version_is_judged_again(cache, judged, tmp_path):
    chart = chart_of(tmp_path, BAD)
    versions = kube_schemas.bundled_versions()
    issues_of(chart, f"{versions[0][0]}.{versions[0][1]}")
    issues_of(chart, f"{versions[-1][0]}.{versions[-1][1]}")
    assert len(judged) == 2


@pytest.mark.parametrize(
    "planted",
    [b"not json", b"[]", b'{"schema": true, "issues": [["schema", "not a path", "m"]]}', b'{"schema": 1}'],
    ids=["garbage", "list", "bad-path", "bad-flag"],
)
def test_a_damaged_verdict_is_judged_again(cache, judged, tmp_path, planted):
    chart = chart_of(tmp_path, BAD)
    expected = issues_of(chart)
    (entry,) = [p for p in (cache / VERDICT_KIND).rglob("*") if p.is_file()]
    entry.write_bytes(planted)
    assert issues_of(chart) == expected
    assert len(judged) == 2


def test_no_cache_setting_judges_every_time(cache, judged, tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    chart = chart_of(tmp_path, BAD)
    issues_of(chart)
    issues_of(chart)
    assert len(judged) == 2 and not (cache / VERDICT_KIND).exists()


def test_a_damaged_kinds_entry_is_read_from_the_definitions_again(cache, monkeypatch):
    version = kube_schemas.bundled_versions()[-1]
    expected = kube_schemas.schema_kinds(version)
    for entry in (cache / "kube-kinds").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b'[["v1"]]')
    kube_schemas.schema_kinds.cache_clear()
    assert kube_schemas.schema_kinds(version) == expected


def test_a_lint_whose_verdicts_are_cached_never_loads_the_validator(cache, tmp_path):
    chart = chart_of(tmp_path, GOOD, BAD)
    probe = (
        "import sys\nfrom pathlib import Path\nfrom chartgen.lint.runner import LintOptions, run_lint\n"
        f"run_lint(LintOptions(chart=Path({str(chart)!r})))\n"
        "print(sorted(m for m in ('jsonschema', 'referencing', 'kubernetes_validate') if m in sys.modules))\n"
    )
    env = {"CHARTGEN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env) for _ in range(2)]
    assert [run.stdout for run in runs] == ["['jsonschema', 'referencing']\n", "[]\n"], [r.stderr for r in runs]


def test_the_verdict_key_ignores_objects_json_cannot_hold(cache):
    class Odd:
        pass

    doc = type("Doc", (), {"data": {"a": Odd()}, "api_version": "v1", "kind": "ConfigMap"})()
    assert manifests._verdict_key(doc, kube_schemas.bundled_versions()[-1]) == ""
