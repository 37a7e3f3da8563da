"""``chartgen diff`` and ``chartgen snapshot init``: thin commands over the manifest diff and the test emitter."""

from __future__ import annotations

import json

import yaml
from conftest import run_cli

from chartgen.resources import base_chart_dir
from chartgen.snapshot.emit_tests import emitted_file_names

MODULE, PROFILES = emitted_file_names("iris-operator-amd")


def test_diff_prints_the_overlays_effect_by_object_and_field():
    done = run_cli("diff")
    assert done.exit_code == 0
    # The webhook configurations stay as empty retirement hooks (changed); only the APIServices go.
    assert done.stdout.startswith("Objects: 15 changed, 0 added, 2 removed.\n")
    assert "\n~ apps/Deployment default/release-name-iris-operator-amd  (" in done.stdout
    assert '      + "--kubeconfig=/airgap/.kube/config"\n' in done.stdout
    assert "    spec.template.spec.volumes[name=remote-kubeconfig]: added\n" in done.stdout


def test_diff_names_the_given_remote_secret():
    done = run_cli("diff", "--remote-secret", "my-kubeconfig")
    assert "secretName: my-kubeconfig\n" in done.stdout


def test_diff_renders_both_sides_with_the_given_values():
    done = run_cli("diff", "--set", "rbac.create=false")
    assert "ClusterRole " not in done.stdout


def test_diff_release_name_and_namespace_reach_the_objects():
    done = run_cli("diff", "--release-name", "iko", "-n", "iris")
    assert "~ apps/Deployment iris/iko-iris-operator-amd" in done.stdout


def test_diff_json_output_is_the_data_form():
    data = json.loads(run_cli("diff", "--format", "json").stdout)
    assert sorted(data) == ["added", "changed", "removed"]
    assert {r["kind"] for r in data["removed"]} == {"APIService"}


def test_diff_yaml_output_is_the_data_form():
    data = yaml.safe_load(run_cli("diff", "--format", "yaml").stdout)
    (deployment,) = [c for c in data["changed"] if c["kind"] == "Deployment"]
    assert {k: v for k, v in deployment["fields"][-1].items() if k != "new"} == {
        "path": "spec.template.spec.volumes[name=remote-kubeconfig]",
        "change": "added",
    }


def test_diff_reports_a_render_error_and_exits_nonzero():
    done = run_cli("diff", "--set", "remoteTarget.secretName=")
    assert done.exit_code != 0
    assert done.stderr.startswith("chartgen: error: ")


def test_snapshot_init_writes_the_test_files(tmp_path):
    done = run_cli("snapshot", "init", str(base_chart_dir()), str(tmp_path / "tests"))
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "tests").iterdir()) == sorted([MODULE, PROFILES])
    assert "--snapshot-update" in done.stdout


def test_snapshot_init_refuses_to_overwrite_without_force(tmp_path):
    run_cli("snapshot", "init", str(base_chart_dir()), str(tmp_path))
    done = run_cli("snapshot", "init", str(base_chart_dir()), str(tmp_path))
    assert done.exit_code != 0
    assert "already exists; use --force" in done.stderr
    assert run_cli("snapshot", "init", str(base_chart_dir()), str(tmp_path), "--force").exit_code == 0


def test_patch_emit_tests_writes_chart_and_tests(tmp_path):
    done = run_cli("patch", "--remote-secret", "x", "--emit-tests", "tests", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "out" / "iris-operator" / "Chart.yaml").is_file()
    assert 'CHART = HERE / "../out/iris-operator"' in (tmp_path / "tests" / MODULE).read_text()
    assert "remote-target-off:" in (tmp_path / "tests" / PROFILES).read_text()


def test_patch_emit_tests_refuses_before_writing_the_chart(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / PROFILES).write_text("profiles: {}\n")
    done = run_cli("patch", "--remote-secret", "x", "--emit-tests", "tests", cwd=tmp_path)
    assert done.exit_code != 0
    assert "already exists; use --force" in done.stderr
    assert not (tmp_path / "out").exists()


def test_patch_emit_tests_cannot_be_combined_with_diff(tmp_path):
    done = run_cli("patch", "--remote-secret", "x", "--emit-tests", "tests", "--diff", cwd=tmp_path)
    assert done.exit_code != 0
    assert "--emit-tests" in done.stderr
