"""A user overlay's operations are untrusted: a condition that tries to leave its ``if``, counts and nesting
meant to cost time or memory, and steps that would break the chart all end in one refusal line, within the
harness's limits, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile.harness import assert_clean_success, assert_refused, run_chartgen
from hostile.outputs_kit import write_chart, write_overlay


def operation(**fields: object) -> str:
    base = {"id": "step", "op": "append", "target": {"kind": "ConfigMap", "path": "items"}, "expect": 1}
    base.update({"when": ".Values.a", "snippet": "- x\n"} | fields)
    return "operations:\n  - " + json.dumps(base) + "\n"


def patch(root: Path, body: str):
    write_chart(root / "c")
    write_overlay(root / "ovs" / "evil", body, {})
    return run_chartgen("patch", "--chart", "c", "--overlay", "evil", "--overlay-dir", "ovs", "-o", "out/c", cwd=root)


INJECTIONS = {
    "an action opened after closing the guard": 'true }}{{ .Files.Get "x" }}{{ if true',
    "a balanced injection": 'true }}{{ end }}{{ .Files.Get "x" }}{{ if true',
    "an else branch": 'true }}{{ else }}{{ .Files.Get "x"',
    "a comment hiding the rest": "true }}{{/* x */}}{{ if true",
    "a trim marker joining lines": ".Values.a -",
    "a newline": '.Values.a\n}}{{ .Files.Get "x" }}{{ if true',
    "a template call": 'true }}{{ template "x" }}{{ if true',
}


@pytest.mark.parametrize("when", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_a_condition_that_is_not_one_pipeline_is_refused_at_its_line(tmp_path: Path, when: str) -> None:
    outcome = patch(tmp_path, operation(when=when))
    assert_refused(outcome, "ovs/evil/overlay.yaml:4", "when")
    assert not (tmp_path / "out").exists()


def test_a_huge_snippet_is_refused_with_a_short_message(tmp_path: Path) -> None:
    outcome = patch(tmp_path, operation(snippet="- " + "x" * 100000 + "\n"))
    assert_refused(outcome, "ovs/evil/overlay.yaml", "too long")
    assert len(outcome.stderr) < 1000


def test_a_huge_expect_count_is_refused_by_the_schema(tmp_path: Path) -> None:
    assert_refused(patch(tmp_path, operation(expect=10**30)), "ovs/evil/overlay.yaml", "expect")


def test_the_largest_expect_count_is_refused_as_a_miscount_quickly(tmp_path: Path) -> None:
    assert_refused(patch(tmp_path, operation(expect=1000)), "ovs/evil/overlay.yaml:4", "must match 1000")


def test_a_deeply_nested_definition_is_refused(tmp_path: Path) -> None:
    assert_refused(patch(tmp_path, "operations: " + "[" * 100000 + "]" * 100000 + "\n"), "ovs/evil/overlay.yaml")


def test_a_very_deep_target_path_is_refused_by_the_schema(tmp_path: Path) -> None:
    deep = ".".join(["a"] * 5000)
    assert_refused(patch(tmp_path, operation(target={"kind": "ConfigMap", "path": deep})), "target.path")


def test_a_very_long_condition_is_refused(tmp_path: Path) -> None:
    when = "(" * 20000 + ".Values.a" + ")" * 20000
    assert_refused(patch(tmp_path, operation(when=when)), "ovs/evil/overlay.yaml", "when")


def test_a_snippet_nesting_expressions_past_the_parsers_limit_is_refused_before_writing(tmp_path: Path) -> None:
    snippet = "- {{ " + "(" * 15000 + "1" + ")" * 15000 + " }}\n"
    outcome = patch(tmp_path, operation(snippet=snippet))
    assert_refused(outcome, "templates/cm.yaml")
    assert not (tmp_path / "out").exists()


def test_a_snippet_that_breaks_the_template_is_refused_naming_overlay_and_step(tmp_path: Path) -> None:
    outcome = patch(tmp_path, operation(snippet="- {{ if .Values.a }}x\n"))
    assert_refused(outcome, "templates/cm.yaml", "overlay 'evil' step 'step'", "unparsable")


def test_many_operations_are_refused_by_the_schema(tmp_path: Path) -> None:
    many = "operations:\n" + "".join(
        f"  - {{id: s{i}, op: wrap, target: {{kind: ConfigMap, path: data}}, when: .Values.a, expect: 1}}\n"
        for i in range(500)
    )
    assert_refused(patch(tmp_path, many), "ovs/evil/overlay.yaml", "operations")


# A pattern that takes a backtracking engine exponential time on a run of a's that does not end the line.
BACKTRACKING = "(a+)+$"
NEAR_MISS = "a" * 5000 + "!"


def test_a_backtracking_refuse_pattern_is_matched_in_linear_time(tmp_path: Path) -> None:
    listing = f"apiVersion: v1\nkind: List\nitems:\n- {NEAR_MISS}\n"
    write_chart(tmp_path / "c", extra={"templates/list.yaml": listing})
    step = {
        "id": "step",
        "op": "append",
        "target": {"kind": "List", "path": "items"},
        "expect": 1,
        "snippet": "- x\n",
        "refuse_if_present": BACKTRACKING,
        "when": ".Values.a",
    }
    write_overlay(tmp_path / "ovs" / "evil", "operations:\n  - " + json.dumps(step) + "\n", {})
    outcome = run_chartgen(
        "patch", "--chart", "c", "--overlay", "evil", "--overlay-dir", "ovs", "-o", "out/c", cwd=tmp_path
    )
    assert_clean_success(outcome)


def test_a_backtracking_parameter_pattern_is_matched_in_linear_time(tmp_path: Path) -> None:
    write_chart(tmp_path / "c")
    parameters = {"p": {"description": "a parameter", "pattern": BACKTRACKING}}
    write_overlay(tmp_path / "ovs" / "evil", "parameters: " + json.dumps(parameters) + "\n", {})
    outcome = run_chartgen(
        "patch",
        "--chart",
        "c",
        "--overlay",
        "evil",
        "--overlay-dir",
        "ovs",
        "--param",
        f"evil.p={NEAR_MISS}",
        "-o",
        "out/c",
        cwd=tmp_path,
    )
    assert_refused(outcome, "invalid p")


def test_a_refuse_pattern_go_does_not_accept_is_refused(tmp_path: Path) -> None:
    write_chart(tmp_path / "c", extra={"templates/list.yaml": "apiVersion: v1\nkind: List\nitems:\n- a\n"})
    step = {
        "id": "step",
        "op": "append",
        "target": {"kind": "List", "path": "items"},
        "expect": 1,
        "snippet": "- x\n",
        "refuse_if_present": "(?<=a)b",
        "when": ".Values.a",
    }
    write_overlay(tmp_path / "ovs" / "evil", "operations:\n  - " + json.dumps(step) + "\n", {})
    outcome = run_chartgen(
        "patch", "--chart", "c", "--overlay", "evil", "--overlay-dir", "ovs", "-o", "out/c", cwd=tmp_path
    )
    assert_refused(outcome, "refuse_if_present")
