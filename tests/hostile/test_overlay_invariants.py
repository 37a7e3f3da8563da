"""A chart's ``chartgen-invariants.yaml`` and an overlay's ``invariants:`` are untrusted: they select checks
chartgen implements and give them names, values and Go patterns, nothing more. Lint and patch stay within the
harness's time and memory limits; a broken declaration is one error line naming the file; no text of a
declaration is evaluated (not as Jinja at lint time, not as a Python format string, never as code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_bounded, assert_clean_success, assert_refused, run_chartgen
from hostile.outputs_kit import write_chart, write_overlay

INVARIANTS = "chartgen-invariants.yaml"
ANNOTATED = "apiVersion: v2\nname: demo\nversion: 0.1.0\nannotations:\n  chartgen.io/overlays: evil\n"


def rule(check: str, because: str = "b") -> str:
    return (
        "evil:\n  when: .Values.enabled\n  rules:\n  - id: EVIL-001\n    severity: error\n    summary: s\n    why: w\n"
        f"    fix: f\n    check: {{templatesAvoid: {{pattern: {check}, because: {because}}}}}\n"
    )


def chart(root: Path, invariants: str, template: str | None = None) -> Path:
    extra = {INVARIANTS: invariants, "values.yaml": "a: 1\nenabled: true\n"}
    if template is not None:
        extra["templates/big.yaml"] = template
    write_chart(root / "c", extra=extra)
    (root / "c" / "Chart.yaml").write_text(ANNOTATED)
    return root


def lint(root: Path):
    return run_chartgen("lint", "c", cwd=root)


def test_a_pattern_that_backtracks_in_other_engines_runs_in_linear_time(tmp_path: Path) -> None:
    # (a|aa)*c against a long run of a's: exponential for a backtracking matcher, linear for RE2.
    chart(tmp_path, rule("'(a|aa)*c'"), "# " + "a" * 400_000 + "\n")
    outcome = lint(tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 0 and "EVIL-001" not in outcome.stdout


def test_a_pattern_go_refuses_is_refused_at_its_line(tmp_path: Path) -> None:
    chart(tmp_path, rule("'a{1001}'"))
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}:9:", "invalid repeat count")


def test_a_because_text_is_never_a_format_string(tmp_path: Path) -> None:
    chart(tmp_path, rule("ConfigMap", because="'{0.__class__.__mro__} [[ 9 ** 9 ** 9 ]] %s'"))
    outcome = lint(tmp_path)
    assert_bounded(outcome)
    assert "uses ConfigMap, {0.__class__.__mro__} [[ 9 ** 9 ** 9 ]] %s" in outcome.stdout


def test_a_check_outside_the_vocabulary_is_refused_at_its_line(tmp_path: Path) -> None:
    text = rule("x").replace("{templatesAvoid: {pattern: x, because: b}}", "{exec: 'rm -rf /'}")
    chart(tmp_path, text)
    sandbox = Sandbox(tmp_path / "c")  # the chart; lint's parse cache under HOME is not the declaration's doing
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}:9:", "evil.rules.0.check")
    sandbox.assert_unchanged()


def test_an_alias_bomb_in_the_invariants_file_is_refused(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    bomb += "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    chart(tmp_path, bomb)
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}")


def test_deep_nesting_in_the_invariants_file_is_refused(tmp_path: Path) -> None:
    chart(tmp_path, "evil: " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}")


def test_too_many_rules_are_refused(tmp_path: Path) -> None:
    one = rule("x").split("  rules:\n", 1)[1]
    many = "".join(one.replace("EVIL-001", f"EVIL-{i:04d}") for i in range(201))
    chart(tmp_path, "evil:\n  when: .Values.enabled\n  rules:\n" + many)
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}", "evil.rules")


def test_jinja_in_an_overlay_s_invariants_is_held_to_the_snippet_subset(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    body = (
        "parameters:\n  p:\n    description: d\n    default: ab\n"
        "invariants:\n  when: .Values.enabled\n  rules:\n  - id: EVIL-001\n    severity: error\n    summary: s\n"
        "    why: w\n    fix: f\n"
        "    check: {templatesAvoid: {pattern: '[[ p.__class__.__mro__[1].__subclasses__() ]]', because: b}}\n"
    )
    write_overlay(tmp_path / "ovs" / "extra", body)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(
        "patch", "--chart", "c", "--overlay", "extra", "--overlay-dir", "ovs", "-o", "out/c", cwd=tmp_path
    )
    assert_refused(outcome, "ovs/extra/overlay.yaml")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("pattern", ["'(?:" + "x" * 900 + ")'", "'\\p{Greek}+'"], ids=["long", "unicode class"])
def test_a_chart_whose_patterns_match_nothing_lints_cleanly(tmp_path: Path, pattern: str) -> None:
    chart(tmp_path, rule(pattern))
    assert_clean_success(lint(tmp_path))


def test_a_pod_security_level_outside_the_standard_s_is_refused_at_its_line(tmp_path: Path) -> None:
    text = rule("x").replace("{templatesAvoid: {pattern: x, because: b}}", "{podSecurity: privileged}")
    chart(tmp_path, text.replace("  rules:\n", "  workload: {kind: Deployment}\n  rules:\n"))
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}:", "evil.rules.0.check")


def test_writable_paths_must_be_absolute_plain_paths(tmp_path: Path) -> None:
    text = rule("x").replace("{templatesAvoid: {pattern: x, because: b}}", "{writablePaths: ['../../etc']}")
    chart(tmp_path, text.replace("  rules:\n", "  workload: {kind: Deployment}\n  rules:\n"))
    assert_refused(lint(tmp_path), f"c/{INVARIANTS}:", "evil.rules.0.check")


def test_pod_security_of_a_workload_the_chart_lacks_is_one_finding(tmp_path: Path) -> None:
    text = rule("x").replace("{templatesAvoid: {pattern: x, because: b}}", "{podSecurity: restricted}")
    chart(tmp_path, text.replace("  rules:\n", "  workload: {kind: Job, container: x}\n  rules:\n"))
    outcome = lint(tmp_path)
    assert_bounded(outcome)
    assert "EVIL-001 no Job with a container 'x' was rendered" in outcome.stdout
