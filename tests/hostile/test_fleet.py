"""`chartgen fleet` on hostile fleet.yaml files: refused in bounded time and memory with one error line, and
never writing outside the output folder, whatever a target's name says."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from hostile.harness import Sandbox, assert_clean_success, assert_refused, run_chartgen
from hostile.inputs import alias_bomb, deep_flow

GITOPS = "gitops:\n  repo_url: https://git.example.com/fleet.git\n"


def _target(name: str, server: str = "https://work-a:6443", watch: str = "iris") -> str:
    return (
        f"  - name: {name}\n    namespace: ns-{hashlib.sha256(name.encode()).hexdigest()[:8]}\n    secret: {{name: s}}\n"
        f"    work: {{server: {server!r}, watch_namespaces: [{watch}]}}\n"
    )


def _fleet(folder: Path, text: str) -> Sandbox:
    (folder / "fleet.yaml").write_text(text)
    return Sandbox(folder)


@pytest.mark.parametrize("name", ["../x", "../../etc", "/abs", "a/../../b", ".", "..", "x\x00y", "%2e%2e"])
def test_a_target_name_with_a_path_in_it_is_refused_and_writes_nothing(tmp_path, name):
    entry = _target("placeholder").replace("name: placeholder", f"name: {yaml.safe_dump(name).splitlines()[0]}")
    sandbox = _fleet(tmp_path, GITOPS + "targets:\n" + entry)
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path), "fleet.yaml:", "targets.0.name")
    sandbox.assert_unchanged()


def test_a_valid_fleet_writes_only_under_its_output(tmp_path):
    sandbox = _fleet(tmp_path, GITOPS + "targets:\n" + _target("a", watch="x") + _target("b", watch="y"))
    assert_clean_success(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=60))
    sandbox.assert_changed_only_under("out")


def test_an_argo_path_climbing_out_of_the_repository_is_refused(tmp_path):
    text = GITOPS + "  path: deploy/../../x\ntargets:\n" + _target("a")
    _fleet(tmp_path, text)
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path), "fleet.yaml:3:", "gitops.path")


def test_a_fleet_file_past_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    sandbox = _fleet(tmp_path, GITOPS + "targets:\n" + "# padding\n" * 200_000)
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=20), "fleet.yaml")
    sandbox.assert_unchanged()


def test_more_targets_than_the_schema_allows_are_refused_before_any_render(tmp_path):
    targets = "".join(_target(f"t{n}", server=f"https://w{n}:6443") for n in range(101))
    _fleet(tmp_path, GITOPS + "targets:\n" + targets)
    outcome = run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=20)
    assert_refused(outcome, "fleet.yaml:", "targets: ", "is too long")


def test_an_alias_bomb_is_refused(tmp_path):
    sandbox = _fleet(tmp_path, alias_bomb(9, "lol") + GITOPS + "targets: []\n")
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=20), "fleet.yaml")
    sandbox.assert_unchanged()


def test_an_alias_bomb_in_a_targets_values_is_refused(tmp_path):
    bomb = "".join("      " + line + "\n" for line in alias_bomb(9).splitlines())
    _fleet(tmp_path, GITOPS + "targets:\n" + _target("a") + "    values:\n" + bomb)
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=20), "fleet.yaml")


def test_values_nested_past_the_depth_limit_are_refused(tmp_path):
    _fleet(tmp_path, GITOPS + "targets:\n" + _target("a") + "    values:\n      " + deep_flow(5000, "x"))
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=20), "fleet.yaml")


def test_an_output_folder_that_is_a_link_to_elsewhere_is_not_written_through(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("mine")
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    sandbox = _fleet(tmp_path, GITOPS + "targets:\n" + _target("a"))
    assert_refused(run_chartgen("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path, seconds=60), "out")
    sandbox.assert_unchanged()
