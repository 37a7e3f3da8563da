""".chartgen.yaml: found by walking up, validated with located errors, suppressions with reasons and expiry."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from chartgen.lint.config import LintConfigError, find_config, load_config
from chartgen.lint.runner import LintOptions, run_lint

TODAY = datetime.date(2025, 6, 15)


def small_chart(root: Path) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (root / "templates" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n")
    return root


def write_config(folder: Path, text: str) -> Path:
    path = folder / ".chartgen.yaml"
    path.write_text(text)
    return path


def rule_ids(report) -> list[str]:
    return [f.rule_id for f in report.findings]


def test_config_is_found_in_a_parent_directory_up_to_the_repository_root(tmp_path):
    (tmp_path / ".git").mkdir()
    chart = small_chart(tmp_path / "charts" / "demo")
    config = write_config(tmp_path, "lint: {}\n")
    assert find_config(chart) == config.resolve()


def test_config_above_the_repository_root_is_not_used(tmp_path):
    write_config(tmp_path, "lint: {disable: [CG-CHART-012]}\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    chart = small_chart(tmp_path / "repo" / "charts" / "demo")
    assert find_config(chart) is None


def test_a_git_file_marks_a_repository_root_too(tmp_path):
    # A worktree or submodule has a .git file, not a folder.
    write_config(tmp_path, "lint: {}\n")
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".git").write_text("gitdir: elsewhere\n")
    assert find_config(small_chart(tmp_path / "repo" / "demo")) is None


def test_config_above_the_home_folder_is_not_used(tmp_path, monkeypatch):
    write_config(tmp_path, "lint: {}\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    chart = small_chart(tmp_path / "home" / "charts" / "demo")
    assert find_config(chart) is None


def test_config_in_the_home_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    chart = small_chart(tmp_path / "home" / "charts" / "demo")
    config = write_config(tmp_path / "home", "lint: {}\n")
    assert find_config(chart) == config.resolve()


def test_a_chart_outside_any_repository_or_home_reads_only_its_own_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write_config(tmp_path, "lint: {}\n")
    chart = small_chart(tmp_path / "shared" / "demo")
    assert find_config(chart) is None
    own = write_config(chart, "lint: {}\n")
    assert find_config(chart) == own.resolve()


def test_no_config_gives_empty_configuration(tmp_path):
    assert load_config(None).suppressions == []


def test_suppression_needs_a_reason(tmp_path):
    config = write_config(tmp_path, "lint:\n  suppressions:\n    - rule: CG-CHART-012\n")
    with pytest.raises(LintConfigError) as info:
        load_config(config)
    assert str(info.value) == f"{config}:3:7: invalid lint config: lint.suppressions.0: 'reason' is a required property"


def test_unknown_config_key_is_located(tmp_path):
    config = write_config(tmp_path, "lint:\n  supressions: []\n")
    with pytest.raises(LintConfigError) as info:
        load_config(config)
    assert str(info.value).startswith(f"{config}:")
    assert "supressions" in str(info.value)


def test_bad_expiry_date_is_refused(tmp_path):
    config = write_config(
        tmp_path, "lint:\n  suppressions:\n    - {rule: CG-CHART-012, reason: x, expires: '2025-02-30'}\n"
    )
    with pytest.raises(LintConfigError, match="not a calendar date"):
        load_config(config)


def test_config_yaml_syntax_error_is_located(tmp_path):
    config = write_config(tmp_path, "lint: [\n")
    with pytest.raises(LintConfigError) as info:
        load_config(config)
    assert str(info.value).startswith(f"{config}:2:1: invalid YAML")


SUPPRESSIONS = [
    ("rule only", "{rule: CG-CHART-012, reason: legacy}", []),
    ("matching path glob", "{rule: CG-CHART-012, path: templates/*.yaml, reason: legacy}", []),
    ("other path glob", "{rule: CG-CHART-012, path: templates/other.yaml, reason: legacy}", ["CG-CHART-012"]),
    ("matching object", "{rule: CG-CHART-012, object: ConfigMap/Bad_Name, reason: legacy}", []),
    ("other object", "{rule: CG-CHART-012, object: ConfigMap/other, reason: legacy}", ["CG-CHART-012"]),
    ("other rule", "{rule: CG-CHART-011, reason: legacy}", ["CG-CHART-012"]),
    ("expires later", "{rule: CG-CHART-012, reason: legacy, expires: 2025-06-15}", []),
    ("expired", "{rule: CG-CHART-012, reason: legacy, expires: 2025-06-14}", ["CG-CHART-012", "CG-CONFIG-001"]),
]


@pytest.mark.parametrize(("entry", "expected"), [s[1:] for s in SUPPRESSIONS], ids=[s[0] for s in SUPPRESSIONS])
def test_suppression_scope(tmp_path, entry, expected):
    chart = small_chart(tmp_path / "demo")
    write_config(chart, f"lint:\n  suppressions:\n    - {entry}\n")
    report = run_lint(LintOptions(chart, today=TODAY))
    assert sorted(r for r in rule_ids(report) if r in ("CG-CHART-012", "CG-CONFIG-001")) == expected


def test_expired_suppression_warning_points_at_the_config_entry(tmp_path):
    chart = small_chart(tmp_path / "demo")
    config = write_config(chart, "lint:\n  suppressions:\n    - {rule: CG-CHART-012, reason: x, expires: 2020-01-01}\n")
    (finding,) = [f for f in run_lint(LintOptions(chart, today=TODAY)).findings if f.rule_id == "CG-CONFIG-001"]
    assert (str(finding.location), finding.message) == (
        f"{config}:3:7",
        "suppression of CG-CHART-012 expired on 2020-01-01",
    )


def test_suppressed_findings_are_kept_with_their_reason(tmp_path):
    chart = small_chart(tmp_path / "demo")
    write_config(chart, "lint:\n  suppressions:\n    - {rule: CG-CHART-012, reason: name fixed upstream}\n")
    report = run_lint(LintOptions(chart, today=TODAY))
    assert [(f.rule_id, s.reason) for f, s in report.suppressed] == [("CG-CHART-012", "name fixed upstream")]


def test_config_disable_switches_a_rule_off(tmp_path):
    chart = small_chart(tmp_path / "demo")
    write_config(chart, "lint:\n  disable: [CG-CHART-012]\n")
    report = run_lint(LintOptions(chart, today=TODAY))
    assert "CG-CHART-012" not in rule_ids(report)
    assert "CG-CHART-012" not in [r.id for r in report.rules]


def test_explicit_config_wins_over_the_found_one(tmp_path):
    chart = small_chart(tmp_path / "demo")
    write_config(chart, "lint: {}\n")
    other = tmp_path / "other.yaml"
    other.write_text("lint:\n  disable: [CG-CHART-012]\n")
    assert "CG-CHART-012" not in rule_ids(run_lint(LintOptions(chart, config=other, today=TODAY)))
