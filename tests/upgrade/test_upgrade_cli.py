"""The `chartgen upgrade` command: its exit statuses, formats and the one thing it may write (--output)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from upgrade_kit import LAYOUTS, SECRET, base_files, chart, iko_next, patched, renamed_container


def _charts(tmp_path, old=None, new=None):
    old_dir = chart(tmp_path, "old", old if old is not None else LAYOUTS["3.6"]())
    new_dir = chart(tmp_path, "new", new if new is not None else base_files())
    return str(old_dir), str(new_dir)


def test_a_clean_upgrade_exits_0(tmp_path):
    old, new = _charts(tmp_path)
    result = run_cli("upgrade", old, new, "--remote-secret", SECRET)
    assert result.exit_code == 0, result.stderr
    assert "Verdict: clean" in result.stdout


def test_a_values_file_that_no_longer_fits_exits_1(tmp_path):
    old, new = _charts(tmp_path, new=iko_next(base_files()))
    (tmp_path / "prod.yaml").write_text("logLevel: 5\n")
    result = run_cli("upgrade", old, new, "-f", str(tmp_path / "prod.yaml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'prod.yaml'}:1:1: unknown key 'logLevel' (renamed to 'logVerbosity'" in result.stdout


def test_an_overlay_step_that_no_longer_matches_exits_1_and_names_the_template_line(tmp_path):
    old, new = _charts(tmp_path, new=renamed_container(base_files()))
    result = run_cli("upgrade", old, new)
    assert result.exit_code == 1
    assert "remote-target/kubeconfig-arg" in result.stdout and "FAILS" in result.stdout
    assert "templates/deployment.yaml:" in result.stdout


def test_a_missing_chart_exits_2_with_one_error_line(tmp_path):
    result = run_cli("upgrade", str(tmp_path / "nowhere"), str(tmp_path / "new"))
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ") and result.stderr.count("\n") == 1


def test_the_json_report_is_sorted_and_names_its_schema(tmp_path):
    old, new = _charts(tmp_path, new=iko_next(base_files()))
    text = run_cli("upgrade", old, new, "--format", "json").stdout
    data = json.loads(text)
    assert data["schema"] == "chartgen.io/upgrade-report/v1"
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_json_report_is_the_same_on_every_run(tmp_path):
    old, new = _charts(tmp_path, new=iko_next(base_files()))
    assert run_cli("upgrade", old, new, "--format", "json").stdout == (
        run_cli("upgrade", old, new, "--format", "json").stdout
    )


def test_the_markdown_report_has_a_section_for_each_part(tmp_path):
    old, new = _charts(tmp_path)
    text = run_cli("upgrade", old, new, "--format", "markdown").stdout
    for heading in (
        "# Upgrade iris-operator-amd 3.6.7 -> iris-operator-amd 3.8.42",
        "## Overlay steps",
        "## Upstream changes (old stock -> new stock)",
        "## What the overlays change",
        "## Values (stock charts)",
        "## Snapshot tests (patch --emit-tests)",
    ):
        assert f"\n{heading}\n" in f"\n{text}"


def test_nothing_is_written_without_output(tmp_path):
    old, new = _charts(tmp_path)
    run_cli("upgrade", old, new, cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "old"]


def test_output_writes_the_new_patched_chart(tmp_path):
    old, new = _charts(tmp_path)
    result = run_cli("upgrade", old, new, "--remote-secret", "prod-work", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    chart_yaml = (tmp_path / "out" / "Chart.yaml").read_text()
    assert "version: 3.8.42+chartgen.remote-target" in chart_yaml
    assert 'secretName: "prod-work"' in (tmp_path / "out" / "values.yaml").read_text()


def test_output_needs_the_required_overlay_parameters(tmp_path):
    old, new = _charts(tmp_path)
    result = run_cli("upgrade", old, new, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--remote-secret" in result.stderr
    assert not (tmp_path / "out").exists()


def test_output_does_not_replace_a_folder_without_force(tmp_path):
    old, new = _charts(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep\n")
    result = run_cli("upgrade", old, new, "--remote-secret", SECRET, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep\n"


def test_a_patched_old_chart_needs_the_required_overlay_parameters_again(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    result = run_cli("upgrade", str(old), str(new))
    assert result.exit_code == 2 and "--remote-secret" in result.stderr


def test_a_patched_old_chart_reports_its_recorded_overlays(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    result = run_cli("upgrade", str(old), str(new), "--remote-secret", SECRET)
    assert result.exit_code == 0
    assert "Overlays: remote-target" in result.stdout and "cannot be told apart" in result.stdout


@pytest.mark.slow
def test_helm_lints_and_templates_the_output_chart(tmp_path, helm):
    old, new = _charts(tmp_path, new=iko_next(base_files()))
    out = tmp_path / "out"
    assert run_cli("upgrade", old, new, "--remote-secret", SECRET, "-o", str(out)).exit_code == 0
    helm.run("lint", "--strict", str(out))
    rendered = helm.run("template", "iko", str(out)).stdout
    assert "--kubeconfig=/airgap/.kube/config" in rendered and "kind: PodDisruptionBudget" in rendered


def test_output_may_replace_the_patched_old_chart_with_force(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    result = run_cli("upgrade", str(old), str(new), "--remote-secret", SECRET, "-o", str(old), "--force")
    assert result.exit_code == 0, result.stderr
    assert "version: 3.8.42+chartgen.remote-target" in (old / "Chart.yaml").read_text()


def test_output_inside_the_patched_old_chart_is_refused(tmp_path):
    old = patched(tmp_path, "old", LAYOUTS["3.6"]())
    new = chart(tmp_path, "new", base_files())
    result = run_cli("upgrade", str(old), str(new), "--remote-secret", SECRET, "-o", str(old / "sub"), "--force")
    assert result.exit_code == 2 and "lies inside the source chart" in result.stderr


@pytest.mark.slow  # runs the emitted snapshot tests with pytest in a subprocess
def test_the_snapshot_tests_the_report_lists_are_the_ones_that_fail_until_accepted(tmp_path):
    from test_emit_tests import _pytest

    chart(tmp_path, "old-stock", LAYOUTS["3.6"]())
    chart(tmp_path, "new", iko_next(base_files()))
    emitted = run_cli(
        "patch", "--chart", "old-stock", "--remote-secret", SECRET, "-o", "out/iris", "--emit-tests", "tests",
        cwd=tmp_path,
    )  # fmt: skip
    assert emitted.exit_code == 0, emitted.stderr
    assert _pytest(tmp_path, "--snapshot-update").returncode == 0
    upgrade = ("upgrade", "out/iris", "new", "--old-stock", "old-stock", "--remote-secret", SECRET)
    report = json.loads(run_cli(*upgrade, "-o", "out/iris", "--force", "--format", "json", cwd=tmp_path).stdout)
    listed = {f"tests/{t['test']}" for t in report["snapshotTests"]["tests"]}
    failed = _pytest(tmp_path)
    assert {line.split()[1] for line in failed.stdout.splitlines() if line.startswith("FAILED ")} == listed
    assert _pytest(tmp_path, "--snapshot-update").returncode == 0
    assert _pytest(tmp_path).returncode == 0


HOSTILE = "a`b ![pixel](http://evil.example/p.png) `c <img src=x> ``` [link](http://evil.example)"


def _outside_code(markdown: str) -> str:
    """The Markdown with its fenced blocks and code spans (of any fence length) taken out."""
    import re

    without_blocks = re.sub(r"(?ms)^(`{3,})[^\n]*\n.*?^\1$", "", markdown)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", without_blocks)


def test_markdown_keeps_a_charts_text_from_becoming_markup(tmp_path):
    new_files = base_files()
    hostile_values = f"hostile:\n  {json.dumps(HOSTILE)}: {json.dumps(HOSTILE)}\n"
    new_files["values.yaml"] = new_files["values.yaml"] + hostile_values.encode()
    new_files["templates/hostile.yaml"] = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n"
        "  note: {{ index .Values.hostile " + json.dumps(HOSTILE) + " | quote }}\n"
    ).encode()
    old, new = _charts(tmp_path, new=new_files)
    text = run_cli("upgrade", old, new, "--format", "markdown").stdout
    assert "evil.example" in text  # the hostile text is reported...
    prose = _outside_code(text)
    for markup in ("![", "](", "<img", "<"):
        assert markup not in prose.replace("\\" + markup[0], ""), markup  # ...but never as markup
