"""The hostile harness itself: its limits bite, and its verdicts are not vacuous."""

from __future__ import annotations

from pathlib import Path

from hostile.harness import Sandbox, assert_bounded, assert_refused, run_chartgen


def test_a_missing_chart_is_one_error_line(tmp_path: Path) -> None:
    outcome = run_chartgen("render", "no-such-chart", cwd=tmp_path)
    assert_refused(outcome)


def test_the_version_runs_cleanly_under_the_limits(tmp_path: Path) -> None:
    outcome = run_chartgen("--version", cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 0 and "chartgen" in outcome.stdout


def test_the_sandbox_sees_a_write_outside_the_output(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    (tmp_path / "stray").write_text("x")
    assert sandbox.changes() == {"stray"}
