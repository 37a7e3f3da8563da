"""The overlay authoring guide's worked example is real: docs/examples/node-pool patches the bundled chart
through --overlay-dir, composed with remote-target, both real helms lint and render the result as the guide
says, its invariant catches what the guide says it catches, and the guide shows the example's files as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli

GUIDE = REPO / "docs" / "overlays.md"
EXAMPLES = REPO / "docs" / "examples"
EXAMPLE = EXAMPLES / "node-pool"
# A fenced block whose info string names a file of an example ("```yaml docs/examples/node-pool/overlay.yaml")
# shows that file, or the next part of it.
FENCE = re.compile(r"^```[A-Za-z]*[ \t]+(docs/examples/\S+)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
POOL_ON = ["--set", "nodePool.enabled=true"]
CRITICAL_ADDON = [*POOL_ON, "--set", "criticalAddon=true", "--namespace", "kube-system"]


def _shown_files() -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for match in FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
        shown.setdefault(match.group(1), []).append(match.group(2))
    return shown


def test_the_guide_shows_every_file_of_the_example():
    files = {p.relative_to(REPO).as_posix() for p in EXAMPLE.iterdir() if p.is_file()}
    assert files == set(_shown_files())


@pytest.mark.parametrize("name", sorted(_shown_files()))
def test_the_guides_blocks_of_a_file_in_order_are_the_file_byte_for_byte(name):
    # A file shown in parts (overlay.yaml, built up step by step) is its parts joined by one blank line.
    parts = _shown_files()[name]
    assert "\n".join(parts) == (REPO / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def patched(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("guide") / "iris-operator"
    done = run_cli(
        "patch", "--remote-secret", "work-kubeconfig", "--overlay", "remote-target", "--overlay", "node-pool",
        "--overlay-dir", str(EXAMPLES), "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "kubectl taint node NODE pool=operators:NoSchedule" in done.stdout
    return out


def _pod(docs: list[dict]) -> dict:
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    return deployment["spec"]["template"]["spec"]


def test_both_helms_lint_the_example_composed_with_remote_target(helm, patched):
    helm.lint(patched)
    helm.lint(patched, *POOL_ON)
    helm.lint(patched, *CRITICAL_ADDON)


def test_pool_on_selects_the_pool_beside_the_stock_selector_and_the_remote_wiring(helm, patched):
    pod = _pod(helm.template(patched, *POOL_ON))
    assert pod["nodeSelector"] == {"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "pool": "operators"}
    assert "tolerations" not in pod  # the chart writes none here, as the guide says
    assert {"name": "KUBECONFIG", "value": "/airgap/.kube/config"} in pod["containers"][0]["env"]


def test_pool_on_as_a_critical_addon_tolerates_the_pools_taint(helm, patched):
    pod = _pod(helm.template(patched, *CRITICAL_ADDON))
    assert pod["tolerations"] == [
        {"key": "CriticalAddonsOnly", "operator": "Exists"},
        {"key": "pool", "operator": "Equal", "value": "operators", "effect": "NoSchedule"},
    ]


def test_pool_off_renders_the_stock_placement(helm, patched):
    pod = _pod(helm.template(patched))
    assert "pool" not in pod["nodeSelector"] and "tolerations" not in pod


def test_helm_refuses_tolerations_of_your_own_while_the_pool_is_on(helm, patched):
    done = helm.run("template", "x", str(patched), *POOL_ON, "--set", "tolerations[0].operator=Exists", check=False)
    assert done.returncode != 0 and "tolerations" in done.stderr


def test_chartgen_lint_of_the_example_is_clean(patched):
    assert run_cli("lint", str(patched), *POOL_ON).exit_code == 0


def test_the_invariant_catches_a_cleared_node_selector(patched):
    done = run_cli("lint", str(patched), *POOL_ON, "--set", "nodeSelector=null")
    assert done.exit_code == 1
    assert "error POOL-001" in done.stdout and 'is not nodeSelector.pool: "operators"' in done.stdout


def test_the_patched_chart_carries_the_examples_invariants(patched):
    text = (patched / "chartgen-invariants.yaml").read_text(encoding="utf-8")
    assert "node-pool:" in text and "id: POOL-001" in text
