"""The restricted-pod-security overlay: the operator Deployment and the cleaner Job meet the Kubernetes "restricted"
Pod Security Standard with a read-only root filesystem, alone and composed with remote-target; both real helms
lint and render the result, chartgen lint at restricted level finds nothing, and the overlay's invariants catch
what a later edit undoes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart

OVERLAY = "restricted-pod-security"
REMOTE = {"remote-target": {"secretName": "work-kubeconfig"}}
OFF = "restrictedPodSecurity.enabled=false"
CONTAINER_SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
}
POD_SECURITY = {"runAsNonRoot": True, "runAsUser": 65534, "seccompProfile": {"type": "RuntimeDefault"}}
# What `chartgen lint --pod-security restricted` finds on the unhardened pods: four controls on each of two pods.
STOCK_ERRORS = sorted(["CG-PSS-102", "CG-PSS-103", "CG-PSS-105", "CG-PSS-106"] * 2)


def _patch(target: Path, overlays: list[str], parameters: dict) -> Path:
    request = PatchRequest(overlays=overlays, parameters=parameters)
    write_directory(patch_chart(request).files, target, False)
    return target


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Path:
    return _patch(tmp_path_factory.mktemp("rps") / "chart", [OVERLAY], {})


@pytest.fixture(scope="module")
def composed(tmp_path_factory) -> Path:
    return _patch(tmp_path_factory.mktemp("rps-remote") / "chart", ["remote-target", OVERLAY], REMOTE)


@pytest.fixture(params=["alone", "composed"])
def chart(request) -> Path:
    return request.getfixturevalue(request.param)


def _lint(chart: Path, *set_values: str, level: str | None = "restricted"):
    return run_lint(LintOptions(chart=chart, set_values=list(set_values), pod_security=level))


def _errors(report) -> list[str]:
    return sorted(f.rule_id for f in report.findings if f.severity.label == "error")


def _pod(docs: list[dict], kind: str) -> dict:
    (doc,) = [d for d in docs if d["kind"] == kind]
    return doc["spec"]["template"]["spec"]


def _copy(chart: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(chart, tmp_path / "chart"))


def _edit(chart: Path, rel: str, old: str, new: str) -> None:
    path = chart / rel
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new))


# ---- the proof: chartgen lint at restricted level


def test_without_the_overlay_the_stock_pods_break_four_restricted_controls_each(base_chart):
    assert _errors(_lint(base_chart)) == STOCK_ERRORS


def test_without_the_overlay_the_remote_target_pods_break_them_too(tmp_path):
    assert _errors(_lint(_patch(tmp_path / "chart", ["remote-target"], REMOTE))) == STOCK_ERRORS


def test_the_patched_chart_is_clean_at_restricted_level(chart):
    assert _errors(_lint(chart)) == []


def test_composed_in_the_other_order_the_chart_is_clean_too(tmp_path):
    chart = _patch(tmp_path / "chart", [OVERLAY, "remote-target"], REMOTE)
    assert _errors(_lint(chart)) == []


@pytest.mark.parametrize(
    "setting", ["restrictedPodSecurity.runAsUser=1000680000", "restrictedPodSecurity.tmpSizeLimit=64Mi"]
)
def test_the_chart_stays_clean_with_its_settings_changed(composed, setting):
    assert _errors(_lint(composed, setting)) == []


def test_switched_off_the_pods_are_the_chart_s_again_and_lint_says_so(chart):
    assert _errors(_lint(chart, OFF)) == STOCK_ERRORS


# ---- both real helms


def test_both_helms_lint_the_patched_chart(helm, chart):
    helm.lint(chart)
    helm.lint(chart, "--set", OFF)
    helm.lint(chart, "--set", "restrictedPodSecurity.tmpSizeLimit=64Mi,restrictedPodSecurity.runAsUser=1000")


def test_both_pods_run_as_the_configured_non_root_user_with_runtime_default_seccomp(helm, chart):
    docs = helm.template(chart)
    for kind in ("Deployment", "Job"):
        security = _pod(docs, kind)["securityContext"]
        assert {k: security[k] for k in POD_SECURITY} == POD_SECURITY
    # The chart's own pod setting stays beside the overlay's: the operator's token stays readable.
    assert _pod(docs, "Deployment")["securityContext"]["fsGroup"] == 65535


def test_every_container_drops_all_capabilities_without_escalation_on_a_read_only_root(helm, chart):
    docs = helm.template(chart)
    for kind in ("Deployment", "Job"):
        (container,) = _pod(docs, kind)["containers"]
        assert container["securityContext"] == CONTAINER_SECURITY


def test_each_pod_writes_only_to_an_emptydir_at_tmp(helm, chart):
    docs = helm.template(chart)
    for kind in ("Deployment", "Job"):
        pod = _pod(docs, kind)
        assert {"name": "restricted-tmp", "mountPath": "/tmp"} in pod["containers"][0]["volumeMounts"]
        assert {"name": "restricted-tmp", "emptyDir": {}} in pod["volumes"]


def test_the_cleaner_s_kubectl_keeps_its_caches_under_tmp(helm, chart):
    (container,) = _pod(helm.template(chart), "Job")["containers"]
    assert container["env"] == [{"name": "HOME", "value": "/tmp"}]


def test_a_size_limit_and_another_user_reach_both_pods(helm, composed):
    docs = helm.template(
        composed, "--set", "restrictedPodSecurity.tmpSizeLimit=64Mi,restrictedPodSecurity.runAsUser=1000680000"
    )
    for kind in ("Deployment", "Job"):
        pod = _pod(docs, kind)
        assert {"name": "restricted-tmp", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"]
        assert pod["securityContext"]["runAsUser"] == 1000680000  # written whole, not as 1.00068e+09


def test_switched_off_both_pods_render_as_the_chart_writes_them(helm, chart, base_chart):
    off = helm.template(chart, "--set", OFF)
    stock = helm.template(base_chart)
    for kind in ("Deployment", "Job"):
        pod, was = _pod(off, kind), _pod(stock, kind)
        assert pod.get("securityContext") == was.get("securityContext")
        assert "securityContext" not in pod["containers"][0]
        assert [v for v in pod.get("volumes", []) if v["name"] == "restricted-tmp"] == []


def test_composed_the_kubeconfig_mount_sits_beside_the_tmp_mount(helm, composed):
    (container,) = _pod(helm.template(composed), "Deployment")["containers"]
    names = [m["name"] for m in container["volumeMounts"]]
    assert names == ["serving-cert", "remote-kubeconfig", "restricted-tmp"]


def test_helm_refuses_root_as_the_configured_user(helm, alone):
    refused = helm.run("template", "x", str(alone), "--set", "restrictedPodSecurity.runAsUser=0", check=False)
    assert refused.returncode != 0 and "runAsUser" in refused.stderr


# ---- the invariants catch what a later edit undoes

DEPLOYMENT = "templates/deployment.yaml"
CLEANER = "templates/cleaner.yaml"


def _invariant_errors(chart: Path, *set_values: str) -> list[str]:
    # Without --pod-security the Pod Security family only warns at baseline: what is an error is the invariants'.
    return [r for r in _errors(_lint(chart, *set_values, level=None)) if r.startswith("CG-RPS-")]


def test_the_invariants_hold_on_the_patched_chart(chart):
    assert _invariant_errors(chart) == []


def test_privilege_escalation_allowed_again_breaks_the_operator_s_pod_security(composed, tmp_path):
    chart = _copy(composed, tmp_path)
    _edit(chart, DEPLOYMENT, "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")
    report = _lint(chart, level=None)
    (finding,) = [f for f in report.findings if f.rule_id == "CG-RPS-001"]
    assert '"Privilege Escalation"' in finding.message and "(CG-PSS-102)" in finding.message
    assert finding.location.path.endswith(DEPLOYMENT)


# One edit that breaks an invariant of the overlay, and the rule IDs that find it.
BROKEN_INVARIANTS = {
    "a_root_filesystem_made_writable": (
        CLEANER,
        "readOnlyRootFilesystem: true",
        "readOnlyRootFilesystem: false",
        ["CG-RPS-004"],
    ),
    "a_tmp_mount_removed_from_the_operator": (
        DEPLOYMENT,
        "          mountPath: /tmp\n",
        "          mountPath: /scratch\n",
        ["CG-RPS-005"],
    ),
    "a_user_hard_coded_in_the_template_against_values": (
        CLEANER,
        "runAsUser: {{ .Values.restrictedPodSecurity.runAsUser | int64 }}",
        "runAsUser: 1000",
        ["CG-RPS-008"],
    ),
    # The control's two findings: the false it must not say, and the true nothing says any more.
    "a_cleaner_running_as_root": (
        CLEANER,
        "        runAsNonRoot: true\n",
        "        runAsNonRoot: false\n",
        ["CG-RPS-002", "CG-RPS-002"],
    ),
}


@pytest.mark.parametrize(("template", "old", "new", "found"), BROKEN_INVARIANTS.values(), ids=BROKEN_INVARIANTS)
def test_an_edit_that_breaks_an_invariant_is_found(composed, tmp_path, template, old, new, found):
    chart = _copy(composed, tmp_path)
    _edit(chart, template, old, new)
    assert _invariant_errors(chart) == found


def test_switched_off_the_invariants_do_not_apply(chart):
    assert _invariant_errors(chart, OFF) == []


# ---- emitted snapshot tests


def test_emitted_snapshot_profiles_switch_each_overlay_off(tmp_path):
    from conftest import run_cli

    from chartgen.snapshot.emit_tests import emitted_file_names
    from chartgen.snapshot.profiles import load_profiles

    done = run_cli(
        "patch", "--overlay", "remote-target", "--overlay", OVERLAY, "--remote-secret", "work-kubeconfig",
        "-o", str(tmp_path / "out"), "--emit-tests", str(tmp_path / "tests"),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    profiles = load_profiles(tmp_path / "tests" / emitted_file_names("iris-operator-amd")[1])
    assert list(profiles) == [
        "defaults", "remote-target-off", "rbac-off", "custom-release", "restricted-off", "tmp-size-limit"
    ]  # fmt: skip
    assert profiles["restricted-off"].values == {"restrictedPodSecurity": {"enabled": False}}
