"""``.Capabilities.APIVersions`` under lint: what the target Kubernetes version serves, derived from the bundled
schemas and the release history, instead of Helm's offline default list (tests/e2e checks 1.20 against a real
API server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.lint.rules.manifests import bundled_versions, deprecated_apis
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.lint.served_apis import _from_schemas, introduced_in, served_api_versions

PICKS_NEWEST_APISERVICE = """\
{{- if .Capabilities.APIVersions.Has "apiregistration.k8s.io/v1" }}
apiVersion: apiregistration.k8s.io/v1
{{- else }}
apiVersion: apiregistration.k8s.io/v1beta1
{{- end }}
kind: APIService
metadata:
  name: v1alpha1.example.com
spec:
  group: example.com
  version: v1alpha1
  groupPriorityMinimum: 1000
  versionPriority: 15
  insecureSkipTLSVerify: true
  service: {name: example, namespace: default}
"""


def chart_picking_newest_apiservice(root: Path) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: picks\nversion: 0.1.0\n")
    (root / "templates" / "apiservice.yaml").write_text(PICKS_NEWEST_APISERVICE)
    return root


def test_every_version_the_derivation_can_name_has_a_first_release():
    oldest = bundled_versions()[0]
    named = _from_schemas(oldest) | {api_version for api_version, _ in deprecated_apis()}
    assert sorted(named - set(introduced_in())) == []


def test_a_bundled_version_serves_what_its_schemas_define_beyond_alpha():
    served = served_api_versions((1, 25))
    assert {"v1", "apps/v1", "apiregistration.k8s.io/v1", "policy/v1", "flowcontrol.apiserver.k8s.io/v1beta2"} <= set(
        served
    )
    assert not [v for v in served if "alpha" in v]


def test_versions_a_bundled_schema_only_registers_are_not_served():
    # The 1.25 schemas still carry DeleteOptions/WatchEvent for versions removed in 1.22.
    assert "admissionregistration.k8s.io/v1beta1" not in served_api_versions((1, 25))
    assert "extensions/v1beta1" not in served_api_versions((1, 25))


def test_an_older_target_gets_back_what_was_removed_since_and_loses_what_came_later():
    served = set(served_api_versions((1, 20)))
    assert {"apiregistration.k8s.io/v1beta1", "extensions/v1beta1", "policy/v1beta1", "batch/v1beta1"} <= served
    assert not {"policy/v1", "discovery.k8s.io/v1", "autoscaling/v2", "flowcontrol.apiserver.k8s.io/v1beta2"} & served


def test_a_target_newer_than_the_bundled_schemas_gets_the_newest_answer():
    newest = bundled_versions()[-1]
    assert served_api_versions((newest[0], newest[1] + 5)) == served_api_versions(newest)


@pytest.mark.parametrize("kube_version", ["1.20", "1.25", None])
def test_a_chart_picking_the_newest_api_offered_is_not_flagged_for_the_old_one(tmp_path, kube_version):
    report = run_lint(LintOptions(chart_picking_newest_apiservice(tmp_path / "picks"), kube_version=kube_version))
    assert [f for f in report.findings if f.rule_id == "CG-K8S-004"] == []
    assert report.exit_code == 0


def test_the_templates_see_the_served_list_under_lint(tmp_path):
    chart = chart_picking_newest_apiservice(tmp_path / "picks")
    (chart / "templates" / "apiservice.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: apis}\ndata:\n"
        '  apis: {{ .Capabilities.APIVersions | join "," | quote }}\n'
    )
    from chartgen.lint.runner import build_context

    ctx = build_context(LintOptions(chart, kube_version="1.20"))
    assert f'apis: "{",".join(served_api_versions((1, 20)))}"' in ctx.render.text
