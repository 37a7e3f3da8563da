"""Deep input ends in Helm's answer or a typed one-line error, never a RecursionError, and never takes minutes.

Helm accepts values nested up to goyaml's and encoding/json's 10000 levels and refuses deeper ones with their
texts; chartgen does the same. Where Go has no limit (nested template blocks, ``--set`` indexes), chartgen stops
at 10000 with its own message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_bounded, assert_clean_success, assert_refused, helm_verdict, run_chartgen
from hostile.inputs import deep_block, deep_compact_sequence, deep_flow, write_chart

DEEP_SECONDS = 60.0

TO_JSON = """apiVersion: v1
kind: ConfigMap
metadata:
  name: deep
data:
  json: {{ toJson .Values.a | quote }}
"""

FROM_JSON = """apiVersion: v1
kind: ConfigMap
metadata:
  name: from-json
data:
  map: {{ fromJson .Values.doc | toJson | quote }}
  list: {{ fromJsonArray .Values.doc | toJson | len | quote }}
"""


def _values(tmp_path: Path, text: str, name: str = "deep.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _same_as_helm(tmp_path: Path, helm, chart: Path, *args: str) -> None:
    outcome = run_chartgen("render", chart, *args, cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_clean_success(outcome)
    helm_args = [str(tmp_path / arg) if arg.endswith(".yaml") else arg for arg in args]
    expected = helm.run("template", "release-name", str(chart), *helm_args).stdout
    assert outcome.stdout == expected


# -- values files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [deep_block(600), deep_flow(600), deep_flow(9999), deep_flow(9999, seq=True), deep_compact_sequence(9999)],
    ids=["block-600", "flow-600", "flow-map-9999", "flow-seq-9999", "compact-seq-9999"],
)
def test_values_as_deep_as_helm_takes_render_as_in_helm(tmp_path: Path, helm, text: str) -> None:
    chart = write_chart(tmp_path, templates={"deep.yaml": TO_JSON})
    _values(tmp_path, text)
    _same_as_helm(tmp_path, helm, chart, "-f", "deep.yaml")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (deep_flow(10001), "yaml: exceeded max depth of 10000"),
        (deep_flow(100000), "yaml: exceeded max depth of 10000"),
        (deep_flow(100000, seq=True), "yaml: exceeded max depth of 10000"),
        (deep_compact_sequence(10001), "yaml: line 2: exceeded max depth of 10000"),
        (deep_flow(10000), "while decoding JSON: invalid character '{' exceeded max depth"),
        ("a:\n  " + "- " * 6000 + "[" * 6000 + "1" + "]" * 6000 + "\n", "invalid character '[' exceeded max depth"),
    ],
    ids=["flow-10001", "flow-100000", "seq-100000", "block-10001", "json-10001", "block-plus-flow"],
)
def test_values_deeper_than_helm_takes_are_refused_as_by_helm(tmp_path: Path, helm, text: str, error: str) -> None:
    chart = write_chart(tmp_path)
    _values(tmp_path, text)
    outcome = run_chartgen("render", chart, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "failed to parse deep.yaml", error)
    assert helm_verdict(helm, "template", "r", str(chart), "-f", str(tmp_path / "deep.yaml")) is False


def test_a_deep_chart_values_yaml_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, values_yaml=deep_flow(100000))
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "cannot load values.yaml", "exceeded max depth of 10000")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_lint_takes_values_600_levels_deep_as_helm_lint_does(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    _values(tmp_path, deep_block(600))
    outcome = run_chartgen("lint", chart, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_clean_success(outcome)
    assert helm_verdict(helm, "lint", str(chart), "-f", str(tmp_path / "deep.yaml")) is True


def test_lint_fails_on_values_100000_levels_deep_as_helm_lint_does(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    _values(tmp_path, deep_flow(100000))
    outcome = run_chartgen("lint", chart, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "deep.yaml" in outcome.stdout
    assert helm_verdict(helm, "lint", str(chart), "-f", str(tmp_path / "deep.yaml")) is False


def test_lint_judges_values_past_its_positional_readers_depth_as_helm_lint_does(tmp_path: Path, helm) -> None:
    # The values rules read Helm's data; only the positions come from libyaml, which stops at 1000 levels.
    chart = write_chart(tmp_path)
    _values(tmp_path, deep_compact_sequence(2000))
    outcome = run_chartgen("lint", chart, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_bounded(outcome)
    accepted = helm_verdict(helm, "lint", str(chart), "-f", str(tmp_path / "deep.yaml"))
    assert (outcome.returncode == 0) is accepted, outcome.describe()


def test_lint_judges_values_past_256_flow_levels_as_helm_lint_does(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    _values(tmp_path, deep_flow(999, seq=True))
    outcome = run_chartgen("lint", chart, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_bounded(outcome)
    accepted = helm_verdict(helm, "lint", str(chart), "-f", str(tmp_path / "deep.yaml"))
    assert (outcome.returncode == 0) is accepted, outcome.describe()


def test_patch_takes_values_600_levels_deep(tmp_path: Path) -> None:
    _values(tmp_path, deep_block(600, key="extra"))
    outcome = run_chartgen(
        "patch", "--remote-secret", "wk", "-o", "out", "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS
    )
    assert_bounded(outcome)
    assert "Traceback" not in outcome.stderr and outcome.returncode in (0, 2)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("patch", "--remote-secret", "wk", "-o", "out"), id="patch"),
        pytest.param(("target", "bundle", "-n", "iko", "-o", "out"), id="target-bundle"),
        pytest.param(("diff",), id="diff"),
    ],
)
def test_values_100000_levels_deep_are_refused_by_every_command(tmp_path: Path, command: tuple[str, ...]) -> None:
    _values(tmp_path, deep_flow(100000))
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(*command, "-f", "deep.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "deep.yaml")
    sandbox.assert_unchanged()


# -- --set and --set-json ---------------------------------------------------------------------------------------


def test_set_with_500_nested_indexes_works_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, templates={"deep.yaml": TO_JSON})
    _same_as_helm(tmp_path, helm, chart, "--set", "a" + "[0]" * 500 + "=1")


def test_set_with_20000_nested_indexes_stops_at_chartgens_limit(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    outcome = run_chartgen("render", chart, "--set", "a" + "[0]" * 20000 + "=1", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "failed parsing --set data", "nesting of 10000")


def test_set_with_31_nested_keys_fails_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    flag = "a" + ".a" * 31 + "=1"
    assert_refused(run_chartgen("render", chart, "--set", flag, cwd=tmp_path), "maximum supported nested level of 30")
    assert helm_verdict(helm, "template", "r", str(chart), "--set", flag) is False


def test_set_json_500_deep_works_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, templates={"deep.yaml": TO_JSON})
    _same_as_helm(tmp_path, helm, chart, "--set-json", "a=" + "[" * 500 + "1" + "]" * 500)


def test_set_json_past_gos_depth_is_refused_as_by_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    flag = "a=" + "[" * 10001 + "1" + "]" * 10001
    outcome = run_chartgen("render", chart, "--set-json", flag, cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "failed parsing --set-json data a=[[[")
    assert helm_verdict(helm, "template", "r", str(chart), "--set-json", flag) is False


def test_a_whole_json_object_past_gos_depth_is_refused_as_by_helm_4(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    flag = '{"a":' * 10001 + "1" + "}" * 10001
    outcome = run_chartgen("render", chart, "--helm-compat", "4", "--set-json", flag, cwd=tmp_path)
    assert_refused(outcome, "failed parsing --set-json data JSON:")


# -- fromJson and the values schema -----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10000, 10001], ids=["at-the-limit", "past-it"])
def test_from_json_answers_deep_input_as_helm_does(tmp_path: Path, helm, depth: int) -> None:
    chart = write_chart(tmp_path, templates={"j.yaml": FROM_JSON})
    _values(tmp_path, "doc: " + json.dumps("[" * depth + "1" + "]" * depth) + "\n")
    _same_as_helm(tmp_path, helm, chart, "-f", "deep.yaml")


DEEP_SCHEMA = '{"type": "object", "x": ' + "[" * 10001 + "]" * 10001 + "}"


def test_a_values_schema_past_gos_json_depth_fails_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, values_schema_json=DEEP_SCHEMA)
    outcome = run_chartgen("render", chart, cwd=tmp_path)
    assert_refused(outcome, "schema(s)", "demo: invalid character '[' exceeded max depth")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_lint_reports_a_values_schema_past_gos_json_depth(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path, values_schema_json=DEEP_SCHEMA)
    outcome = run_chartgen("lint", chart, cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "exceeded max depth" in outcome.stdout
    assert helm_verdict(helm, "lint", str(chart)) is False


# -- templates --------------------------------------------------------------------------------------------------


def _template_chart(tmp_path: Path, body: str) -> Path:
    return write_chart(tmp_path, templates={"t.yaml": body})


def test_10000_nested_parentheses_render_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _template_chart(tmp_path, "x: {{ " + "(" * 10000 + "1" + ")" * 10000 + " }}\n")
    _same_as_helm(tmp_path, helm, chart)


def test_20000_nested_parentheses_fail_with_helm_4s_error(tmp_path: Path, helm) -> None:
    chart = _template_chart(tmp_path, "x: {{ " + "(" * 20000 + "1" + ")" * 20000 + " }}\n")
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "parse error at (demo/templates/t.yaml:1): max expression depth exceeded")
    if helm.major >= 4:  # Go 1.23 (Helm 3.17) has no such limit: the README lists the difference
        assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_5000_nested_ifs_render_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _template_chart(tmp_path, "x: " + "{{ if true }}" * 5000 + "y" + "{{ end }}" * 5000 + "\n")
    _same_as_helm(tmp_path, helm, chart)


def test_5000_nested_ranges_and_withs_render_as_in_helm(tmp_path: Path, helm) -> None:
    body = "x: " + "{{ range list 1 }}{{ with . }}" * 2500 + "y" + "{{ end }}{{ end }}" * 2500 + "\n"
    _same_as_helm(tmp_path, helm, _template_chart(tmp_path, body))


def test_100000_nested_ifs_stop_at_chartgens_limit(tmp_path: Path) -> None:
    chart = _template_chart(tmp_path, "x: " + "{{ if true }}" * 100000 + "y" + "{{ end }}" * 100000 + "\n")
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "demo/templates/t.yaml:1", "more than 10000 nested blocks")


def test_values_9999_deep_print_through_printf_as_in_helm(tmp_path: Path, helm) -> None:
    body = 'x: {{ printf "%v" .Values.a | quote }}\n'
    chart = _template_chart(tmp_path, body)
    _values(tmp_path, deep_flow(9999, seq=True))
    _same_as_helm(tmp_path, helm, chart, "-f", "deep.yaml")


# -- kubeconfigs and lint configs -------------------------------------------------------------------------------

KUBECONFIG_HEAD = "apiVersion: v1\nkind: Config\ncurrent-context: work\npreferences:\n"


@pytest.mark.parametrize("depth", [600, 100000])
def test_a_deep_kubeconfig_is_checked_without_a_traceback(tmp_path: Path, depth: int) -> None:
    (tmp_path / "k").write_text(KUBECONFIG_HEAD + "  " + deep_flow(depth, key="x"))
    outcome = run_chartgen("kubeconfig", "check", "k", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode in (1, 2)
    if depth > 1000:
        assert "nested deeper than" in outcome.stdout + outcome.stderr


def test_a_deep_kubeconfig_gets_no_secret(tmp_path: Path) -> None:
    (tmp_path / "k").write_text(KUBECONFIG_HEAD + "  " + deep_flow(100000, key="x"))
    outcome = run_chartgen("kubeconfig", "secret", "k", "--name", "wk", "-n", "iko", "-o", "s.yaml", cwd=tmp_path)
    assert_refused(outcome, "k:5:", "nested deeper than 256 levels")
    assert not (tmp_path / "s.yaml").exists()


def test_a_lint_config_600_deep_is_refused_by_its_schema(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "c.yaml").write_text("lint:\n  disable: []\n" + deep_block(600, key="extra"))
    outcome = run_chartgen("lint", chart, "--config", "c.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "c.yaml", "invalid lint config")


def test_a_lint_config_100000_deep_is_refused_at_its_line(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (tmp_path / "c.yaml").write_text("lint:\n  disable: []\n" + deep_flow(100000, key="extra"))
    outcome = run_chartgen("lint", chart, "--config", "c.yaml", cwd=tmp_path, seconds=DEEP_SECONDS)
    assert_refused(outcome, "c.yaml:3:", "nested deeper than 256 levels")


def test_a_deep_crd_file_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "crd.yaml").write_text("kind: CustomResourceDefinition\n" + deep_flow(100000, key="spec"))
    outcome = run_chartgen("target", "bundle", "-n", "iko", "-o", "out", "--crd-file", "crd.yaml", cwd=tmp_path)
    assert_refused(outcome, "crd.yaml:2:", "nested deeper than 256 levels")
    assert not (tmp_path / "out").exists()


def test_the_deep_stack_costs_little_address_space(tmp_path: Path) -> None:
    # The command thread's stack is reserved address space: a tight ulimit -v must still render a chart.
    chart = write_chart(tmp_path)
    assert_clean_success(run_chartgen("render", chart, cwd=tmp_path, memory_bytes=450 * 1024 * 1024))
