"""`chartgen upgrade` on hostile input: values files and charts that try to take unbounded memory or time, or to
reach outside the chart, are refused with one error line, and nothing is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from chartgen.limits import VALUES_FILE_BYTES
from chartgen.resources import base_chart_dir
from hostile.harness import Sandbox, assert_refused, run_chartgen
from hostile.inputs import alias_bomb, write_tgz


def _charts(root: Path) -> tuple[Path, Path]:
    old, new = root / "old", root / "new"
    shutil.copytree(base_chart_dir(), old)
    shutil.copytree(base_chart_dir(), new)
    return old, new


def test_a_values_file_holding_an_alias_bomb_is_refused(tmp_path):
    old, new = _charts(tmp_path)
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    outcome = run_chartgen("upgrade", old, new, "-f", "bomb.yaml", cwd=tmp_path)
    assert_refused(outcome, "bomb.yaml", "excessive aliasing")


def test_a_values_file_larger_than_the_limit_is_refused_unread(tmp_path):
    old, new = _charts(tmp_path)
    with open(tmp_path / "huge.yaml", "w") as handle:
        handle.write("a: " + "x" * (VALUES_FILE_BYTES + 1) + "\n")
    outcome = run_chartgen("upgrade", old, new, "-f", "huge.yaml", cwd=tmp_path)
    assert_refused(outcome, "huge.yaml", "larger than chartgen's limit")


def test_a_new_chart_linking_a_template_outside_itself_is_refused(tmp_path):
    old, new = _charts(tmp_path)
    (tmp_path / "secret.yaml").write_text("kind: Secret\n")
    os.symlink(tmp_path / "secret.yaml", new / "templates" / "leak.yaml")
    outcome = run_chartgen("upgrade", old, new, cwd=tmp_path)
    assert_refused(outcome, "leak.yaml", "leads outside the chart")


def test_an_old_archive_with_a_member_escaping_the_chart_is_refused(tmp_path):
    _, new = _charts(tmp_path)
    archive = write_tgz(tmp_path / "old.tgz", {"../../escape.yaml": b"kind: ConfigMap\n"})
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("upgrade", archive, new, "-o", "out", "--remote-secret", "w", cwd=tmp_path)
    assert_refused(outcome, "old.tgz", "refers to a parent directory")
    sandbox.assert_unchanged()


def test_an_output_inside_the_new_chart_is_refused_and_nothing_is_written(tmp_path):
    old, new = _charts(tmp_path)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("upgrade", old, new, "-o", new / "patched", "--remote-secret", "w", cwd=tmp_path)
    assert_refused(outcome, "lies inside the source chart")
    sandbox.assert_unchanged()
