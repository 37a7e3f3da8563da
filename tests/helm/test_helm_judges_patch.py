"""Real Helm 3.17 and Helm 4 judge chartgen's output: lint, render, and read the manifests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chart_variants import PATCHABLE, base_files
from conftest import write_chart
from manifests import operator_container
from remote_wiring import WEBHOOK_KINDS, assert_no_remote_wiring, assert_remote_wiring, strip_remote_wiring

LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
GENERATED = ("tls.crt", "tls.key", "caBundle")


def _patch(chartgen, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out" / "iris-operator"
    result = chartgen("patch", "--remote-secret", "work-kubeconfig", "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out


def _mask_generated(node):
    """Certificates are generated on every render; their presence is compared, not their bytes."""
    if isinstance(node, dict):
        return {k: ("<generated>" if k in GENERATED else _mask_generated(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_mask_generated(v) for v in node]
    return node


def _mask_chart_label(node, version_label: str):
    if isinstance(node, dict):
        return {
            k: ("<chart>" if k == "chart" and v == version_label else _mask_chart_label(v, version_label))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_mask_chart_label(v, version_label) for v in node]
    return node


def test_base_chart_lints_and_renders_with_webhooks_on(helm, base_chart):
    helm.lint(base_chart)
    manifests = helm.template(base_chart)
    kinds = {m["kind"] for m in manifests}
    assert kinds >= WEBHOOK_KINDS
    assert_no_remote_wiring(manifests)


def test_patched_chart_lints_on_both_helms(helm, chartgen, tmp_path):
    out = _patch(chartgen, tmp_path)
    report = helm.lint(out)
    assert "0 chart(s) failed" in report


def test_patched_chart_renders_consistent_remote_wiring(helm, chartgen, tmp_path):
    manifests = helm.template(_patch(chartgen, tmp_path))
    assert_remote_wiring(manifests, secret="work-kubeconfig")


def test_patched_chart_honours_custom_key_and_mount(helm, chartgen, tmp_path):
    out = _patch(chartgen, tmp_path, "--secret-key", "work.yaml", "--mount-path", "/etc/work-cluster/")
    manifests = helm.template(out)
    assert_remote_wiring(manifests, secret="work-kubeconfig", key="work.yaml", mount="/etc/work-cluster/")


def test_patched_chart_renders_everything_else_as_the_stock_chart(helm, chartgen, tmp_path, base_chart):
    out = _patch(chartgen, tmp_path)
    webhooks_off = [
        "--set",
        "apiserver.enableMutatingWebhook=false,apiserver.enableValidatingWebhook=false",
        "--set",
        "apiserver.bypassValidatingWebhookXray=true",
    ]
    stock = helm.template(base_chart, *webhooks_off)
    patched = strip_remote_wiring(helm.template(out))
    stock = _mask_chart_label(_mask_generated(stock), "iris-operator-amd-3.8.42")
    patched = _mask_chart_label(_mask_generated(patched), "iris-operator-amd-3.8.42_chartgen.remote-target")
    assert patched == stock


def test_every_rendered_label_value_is_valid_kubernetes(helm, chartgen, tmp_path):
    for manifest in helm.template(_patch(chartgen, tmp_path)):
        for value in (manifest["metadata"].get("labels") or {}).values():
            assert LABEL_VALUE.match(value) and len(value) <= 63, value


def test_remote_target_can_be_switched_off_at_install(helm, chartgen, tmp_path):
    manifests = helm.template(_patch(chartgen, tmp_path), "--set", "remoteTarget.enabled=false")
    assert_no_remote_wiring(manifests)


def test_helm_refuses_webhooks_switched_back_on(helm, chartgen, tmp_path):
    out = _patch(chartgen, tmp_path)
    for key in ("apiserver.enableValidatingWebhook", "apiserver.enableMutatingWebhook"):
        done = helm.run("template", "x", str(out), "--set", f"{key}=true", check=False)
        assert done.returncode != 0
        assert key.split(".")[1] in done.stderr


def test_helm_refuses_an_invalid_secret_name(helm, chartgen, tmp_path):
    done = helm.run(
        "template", "x", str(_patch(chartgen, tmp_path)), "--set", "remoteTarget.secretName=Work_Kube", check=False
    )
    assert done.returncode != 0
    assert "secretName" in done.stderr


def test_helm_refuses_a_misspelt_values_key(helm, chartgen, tmp_path):
    done = helm.run(
        "template", "x", str(_patch(chartgen, tmp_path)), "--set", "apiserver.enableValidatingWebhok=false", check=False
    )
    assert done.returncode != 0
    assert "enableValidatingWebhok" in done.stderr


def test_webhooks_may_come_back_when_remote_target_is_off(helm, chartgen, tmp_path):
    manifests = helm.template(
        _patch(chartgen, tmp_path),
        "--set",
        "remoteTarget.enabled=false",
        "--set",
        "apiserver.enableValidatingWebhook=true",
    )
    assert "ValidatingWebhookConfiguration" in {m["kind"] for m in manifests}


def test_packaged_chart_installs_as_is(helm, chartgen, tmp_path):
    archive = tmp_path / "iris.tgz"
    result = chartgen("patch", "--remote-secret", "work-kubeconfig", "--package", "-o", str(archive))
    assert result.exit_code == 0, result.stderr
    helm.lint(archive)
    assert_remote_wiring(helm.template(archive), secret="work-kubeconfig")


def test_helm_show_chart_reads_the_recorded_provenance(helm, chartgen, tmp_path):
    shown = helm.run("show", "chart", str(_patch(chartgen, tmp_path))).stdout
    assert "version: 3.8.42+chartgen.remote-target" in shown
    assert "chartgen.io/overlays: remote-target" in shown
    assert re.search(r"chartgen.io/source-sha256: [0-9a-f]{64}", shown)


def test_notes_name_the_secret_and_the_work_cluster_steps(helm, chartgen, tmp_path):
    out = _patch(chartgen, tmp_path)
    # helm template never prints NOTES.txt: render it inside a ConfigMap of a copy of the chart instead.
    notes_text = (out / "templates" / "NOTES.txt").read_text()
    (out / "templates" / "NOTES.txt").unlink()
    (out / "templates" / "_notes_probe.tpl").write_text('{{- define "probe.notes" -}}' + notes_text + "{{- end -}}")
    (out / "templates" / "notes-probe.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n"
        '  notes: {{ include "probe.notes" . | quote }}\n'
    )
    (probe,) = helm.template(out, "-n", "iris-home", "--show-only", "templates/notes-probe.yaml", release="x")
    notes = probe["data"]["notes"]
    assert "chartgen target bundle --namespace iris-home --release x" in notes
    assert "get secret \\\n       x-iris-operator-amd-token -o yaml" in notes
    assert (
        "chartgen kubeconfig secret work.kubeconfig --name work-kubeconfig --key config --namespace iris-home" in notes
    )
    assert "irisclusters.intersystems.com" in notes
    assert "Apply IrisClusters to the work cluster" in notes


@pytest.mark.parametrize("variant", sorted(PATCHABLE))
def test_formatting_variants_and_older_layouts_patch_cleanly(helm, chartgen, tmp_path, variant):
    source = write_chart(PATCHABLE[variant](base_files()), tmp_path / "src" / "iris-operator")
    out = tmp_path / "patched"
    result = chartgen("patch", "--chart", str(source), "--remote-secret", "work-kubeconfig", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    helm.lint(out)
    manifests = helm.template(out)
    assert_remote_wiring(manifests, secret="work-kubeconfig")
    stock_args = operator_container(helm.template(source, "--set", "apiserver.enableMutatingWebhook=false"))["args"]
    assert len(operator_container(manifests)["args"]) == len(stock_args) + 1
