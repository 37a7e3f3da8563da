"""A user's overlay written from scratch, as data only, composed with remote-target: node placement for the
operator (a nodeSelector entry merged, a toleration appended, both behind a value), judged by both real helms."""

from __future__ import annotations

import pytest

OVERLAY = """\
name: placement
summary: Keep the operator on the nodes of a dedicated pool.
schema: values.schema.json
values:
  file: values.yaml
  owns: [placement]
operations:
  - id: pool-selector
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.placement.enabled
    expect: 1
    snippet: |
      pool: {{ .Values.placement.pool | quote }}
  - id: pool-toleration
    op: append
    target: {kind: Deployment, scope: pod, path: tolerations}
    when: .Values.placement.enabled
    expect: 1
    snippet: |
      - key: dedicated
        operator: Equal
        value: {{ .Values.placement.pool | quote }}
        effect: NoSchedule
# The stock chart writes its tolerations only for a critical add-on in kube-system (or tolerations of its own).
profiles:
  placed:
    namespace: kube-system
    values: {placement: {enabled: true}, criticalAddon: true}
"""
VALUES = "placement:\n  enabled: false\n  pool: operators\n"
SCHEMA = """\
{"properties": {"placement": {"type": "object", "additionalProperties": false,
  "properties": {"enabled": {"type": "boolean"}, "pool": {"type": "string", "minLength": 1}}}}}
"""
PLACED = ["--set", "placement.enabled=true", "--set", "criticalAddon=true", "--namespace", "kube-system"]


@pytest.fixture(scope="module")
def patched(tmp_path_factory):
    from conftest import run_cli

    root = tmp_path_factory.mktemp("user-overlay")
    folder = root / "overlays" / "placement"
    folder.mkdir(parents=True)
    for name, text in (("overlay.yaml", OVERLAY), ("values.yaml", VALUES), ("values.schema.json", SCHEMA)):
        (folder / name).write_text(text)
    out = root / "out"
    done = run_cli(
        "patch", "--remote-secret", "work-kubeconfig", "--overlay", "remote-target", "--overlay", "placement",
        "--overlay-dir", str(root / "overlays"), "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    return out


def _deployment(docs: list[dict]) -> dict:
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    return deployment["spec"]["template"]["spec"]


def test_both_helms_lint_the_composed_chart(helm, patched):
    helm.lint(patched)
    helm.lint(patched, *PLACED)


def test_placement_on_selects_the_pool_and_tolerates_it_beside_the_remote_wiring(helm, patched):
    pod = _deployment(helm.template(patched, *PLACED))
    assert pod["nodeSelector"]["pool"] == "operators"
    assert {"key": "dedicated", "operator": "Equal", "value": "operators", "effect": "NoSchedule"} in pod["tolerations"]
    assert {"name": "KUBECONFIG", "value": "/airgap/.kube/config"} in pod["containers"][0]["env"]


def test_placement_off_renders_the_stock_placement(helm, patched):
    pod = _deployment(helm.template(patched))
    assert "pool" not in pod["nodeSelector"] and "tolerations" not in pod
