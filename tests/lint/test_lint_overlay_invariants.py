"""Overlay invariants: lint checks what the overlays a chart carries declare, not names written in Python.

The remote-target rules themselves are specified in ``test_lint_remote_target_rules.py``; this file specifies how
lint finds the declarations (the chart's ``chartgen-invariants.yaml``, else the bundled overlay), that a user's
overlay from ``--overlay-dir`` is checked by its own declaration, and the vocabulary beyond remote-target's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from http_proxy_kit import WORK_KUBECONFIG

from chartgen.chartio.output import write_directory
from chartgen.errors import OverlayError
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.invariants import INVARIANTS_FILE
from chartgen.resources import overlays_dir

DEPLOYMENT = "templates/deployment.yaml"
RENAMED = "work-credentials"
ON = "criticalAddon=true"  # switches the user overlay's invariants on
ADDED = "ACME-PROXY-002"  # the rule a test adds to a patched chart's declaration


def lint(chart: Path, *set_values: str, disable: tuple[str, ...] = ()):
    return run_lint(LintOptions(chart=chart, set_values=list(set_values), disable=list(disable)))


def errors(report) -> list:
    return [f for f in report.findings if f.severity.label == "error"]


def edit(chart: Path, rel: str, old: str, new: str) -> None:
    path = chart / rel
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new))


def line_of(chart: Path, rel: str, needle: str) -> int:
    lines = (chart / rel).read_text().split("\n")
    matches = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(matches) == 1, f"{needle!r} must occur on one line of {rel}"
    return matches[0]


def patched(target: Path, overlays: list[str], overlay_dirs: list[str] = (), **parameters) -> Path:
    request = PatchRequest(overlays=overlays, overlay_dirs=list(overlay_dirs), parameters=parameters)
    write_directory(patch_chart(request).files, target, False)
    return target


def user_overlay(root: Path, name: str, invariants: str, *, workload: str = "operator") -> Path:
    """A minimal overlay of the user's that adds one env variable to the operator and declares ``invariants``."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "overlay.yaml").write_text(
        f"name: {name}\nsummary: An overlay of the user's.\n"
        "insertions:\n"
        f"  - id: proxy-env\n    target: {{kind: Deployment, container: {workload}, field: env}}\n"
        "    when: 'true'\n    expect: 1\n    snippet: |\n      - name: HTTPS_PROXY\n        value: http://proxy:3128\n"
        f"{invariants}"
    )
    return root


PROXY_INVARIANTS = """\
invariants:
  when: .Values.criticalAddon  # any value false by default
  workload: {kind: Deployment, container: operator}
  rules:
    - id: ACME-PROXY-001
      severity: warning
      summary: The operator reaches the work cluster through the proxy.
      why: Without HTTPS_PROXY the operator tries to reach the work cluster directly.
      fix: Set HTTPS_PROXY on the operator container.
      check: {envSet: [HTTPS_PROXY]}
"""


# ---- the proof of the issue: a renamed volume in a user's copy of remote-target


@pytest.fixture(scope="module")
def renamed_overlay_chart(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("renamed")
    copy = root / "overlays" / "remote-target"
    shutil.copytree(overlays_dir() / "remote-target", copy)
    definition = copy / "overlay.yaml"
    text = definition.read_text()
    assert text.count("remote-kubeconfig") >= 3  # the two snippets and the invariants' mount
    definition.write_text(text.replace("remote-kubeconfig", RENAMED))
    return patched(
        root / "chart", ["remote-target"], [str(root / "overlays")], **{"remote-target": {"secretName": "work"}}
    )


@pytest.fixture
def renamed(renamed_overlay_chart, tmp_path) -> Path:
    return _copy(renamed_overlay_chart, tmp_path)


def test_the_patched_chart_carries_the_overlay_s_declaration(renamed_overlay_chart):
    text = (renamed_overlay_chart / INVARIANTS_FILE).read_text()
    assert f"volume: {RENAMED}" in text and "remote-kubeconfig" not in text


def test_a_chart_patched_with_a_renamed_volume_is_clean(renamed_overlay_chart):
    assert errors(lint(renamed_overlay_chart)) == []


def test_a_broken_mount_of_the_renamed_volume_is_found_by_the_same_rule(renamed):
    edit(renamed, DEPLOYMENT, "          readOnly: true\n", "")
    (finding,) = errors(lint(renamed))
    assert finding.rule_id == "CG-REMOTE-005"
    assert (finding.location.path, finding.location.line) == (
        f"{renamed}/{DEPLOYMENT}",
        line_of(renamed, DEPLOYMENT, f"        - name: {RENAMED}"),
    )
    assert repr(RENAMED) in finding.message


def test_a_wrong_secret_on_the_renamed_volume_is_found_at_its_name(renamed):
    # Found by the declared volume name, not by the Secret it should project: the finding is at the wrong name.
    edit(renamed, DEPLOYMENT, "secretName: {{ .Values.remoteTarget.secretName | quote }}", 'secretName: "old"')
    (finding,) = errors(lint(renamed))
    assert finding.rule_id == "CG-REMOTE-001"
    assert finding.location.line == line_of(renamed, DEPLOYMENT, 'secretName: "old"')
    assert f"volume {RENAMED!r} mounts Secret 'old'" in finding.message


# ---- where the declarations come from


@pytest.fixture(scope="module")
def remote_chart(tmp_path_factory) -> Path:
    return patched(tmp_path_factory.mktemp("rt") / "chart", ["remote-target"], **{"remote-target": {"secretName": "w"}})


@pytest.fixture
def chart(remote_chart, tmp_path) -> Path:
    return _copy(remote_chart, tmp_path)


def test_a_chart_without_its_invariants_file_is_checked_by_the_bundled_overlay(chart):
    (chart / INVARIANTS_FILE).unlink()
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "")
    assert [f.rule_id for f in errors(lint(chart))] == ["CG-REMOTE-005"]


def test_the_chart_s_declaration_wins_over_the_bundled_one(chart):
    # The chart declares no read-only check: what the patch applied is what lint holds the chart to.
    data = (chart / INVARIANTS_FILE).read_text()
    (chart / INVARIANTS_FILE).write_text(
        data.replace("        equal:\n          readOnly: true\n", "        unset: [x]\n")
    )
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "")
    assert errors(lint(chart)) == []


def test_invariants_of_an_overlay_the_annotation_does_not_name_are_not_checked(chart):
    edit(chart, "Chart.yaml", "  chartgen.io/overlays: remote-target\n", "  chartgen.io/overlays: other\n")
    edit(chart, DEPLOYMENT, "          readOnly: true\n", "")
    assert errors(lint(chart)) == []


def test_a_malformed_declaration_is_refused_with_its_line(chart):
    edit(chart, INVARIANTS_FILE, "      argumentOnce: --kubeconfig\n", "      argumentOnce: 7\n")
    with pytest.raises(OverlayError) as caught:
        lint(chart)
    assert caught.value.location.path == f"{chart}/{INVARIANTS_FILE}"
    assert caught.value.location.line == line_of(chart, INVARIANTS_FILE, "argumentOnce: 7")


def test_a_declaration_naming_an_undeclared_mount_is_refused_with_its_line(chart):
    edit(chart, INVARIANTS_FILE, "      secretVolume: kubeconfig\n", "      secretVolume: credentials\n")
    with pytest.raises(OverlayError, match="mount 'credentials', which `mounts` does not declare") as caught:
        lint(chart)
    assert caught.value.location.line == line_of(chart, INVARIANTS_FILE, "secretVolume: credentials")


def test_a_malformed_declaration_is_one_error_line_on_the_command_line(chart, chartgen):
    edit(chart, INVARIANTS_FILE, "    severity: note\n", "    severity: loud\n")
    result = chartgen("lint", str(chart))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"chartgen: error: {chart}/{INVARIANTS_FILE}:{line_of(chart, INVARIANTS_FILE, 'loud')}:")


# ---- a user's overlay with rules of its own


@pytest.fixture(scope="module")
def proxy_chart(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proxy")
    user_overlay(root / "overlays", "acme-proxy", PROXY_INVARIANTS)
    return patched(root / "chart", ["acme-proxy"], [str(root / "overlays")])


def test_a_user_overlay_s_rule_reports_under_its_own_id(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(chart, DEPLOYMENT, "        - name: HTTPS_PROXY\n          value: http://proxy:3128\n", "")
    report = lint(chart, ON)
    (finding,) = [f for f in report.findings if f.rule_id == "ACME-PROXY-001"]
    assert finding.severity.label == "warning"
    assert finding.message == "the operator container sets no HTTPS_PROXY variable"
    assert "ACME-PROXY-001" in {r.id for r in report.rules}


def test_a_user_overlay_s_rule_holds_only_while_its_when_value_is_true(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(chart, DEPLOYMENT, "        - name: HTTPS_PROXY\n          value: http://proxy:3128\n", "")
    assert not [f for f in lint(chart).findings if f.rule_id == "ACME-PROXY-001"]


def test_a_user_overlay_s_rule_can_be_disabled(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(chart, DEPLOYMENT, "        - name: HTTPS_PROXY\n          value: http://proxy:3128\n", "")
    report = lint(chart, ON, disable=("ACME-PROXY-001",))
    assert not [f for f in report.findings if f.rule_id == "ACME-PROXY-001"]


def test_a_user_overlay_s_rule_appears_in_the_sarif_rules(proxy_chart, chartgen):
    result = chartgen("lint", str(proxy_chart), "--format", "sarif")
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert "ACME-PROXY-001" in {r["id"] for r in rules}


def test_a_user_overlay_may_not_take_a_chartgen_rule_id(tmp_path):
    user_overlay(tmp_path / "overlays", "acme-proxy", PROXY_INVARIANTS.replace("ACME-PROXY-001", "CG-K8S-001"))
    chart = patched(tmp_path / "chart", ["acme-proxy"], [str(tmp_path / "overlays")])
    with pytest.raises(OverlayError, match="declares rule CG-K8S-001, which is chartgen's manifests rule"):
        lint(chart)


# ---- the vocabulary beyond remote-target's


def _copy(chart: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(chart, tmp_path / "chart"))


def _added_findings(chart: Path) -> list:
    """The findings of the rule ``_with_rule`` added, with the overlay switched on."""
    return [f for f in lint(chart, ON).findings if f.rule_id == ADDED]


def _with_rule(chart: Path, check: str) -> None:
    """Add one rule of the acme-proxy overlay's kind to a patched chart's declaration."""
    text = (chart / INVARIANTS_FILE).read_text()
    (chart / INVARIANTS_FILE).write_text(
        text + "  - id: ACME-PROXY-002\n    severity: error\n    summary: s\n    why: w\n    fix: f\n"
        f"    check: {check}\n"
    )


def test_fields_of_every_container_are_found_at_the_nearest_parent(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{fields: {of: containers, equal: {securityContext.runAsNonRoot: true}}}")
    (finding,) = _added_findings(chart)
    assert finding.message == "container 'operator' is not securityContext.runAsNonRoot: true"
    assert finding.location.line == line_of(chart, DEPLOYMENT, "      - name: operator")


def test_fields_set_to_the_declared_value_pass(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{fields: {of: container, equal: {name: operator}, unset: [stdin]}}")
    assert not _added_findings(chart)


def test_a_field_that_must_stay_unset_is_found_at_its_line(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{fields: {of: pod, unset: [serviceAccountName], because: the pod runs as default}}")
    (finding,) = _added_findings(chart)
    assert finding.message.endswith("uses serviceAccountName; the pod runs as default")
    assert finding.location.line == line_of(chart, DEPLOYMENT, "serviceAccountName:")


@pytest.mark.parametrize(("no_proxy", "found"), [("localhost,.example.com", True), ("localhost,.svc", False)])
def test_a_no_proxy_list_excluding_the_work_api_server_is_found_with_kubeconfig(proxy_chart, tmp_path, no_proxy, found):
    chart = _copy(proxy_chart, tmp_path)
    edit(
        chart,
        DEPLOYMENT,
        "          value: http://proxy:3128\n",
        f"          value: http://proxy:3128\n        - name: NO_PROXY\n          value: {no_proxy}\n",
    )
    _with_rule(chart, "{kubeconfigServerProxied: {env: NO_PROXY}}")
    (tmp_path / "work.kubeconfig").write_text(WORK_KUBECONFIG)
    options = LintOptions(chart=chart, set_values=[ON], kubeconfig=tmp_path / "work.kubeconfig")
    findings = [f for f in run_lint(options).findings if f.rule_id == "ACME-PROXY-002"]
    assert bool(findings) is found
    if found:
        assert "entry '.example.com' sends the work cluster's API server 'api.work.example.com'" in findings[0].message
        assert findings[0].location.line == line_of(chart, DEPLOYMENT, f"value: {no_proxy}")


def test_a_no_proxy_list_is_not_judged_without_kubeconfig(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(
        chart,
        DEPLOYMENT,
        "          value: http://proxy:3128\n",
        "          value: http://proxy:3128\n        - name: NO_PROXY\n          value: '*'\n",
    )
    _with_rule(chart, "{kubeconfigServerProxied: {env: NO_PROXY}}")
    assert not [f for f in lint(chart, ON).findings if f.rule_id == "ACME-PROXY-002"]


def test_fields_of_containers_include_init_containers(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(
        chart,
        DEPLOYMENT,
        "      containers:\n",
        "      initContainers:\n      - name: setup\n        image: busybox\n      containers:\n",
    )
    _with_rule(chart, "{fields: {of: containers, equal: {image: busybox}}}")
    found = _added_findings(chart)
    assert [f.message for f in found] == ["container 'operator' is not image: \"busybox\""]


def test_a_field_may_equal_a_value_from_values(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{fields: {of: container, equal: {imagePullPolicy: .Values.cleaner.tag}}}")
    findings = _added_findings(chart)
    assert [f.message for f in findings] == ['the operator container is not imagePullPolicy: "v1.14"']
    assert not [f for f in lint(chart, ON, "cleaner.tag=Always").findings if f.rule_id == ADDED]


def test_pod_security_finds_each_restricted_control_the_workload_s_pod_breaks(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{podSecurity: restricted}")
    found = _added_findings(chart)
    controls = sorted(f.message.split('control "')[1].split('"')[0] for f in found)
    assert controls == [
        "Capabilities (restricted)",
        "Privilege Escalation",
        "Running as Non-root",
        "Seccomp (restricted)",
    ]
    assert all(f.message.startswith("Deployment/") and 'Pod Security "restricted"' in f.message for f in found)


def test_pod_security_names_the_pod_security_rule_of_each_control(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{podSecurity: restricted}")
    found = _added_findings(chart)
    assert sorted(f.message.rsplit("(", 1)[1] for f in found) == [
        "CG-PSS-102)", "CG-PSS-103)", "CG-PSS-105)", "CG-PSS-106)"
    ]  # fmt: skip


def test_pod_security_baseline_passes_the_stock_operator_pod(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{podSecurity: baseline}")
    assert _added_findings(chart) == []


def test_pod_security_of_a_workload_not_rendered_says_so(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{podSecurity: restricted}\n    workload: {kind: CronJob}")
    (finding,) = _added_findings(chart)
    assert finding.message == "no CronJob with a container was rendered"


def test_writable_paths_finds_a_path_nothing_is_mounted_at(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{writablePaths: [/tmp]}")
    (finding,) = _added_findings(chart)
    assert finding.message == "the operator container mounts nothing at /tmp, which it must be able to write"
    assert finding.location.line == line_of(chart, DEPLOYMENT, "        volumeMounts:")


def test_writable_paths_finds_a_path_mounted_from_another_volume_type(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    _with_rule(chart, "{writablePaths: [/var/serving-cert/]}")
    (finding,) = _added_findings(chart)
    assert finding.message == (
        "/var/serving-cert/ is mounted from volume 'serving-cert', which is not an emptyDir volume"
    )
    assert finding.location.line == line_of(chart, DEPLOYMENT, "      - name: serving-cert")


def test_writable_paths_finds_a_read_only_emptydir_mount(proxy_chart, tmp_path):
    chart = _copy(proxy_chart, tmp_path)
    edit(
        chart,
        DEPLOYMENT,
        "          name: serving-cert\n",
        "          name: serving-cert\n        - {name: t, mountPath: /tmp, readOnly: true}\n",
    )
    edit(chart, DEPLOYMENT, "      volumes:\n", "      volumes:\n      - {name: t, emptyDir: {}}\n")
    _with_rule(chart, "{writablePaths: [/tmp]}")
    (finding,) = _added_findings(chart)
    assert finding.message == "the operator container mounts /tmp readOnly, where it must write"
