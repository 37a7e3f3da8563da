"""The patch carries each applied overlay's ``invariants:`` into the chart's ``chartgen-invariants.yaml``, with the
overlay's parameters filled in, after checking the declaration; a broken declaration is refused with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chartgen.chartio.output import write_directory
from chartgen.errors import OverlayError
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.invariants import INVARIANTS_FILE

RULE = """\
    - id: ACME-NODE-001
      severity: warning
      summary: The operator runs on the declared nodes.
      why: Elsewhere it cannot reach the proxy.
      fix: Keep the nodeSelector.
      check: {check}
"""
CHECK_LINE = 12  # of the overlay.yaml written by ``overlay`` with ``declaration``


def overlay(root: Path, name: str, invariants: str | None, parameters: str = "") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    text = f"name: {name}\nsummary: An overlay of the user's.\n{parameters}"
    (folder / "overlay.yaml").write_text(text + (invariants or ""))
    return root


def declaration(check: str, extra: str = "") -> str:
    return (
        "invariants:\n  when: .Values.criticalAddon\n  workload: {kind: Deployment, container: operator}\n"
        + extra
        + "  rules:\n"
        + RULE.format(check=check)
    )


def patch(root: Path, *names: str, chart: str | None = None, **parameters) -> dict[str, bytes]:
    request = PatchRequest(chart=chart, overlays=list(names), overlay_dirs=[str(root)], parameters=parameters)
    return patch_chart(request).files


def carried(files: dict[str, bytes]) -> dict:
    return yaml.safe_load(files[INVARIANTS_FILE])


def test_the_remote_target_patch_writes_its_invariants_into_the_chart():
    files = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "w"}})).files
    declared = carried(files)["remote-target"]
    assert declared["mounts"]["kubeconfig"]["volume"] == "remote-kubeconfig"
    assert [r["id"] for r in declared["rules"]] == [f"CG-REMOTE-{i:03d}" for i in range(1, 11)]


def test_parameters_are_filled_into_check_arguments(tmp_path):
    parameters = "parameters:\n  variable:\n    description: the variable\n    default: HTTPS_PROXY\n"
    overlay(tmp_path, "acme", declaration("{envSet: ['[[ variable ]]']}"), parameters)
    files = patch(tmp_path, "acme", acme={"variable": "ALL_PROXY"})
    assert carried(files)["acme"]["rules"][0]["check"] == {"envSet": ["ALL_PROXY"]}


def test_an_overlay_without_invariants_adds_no_file(tmp_path):
    overlay(tmp_path, "acme", None)
    assert INVARIANTS_FILE not in patch(tmp_path, "acme")


def test_a_chart_patched_again_keeps_the_earlier_overlay_s_invariants(tmp_path):
    overlay(tmp_path / "ovs", "acme", declaration("{envSet: [HTTPS_PROXY]}"))
    write_directory(patch(tmp_path / "ovs", "acme"), tmp_path / "chart", False)
    files = patch(
        tmp_path / "ovs", "remote-target", chart=str(tmp_path / "chart"), **{"remote-target": {"secretName": "w"}}
    )
    assert list(carried(files)) == ["acme", "remote-target"]


def test_a_declaration_outside_the_schema_is_refused_at_its_line(tmp_path):
    overlay(tmp_path, "acme", declaration("{envSet: HTTPS_PROXY}"))
    with pytest.raises(OverlayError, match=r"invariants\.rules\.0\.check") as caught:
        patch(tmp_path, "acme")
    assert caught.value.location.path == str(tmp_path / "acme" / "overlay.yaml")
    assert caught.value.location.line == CHECK_LINE


def test_a_check_naming_an_undeclared_mount_is_refused_at_its_line(tmp_path):
    overlay(tmp_path, "acme", declaration("{secretVolume: credentials}"))
    with pytest.raises(OverlayError, match="mount 'credentials', which `mounts` does not declare") as caught:
        patch(tmp_path, "acme")
    assert (caught.value.location.path, caught.value.location.line) == (
        str(tmp_path / "acme" / "overlay.yaml"),
        CHECK_LINE,
    )


def test_a_pattern_go_refuses_is_refused_at_its_line(tmp_path):
    overlay(tmp_path, "acme", declaration("{templatesAvoid: {pattern: '(?<=x)', because: b}}"))
    with pytest.raises(OverlayError, match="error parsing regexp: invalid named capture") as caught:
        patch(tmp_path, "acme")
    assert caught.value.location.line == CHECK_LINE


def test_a_container_check_without_a_workload_is_refused(tmp_path):
    text = declaration("{envSet: [HTTPS_PROXY]}").replace("  workload: {kind: Deployment, container: operator}\n", "")
    overlay(tmp_path, "acme", text)
    with pytest.raises(OverlayError, match="rule ACME-NODE-001 \\(envSet\\) needs a workload"):
        patch(tmp_path, "acme")


def test_a_rule_id_declared_twice_is_refused(tmp_path):
    text = declaration("{envSet: [HTTPS_PROXY]}") + RULE.format(check="{envSet: [NO_PROXY]}")
    overlay(tmp_path, "acme", text)
    with pytest.raises(OverlayError, match="rule ACME-NODE-001 is declared twice"):
        patch(tmp_path, "acme")


def test_a_parameter_that_fills_in_an_invalid_value_is_refused_at_its_line(tmp_path):
    parameters = "parameters:\n  variable:\n    description: the variable\n"
    overlay(tmp_path, "acme", declaration("{envSet: ['[[ variable ]]']}"), parameters)
    with pytest.raises(OverlayError, match=r"invariants\.rules\.0\.check\.envSet\.0: 'NOT A NAME'") as caught:
        patch(tmp_path, "acme", acme={"variable": "NOT A NAME"})
    assert caught.value.location.line == CHECK_LINE + 3


def test_jinja_beyond_parameter_substitution_is_refused(tmp_path):
    overlay(tmp_path, "acme", declaration("{envSet: ['[% for x in y %]X[% endfor %]']}"))
    with pytest.raises(OverlayError):
        patch(tmp_path, "acme")
