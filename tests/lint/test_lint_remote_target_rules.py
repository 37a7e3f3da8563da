"""The remote-target rule family: the kubeconfig wiring of a chart patched with the remote-target overlay.

Each seeded fault edits one line of a copy of the correctly patched base chart (or one value) and must be caught by
the intended rule at the template file and line that holds the fault.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.helm.chart_loader import load_chart
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.lint.model import Finding, LintContext, Severity, all_rules
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

FAMILY = "remote_target"
DEPLOYMENT = "templates/deployment.yaml"


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, False)
    return target


@pytest.fixture
def chart(patched_chart, tmp_path) -> Path:
    target = tmp_path / "chart"
    shutil.copytree(patched_chart, target)
    return target


def lint(chart_dir: Path, set_values: list[str] | None = None) -> list[Finding]:
    loaded = load_chart(chart_dir)
    options = RenderOptions(set_values=set_values or [], reuse_generated_keys=True)
    render = render_loaded(loaded, options)
    ctx = LintContext(chart_dir=chart_dir, chart=loaded, render=render, set_values=set_values or [])
    return [f for r in all_rules() if r.family == FAMILY for f in r.check(ctx, r)]


def edit(chart_dir: Path, rel: str, old: str, new: str) -> None:
    path = chart_dir / rel
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new))


def line_of(chart_dir: Path, rel: str, needle: str) -> int:
    lines = (chart_dir / rel).read_text().split("\n")
    matches = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(matches) == 1, f"{needle!r} must occur on one line of {rel}"
    return matches[0]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


def the(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, f"expected one {rule_id}, got {findings}"
    return matching[0]


def at(chart_dir: Path, needle: str, rel: str = DEPLOYMENT) -> tuple[str, int]:
    return f"{chart_dir}/{rel}", line_of(chart_dir, rel, needle)


def where(finding: Finding) -> tuple[str, int | None]:
    return finding.location.path, finding.location.line


# ---- when the family applies


def test_patched_chart_has_no_error_findings(patched_chart):
    assert errors(lint(patched_chart)) == []


def test_base_chart_is_not_checked():
    assert lint(base_chart_dir()) == []


def test_disabled_remote_target_is_not_checked(patched_chart):
    assert lint(patched_chart, ["remoteTarget.enabled=false"]) == []


def test_chart_without_overlay_annotation_is_not_checked(chart):
    edit(chart, "Chart.yaml", "  chartgen.io/overlays: remote-target\n", "")
    assert lint(chart) == []


def test_patched_chart_with_other_secret_values_is_clean(patched_chart):
    assert errors(lint(patched_chart, ["remoteTarget.secretName=other", "remoteTarget.mountPath=/kube/"])) == []


# ---- the Secret volume


def test_mismatched_secret_name_is_found_at_the_volume(chart):
    edit(chart, DEPLOYMENT, "secretName: {{ .Values.remoteTarget.secretName | quote }}", 'secretName: "old-kubeconfig"')
    finding = the(lint(chart), "CG-REMOTE-001")
    assert where(finding) == at(chart, 'secretName: "old-kubeconfig"')
    assert "'old-kubeconfig'" in finding.message and "'work-kubeconfig'" in finding.message


def test_mismatched_secret_key_is_found_at_the_item(chart):
    edit(chart, DEPLOYMENT, "- key: {{ .Values.remoteTarget.secretKey | quote }}", '- key: "kubeconfig"')
    assert where(the(lint(chart), "CG-REMOTE-001")) == at(chart, '- key: "kubeconfig"')


def test_missing_kubeconfig_volume_is_found_at_the_volumes(chart):
    edit(
        chart, DEPLOYMENT, "      - name: remote-kubeconfig\n        secret:", "      - name: renamed\n        secret:"
    )
    edit(chart, DEPLOYMENT, "secretName: {{ .Values.remoteTarget.secretName | quote }}", 'secretName: "other"')
    finding = the(lint(chart), "CG-REMOTE-001")
    assert where(finding) == at(chart, "      volumes:")


# ---- the --kubeconfig argument and KUBECONFIG


def test_second_kubeconfig_argument_is_found_at_the_second(chart):
    edit(chart, DEPLOYMENT, "        - run\n", "        - run\n        - --kubeconfig=/root/.kube/config\n")
    findings = lint(chart)
    finding = the(findings, "CG-REMOTE-002")
    assert where(finding) == at(chart, '- --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}')


def test_missing_kubeconfig_argument_is_found_at_the_args(chart):
    edit(chart, DEPLOYMENT, '        - --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}\n', "")
    assert where(the(lint(chart), "CG-REMOTE-002")) == at(chart, "        args:")


def test_kubeconfig_path_outside_the_mount_is_found_at_the_argument(chart):
    edit(
        chart,
        DEPLOYMENT,
        '- --kubeconfig={{ include "chartgen.remoteTarget.kubeconfigPath" . }}',
        "- --kubeconfig=/etc/kube/config",
    )
    finding = the(lint(chart), "CG-REMOTE-003")
    assert where(finding) == at(chart, "- --kubeconfig=/etc/kube/config")
    assert "not under the kubeconfig mount" in finding.message


def test_changed_mount_path_is_found_at_the_mount(chart):
    edit(chart, DEPLOYMENT, "mountPath: {{ .Values.remoteTarget.mountPath | quote }}", 'mountPath: "/root/.kube"')
    finding = the(lint(chart), "CG-REMOTE-003")
    assert where(finding) == at(chart, 'mountPath: "/root/.kube"')
    assert finding.location.column == 11


def test_unmounted_kubeconfig_volume_is_found_at_the_mounts(chart):
    edit(chart, DEPLOYMENT, "        - name: remote-kubeconfig\n", "        - name: other-volume\n")
    finding = the(lint(chart), "CG-REMOTE-003")
    assert where(finding) == at(chart, "        volumeMounts:")
    assert "does not mount the kubeconfig volume 'remote-kubeconfig'" in finding.message


def test_renamed_kubeconfig_volume_is_reported_as_not_mounted(chart):
    edit(
        chart, DEPLOYMENT, "      - name: remote-kubeconfig\n        secret:", "      - name: renamed\n        secret:"
    )
    findings = lint(chart)
    assert "does not mount the kubeconfig volume 'renamed'" in the(findings, "CG-REMOTE-003").message
    assert [f.rule_id for f in errors(findings)] == ["CG-REMOTE-003"]


def test_kubeconfig_env_differing_from_argument_is_found_at_its_value(chart):
    edit(
        chart,
        DEPLOYMENT,
        'value: {{ include "chartgen.remoteTarget.kubeconfigPath" . | quote }}',
        'value: "/airgap/.kube/other"',
    )
    finding = the(lint(chart), "CG-REMOTE-004")
    assert where(finding) == at(chart, 'value: "/airgap/.kube/other"')


def test_missing_kubeconfig_env_is_found_at_the_env(chart):
    edit(
        chart,
        DEPLOYMENT,
        '        - name: KUBECONFIG\n          value: {{ include "chartgen.remoteTarget.kubeconfigPath" . | quote }}\n',
        "",
    )
    assert where(the(lint(chart), "CG-REMOTE-004")) == at(chart, "        env:")


# ---- the mount


def test_dropped_read_only_is_found_at_the_mount(chart):
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "")
    assert where(the(lint(chart), "CG-REMOTE-005")) == at(chart, "        - name: remote-kubeconfig")


def test_read_only_false_is_found_at_the_flag(chart):
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "          readOnly: false\n")
    assert where(the(lint(chart), "CG-REMOTE-005")) == at(chart, "readOnly: false")


def test_sub_path_is_found_at_its_line(chart):
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "          readOnly: true\n          subPath: config\n")
    finding = the(lint(chart), "CG-REMOTE-006")
    assert where(finding) == at(chart, "subPath: config")
    assert finding.severity == Severity.ERROR


# ---- duplicates


def test_duplicate_env_name_is_found_at_the_second(chart):
    edit(chart, DEPLOYMENT, "        env:\n", "        env:\n        - name: ISC_NUM_THREADS\n          value: '4'\n")
    finding = the(lint(chart), "CG-REMOTE-007")
    assert where(finding) == (f"{chart}/{DEPLOYMENT}", _second_line(chart, "- name: ISC_NUM_THREADS"))
    assert "'ISC_NUM_THREADS'" in finding.message


def test_duplicate_argument_is_found_at_the_second(chart):
    edit(chart, DEPLOYMENT, "        - --secure-port=8443\n", "        - --secure-port=8443\n        - --v=5\n")
    finding = the(lint(chart), "CG-REMOTE-007")
    assert where(finding) == at(chart, "--v=5")


def _second_line(chart_dir: Path, needle: str) -> int:
    lines = (chart_dir / DEPLOYMENT).read_text().split("\n")
    return [i for i, line in enumerate(lines, 1) if needle in line][1]


# ---- webhooks


def test_webhook_re_enabled_by_values_is_found_at_its_argument(chart):
    # The overlay's schema already forbids this; a hand-edited chart without it must still be caught.
    (chart / "values.schema.json").unlink()
    findings = lint(chart, ["apiserver.enableMutatingWebhook=true"])
    finding = the(findings, "CG-REMOTE-008")
    assert where(finding) == at(chart, "--enable-mutating-webhook=")
    assert "apiserver.enableMutatingWebhook" in finding.message


def test_webhook_re_enabled_renders_objects_that_are_found_at_their_kind(chart):
    (chart / "values.schema.json").unlink()
    findings = lint(chart, ["apiserver.enableValidatingWebhook=true"])
    objects = [f for f in findings if f.rule_id == "CG-REMOTE-009"]
    paths = {f.location.path for f in objects}
    assert f"{chart}/templates/validating-webhook.yaml" in paths
    hook = next(f for f in objects if f.location.path.endswith("validating-webhook.yaml"))
    assert hook.location.line == line_of(
        chart, "templates/validating-webhook.yaml", "kind: ValidatingWebhookConfiguration"
    )


def test_hand_added_webhook_configuration_is_found(chart):
    (chart / "templates" / "hook.yaml").write_text(
        "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: extra\n"
        "webhooks:\n- name: extra.example.com\n"
    )
    finding = the(lint(chart), "CG-REMOTE-009")
    assert where(finding) == (f"{chart}/templates/hook.yaml", 2)


def test_a_webhook_configuration_without_webhooks_registers_nothing_and_is_not_found(chart):
    # The overlay's own retirement hooks are such configurations; the patched chart renders two.
    (chart / "templates" / "hook.yaml").write_text(
        "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: extra\n"
        "webhooks: []\n"
    )
    assert not [f for f in lint(chart) if f.rule_id == "CG-REMOTE-009"]


# ---- .Capabilities


def test_capabilities_note_points_at_each_rendered_template_using_it(patched_chart):
    # The webhook templates also read .Capabilities but render nothing once the overlay switches them off.
    notes = [f for f in lint(patched_chart) if f.rule_id == "CG-REMOTE-010"]
    assert {f.severity for f in notes} == {Severity.NOTE}
    assert [where(f) for f in notes] == [at(patched_chart, "$major :=", "templates/deployment.yaml")]


def test_no_capabilities_note_when_no_template_uses_them(chart):
    for template in (chart / "templates").iterdir():
        text = template.read_text()
        template.write_text(
            text.replace(".Capabilities.KubeVersion.Major", '"1"').replace(".Capabilities.KubeVersion.Minor", '"30"')
        )
    assert [f for f in lint(chart) if f.rule_id == "CG-REMOTE-010"] == []


def test_every_rule_of_the_family_explains_itself():
    rules = [r for r in all_rules() if r.family == FAMILY]
    assert [r.id for r in rules] == [f"CG-REMOTE-{i:03d}" for i in range(1, 11)]
    for r in rules:
        assert r.summary and r.why and r.fix and "\n" not in r.summary
