"""``chartgen patch`` as a user meets it: outputs, refusals and messages."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from chart_variants import base_files, seed_hand_patched
from conftest import write_chart

from chartgen.resources import overlays_dir


def _one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("chartgen: error: ")
    return lines[0]


def test_default_run_writes_out_chart_and_prints_next_steps(chartgen, tmp_path):
    result = chartgen("patch", "--remote-secret", "work-kubeconfig", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "iris-operator" / "Chart.yaml").is_file()
    for step in (
        "chartgen target bundle --chart out/iris-operator --namespace default --release intersystems",
        "get -f out/work-cluster/50-serviceaccount-token.yaml -o yaml > work-token.yaml",
        "chartgen kubeconfig build --from-kubeconfig work-admin.kubeconfig --token-secret work-token.yaml",
        "chartgen kubeconfig secret work.kubeconfig --name work-kubeconfig --namespace default",
        "helm install intersystems out/iris-operator --namespace default --create-namespace",
        "get crd irisclusters.intersystems.com -o yaml",
        "--crd-file iriscluster-crd.yaml",
        "helm upgrade intersystems out/iris-operator --namespace default",
    ):
        assert step in result.stdout


def test_printed_next_steps_create_the_home_namespace_before_the_secret_goes_into_it(chartgen, tmp_path):
    out = chartgen("patch", "--remote-secret", "wk", "-n", "iko", cwd=tmp_path).stdout
    create = out.index("kubectl --kubeconfig home.kubeconfig create namespace iko --dry-run=client -o yaml |")
    assert create < out.index("kubectl --kubeconfig home.kubeconfig apply -f work-kubeconfig-secret.yaml")


def test_printed_next_steps_name_the_patched_chart_for_the_work_bundle(chartgen, tmp_path):
    out = chartgen("patch", "--remote-secret", "wk", "-o", "charts/iko", cwd=tmp_path).stdout
    assert out.count("chartgen target bundle --chart charts/iko ") == 2
    assert "helm install intersystems charts/iko " in out


def test_existing_output_is_not_overwritten_without_force(chartgen, tmp_path):
    out = tmp_path / "chart"
    out.mkdir()
    (out / "Chart.yaml").write_text("mine\n")
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-o", str(out)))
    assert "already exists" in message and "--force" in message
    assert (out / "Chart.yaml").read_text() == "mine\n"


def test_force_replaces_an_existing_chart_output(chartgen, tmp_path):
    out = tmp_path / "chart"
    assert chartgen("patch", "--remote-secret", "first", "-o", str(out)).exit_code == 0
    (out / "stale.txt").write_text("x")
    assert chartgen("patch", "--remote-secret", "wk", "-o", str(out), "--force").exit_code == 0
    assert 'secretName: "wk"' in (out / "values.yaml").read_text()
    assert not (out / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["chart"], "no staging folders left behind"


def test_force_never_replaces_a_folder_that_is_not_a_chart(chartgen, tmp_path):
    (tmp_path / "notes.txt").write_text("precious")
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-o", str(tmp_path), "--force"))
    assert "not a chart chartgen wrote" in message
    assert (tmp_path / "notes.txt").read_text() == "precious"


def test_diff_prints_the_change_and_writes_nothing(chartgen, tmp_path):
    result = chartgen("patch", "--remote-secret", "wk", "--diff", cwd=tmp_path)
    assert result.exit_code == 0
    assert "+++ b/templates/deployment.yaml" in result.stdout
    assert '+        - --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}' in result.stdout
    assert "+++ b/templates/_chartgen-remote-target.tpl" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_output_is_byte_identical_on_every_run(chartgen, tmp_path):
    for name in ("a", "b"):
        assert chartgen("patch", "--remote-secret", "wk", "-o", str(tmp_path / name)).exit_code == 0
    files_a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    files_b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert files_a == files_b


def test_package_is_byte_identical_on_every_run(chartgen, tmp_path):
    for name in ("a.tgz", "b.tgz"):
        assert chartgen("patch", "--remote-secret", "wk", "--package", "-o", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.tgz").read_bytes() == (tmp_path / "b.tgz").read_bytes()


def test_package_is_laid_out_as_helm_package_lays_it_out(chartgen, tmp_path):
    result = chartgen("patch", "--remote-secret", "wk", "--package", cwd=tmp_path)
    assert result.exit_code == 0
    archive = tmp_path / "out" / "iris-operator-amd-3.8.42+chartgen.remote-target.tgz"
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[:3] == [
        "iris-operator-amd/Chart.yaml",
        "iris-operator-amd/values.yaml",
        "iris-operator-amd/values.schema.json",
    ]
    assert all(n.startswith("iris-operator-amd/") for n in names)
    assert all(m.isfile() for m in members)
    assert "iris-operator-amd/templates/deployment.yaml" in names


def test_patching_a_patched_chart_is_refused(chartgen, tmp_path):
    assert chartgen("patch", "--remote-secret", "wk", "-o", str(tmp_path / "once")).exit_code == 0
    message = _one_line_error(
        chartgen("patch", "--chart", str(tmp_path / "once"), "--remote-secret", "wk", "-o", str(tmp_path / "twice"))
    )
    assert "already patched with overlay 'remote-target'" in message
    assert "Chart.yaml" in message
    assert not (tmp_path / "twice").exists()


def test_patching_a_patched_chart_without_its_annotation_is_still_refused(chartgen, tmp_path):
    once = tmp_path / "once"
    assert chartgen("patch", "--remote-secret", "wk", "-o", str(once)).exit_code == 0
    chart_yaml = once / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().split("annotations:")[0])
    message = _one_line_error(
        chartgen("patch", "--chart", str(once), "--remote-secret", "wk", "-o", str(tmp_path / "2"))
    )
    assert "looks patched already" in message


def test_seed_style_hand_patched_chart_is_detected(chartgen, tmp_path):
    source = write_chart(seed_hand_patched(base_files()), tmp_path / "iris-operator")
    message = _one_line_error(
        chartgen("patch", "--chart", str(source), "--remote-secret", "wk", "-o", str(tmp_path / "o"))
    )
    assert "templates/deployment.yaml:" in message
    assert "--kubeconfig=/airgap/.kube/config" in message
    assert "patched already" in message


@pytest.mark.parametrize("name", ["Work_Kubeconfig", "-work", "work.", "a" * 254, "work kubeconfig"])
def test_invalid_secret_name_is_refused(chartgen, tmp_path, name):
    message = _one_line_error(chartgen("patch", "--remote-secret", name, cwd=tmp_path))
    assert "DNS-1123 subdomain" in message
    assert list(tmp_path.iterdir()) == []


def test_remote_secret_is_required(chartgen, tmp_path):
    assert "--remote-secret" in _one_line_error(chartgen("patch", cwd=tmp_path))


def test_relative_mount_path_is_refused(chartgen, tmp_path):
    assert "absolute directory path" in _one_line_error(
        chartgen("patch", "--remote-secret", "wk", "--mount-path", "airgap/.kube", cwd=tmp_path)
    )


def test_path_that_is_not_a_chart_is_refused(chartgen, tmp_path):
    (tmp_path / "empty").mkdir()
    assert "not a Helm chart (no Chart.yaml" in _one_line_error(
        chartgen("patch", "--chart", str(tmp_path / "empty"), "--remote-secret", "wk")
    )
    assert "no such file or directory" in _one_line_error(
        chartgen("patch", "--chart", str(tmp_path / "missing"), "--remote-secret", "wk")
    )


def test_broken_chart_yaml_is_reported_with_its_line(chartgen, tmp_path):
    files = base_files()
    files["Chart.yaml"] = b"apiVersion: v1\nname: iris-operator-amd\nversion: [3.8.42\n"
    source = write_chart(files, tmp_path / "c")
    message = _one_line_error(chartgen("patch", "--chart", str(source), "--remote-secret", "wk"))
    assert "Chart.yaml:" in message and "invalid YAML" in message


def test_broken_values_yaml_is_reported_with_line_and_column(chartgen, tmp_path):
    files = base_files()
    files["values.yaml"] = b"replicaCount: 1\noperator:\n  tag: [unclosed\n  useFQDN: true\n"
    source = write_chart(files, tmp_path / "c")
    message = _one_line_error(chartgen("patch", "--chart", str(source), "--remote-secret", "wk"))
    assert "values.yaml:" in message and "invalid YAML" in message


def test_chart_without_the_operator_container_names_file_and_containers(chartgen, tmp_path):
    files = base_files()
    files["templates/deployment.yaml"] = files["templates/deployment.yaml"].replace(b"- name: operator", b"- name: iko")
    source = write_chart(files, tmp_path / "c")
    message = _one_line_error(chartgen("patch", "--chart", str(source), "--remote-secret", "wk"))
    assert "must match 1 place(s)" in message and "matched 0" in message
    assert "templates/deployment.yaml:" in message and "no container 'operator' (found: iko)" in message


def test_chart_with_two_operator_deployments_is_refused_naming_both(chartgen, tmp_path):
    files = base_files()
    files["templates/deployment-copy.yaml"] = files["templates/deployment.yaml"]
    source = write_chart(files, tmp_path / "c")
    message = _one_line_error(chartgen("patch", "--chart", str(source), "--remote-secret", "wk"))
    assert "matched 2" in message
    assert "templates/deployment-copy.yaml" in message and "templates/deployment.yaml" in message


def test_chart_without_a_deployment_says_what_was_searched(chartgen, tmp_path):
    files = {p: d for p, d in base_files().items() if p != "templates/deployment.yaml"}
    source = write_chart(files, tmp_path / "c")
    message = _one_line_error(chartgen("patch", "--chart", str(source), "--remote-secret", "wk"))
    assert "no template has a top-level 'kind: Deployment'" in message


def _archive(tmp_path: Path, entries: list[tarfile.TarInfo], data: dict[str, bytes]) -> Path:
    path = tmp_path / "chart.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for info in entries:
            tar.addfile(info, io.BytesIO(data.get(info.name, b"")) if info.isfile() else None)
    return path


def _file(name: str, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    return info


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("/etc/iris/Chart.yaml", "is an absolute path"),
        ("iris/../../escape.yaml", "refers to a parent directory"),
    ],
)
def test_archive_with_unsafe_path_is_refused(chartgen, tmp_path, entry, expected):
    chart = b"apiVersion: v1\nname: x\nversion: 1.0.0\n"
    archive = _archive(
        tmp_path, [_file("iris/Chart.yaml", len(chart)), _file(entry, 1)], {"iris/Chart.yaml": chart, entry: b"x"}
    )
    assert expected in _one_line_error(chartgen("patch", "--chart", str(archive), "--remote-secret", "wk"))


def test_archive_with_a_link_is_refused(chartgen, tmp_path):
    link = tarfile.TarInfo("iris/templates/evil.yaml")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    archive = _archive(tmp_path, [link], {})
    assert "is a link" in _one_line_error(chartgen("patch", "--chart", str(archive), "--remote-secret", "wk"))


def test_archive_entry_over_helms_file_limit_is_refused(chartgen, tmp_path):
    big = b"#" * (5 * 1024 * 1024 + 1)
    archive = _archive(tmp_path, [_file("iris/templates/big.yaml", len(big))], {"iris/templates/big.yaml": big})
    assert "larger than Helm's limit" in _one_line_error(
        chartgen("patch", "--chart", str(archive), "--remote-secret", "wk")
    )


def test_packaged_output_can_be_patched_from_its_archive_form(chartgen, tmp_path):
    files = base_files()
    archive = tmp_path / "stock.tgz"
    from chartgen.chartio.output import package_bytes

    archive.write_bytes(package_bytes(files, "iris-operator-amd"))
    result = chartgen("patch", "--chart", str(archive), "--remote-secret", "wk", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    assert "--kubeconfig=" in (tmp_path / "o" / "templates" / "deployment.yaml").read_text()


def test_misspelt_key_in_user_values_is_located_with_a_suggestion(chartgen, tmp_path):
    values = tmp_path / "my-values.yaml"
    values.write_text("replicaCount: 1\napiserver:\n  enableValidatingWebhok: false\n")
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-f", str(values), cwd=tmp_path))
    assert f"{values}:3:3: unknown key 'apiserver.enableValidatingWebhok'" in message
    assert "did you mean 'apiserver.enableValidatingWebhook'?" in message
    assert not (tmp_path / "out").exists()


def test_user_values_turning_a_webhook_on_are_located(chartgen, tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text("apiserver:\n  enableMutatingWebhook: true\n")
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-f", str(values), cwd=tmp_path))
    assert message.startswith(f"chartgen: error: {values}:2:26: apiserver.enableMutatingWebhook")
    assert "must be false while remoteTarget.enabled is true" in message


def test_user_values_with_wrong_type_are_located(chartgen, tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text("logLevel: loud\n")
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-f", str(values), cwd=tmp_path))
    assert f"{values}:1:11: logLevel:" in message


def test_later_values_files_override_earlier_ones(chartgen, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiserver:\n  enableMutatingWebhook: true\n")
    fix = tmp_path / "fix.yaml"
    fix.write_text("apiserver:\n  enableMutatingWebhook: false\n")
    result = chartgen("patch", "--remote-secret", "wk", "-f", str(bad), "-f", str(fix), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"{fix}: valid for the patched chart." in result.stdout


def test_unknown_overlay_lists_the_available_ones(chartgen, tmp_path):
    message = _one_line_error(chartgen("patch", "--overlay", "nope", cwd=tmp_path))
    # Every bundled overlay, by name, sorted: the list grows with each overlay shipped.
    available = ", ".join(sorted(path.name for path in overlays_dir().iterdir() if (path / "overlay.yaml").is_file()))
    assert f"no overlay named 'nope' (available: {available})" in message


def test_errors_reach_a_real_process_as_one_line_without_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "chartgen", "patch", "--chart", str(tmp_path / "nope"), "--remote-secret", "wk"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "Traceback" not in done.stderr


def test_overlays_command_lists_remote_target_and_its_parameters(chartgen):
    result = chartgen("overlays")
    assert result.exit_code == 0
    assert result.stdout.startswith("remote-target: ") or "\nremote-target: " in result.stdout
    assert "secretName:" in result.stdout and "[required]" in result.stdout
    assert "mountPath:" in result.stdout and "[default: /airgap/.kube]" in result.stdout


def test_interrupted_write_leaves_no_half_chart(chartgen, tmp_path, monkeypatch):
    written = []
    real_write = Path.write_bytes

    def failing_write(self, data):
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    message = _one_line_error(chartgen("patch", "--remote-secret", "wk", "-o", str(tmp_path / "chart")))
    assert "No space left on device" in message
    assert list(tmp_path.iterdir()) == []


def test_interrupted_forced_write_keeps_the_previous_chart(chartgen, tmp_path, monkeypatch):
    out = tmp_path / "chart"
    assert chartgen("patch", "--remote-secret", "first", "-o", str(out)).exit_code == 0
    before = (out / "values.yaml").read_text()

    def failing_write(self, data):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    _one_line_error(chartgen("patch", "--remote-secret", "second", "-o", str(out), "--force"))
    assert (out / "values.yaml").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["chart"]


def test_source_archive_digest_is_recorded_in_chart_yaml(chartgen, tmp_path):
    import hashlib

    from chartgen.chartio.output import package_bytes

    archive = tmp_path / "stock.tgz"
    archive.write_bytes(package_bytes(base_files(), "iris-operator-amd"))
    out = tmp_path / "o"
    assert chartgen("patch", "--chart", str(archive), "--remote-secret", "wk", "-o", str(out)).exit_code == 0
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert f"chartgen.io/source-sha256: {digest}" in (out / "Chart.yaml").read_text()


def test_force_never_replaces_a_regular_file_with_a_chart(chartgen, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    result = chartgen("patch", "--remote-secret", "work-kubeconfig", "-o", str(target), "--force")
    assert result.exit_code == 2
    assert "refusing to replace it even with --force" in result.stderr
    assert target.read_text() == "mine"
