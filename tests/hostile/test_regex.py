"""Hostile regular expressions: patterns that make a backtracking engine take exponential time, huge texts, and
patterns Go refuses, from a template, a values schema and a values file, through ``chartgen render``, ``lint`` and
``patch -f``.

Each run is a subprocess under the harness's memory limit and a wall clock of a few seconds; where Helm answers
the same input, both Helms give the same verdict. chartgen matches every such pattern with RE2 (linear time),
so these inputs end in Helm's answer, or in Go's refusal with Go's text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chartgen.resources import base_chart_dir
from hostile.harness import (
    Outcome,
    Sandbox,
    assert_bounded,
    assert_clean_success,
    assert_refused,
    helm_verdict,
    run_chartgen,
)

SECONDS = 10.0
NEAR_MATCH = "a" * 5000 + "!"
# YAML keys are at most 1024 characters long (the same for Helm); a thousand is far past any backtracking budget.
NEAR_MATCH_KEY = "a" * 1000 + "!"


def chart(root: Path, template: str, *, values: str = "", schema: dict | None = None) -> Path:
    """A one-template chart under ``root/c``."""
    path = root / "c"
    (path / "templates").mkdir(parents=True)
    (path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (path / "templates" / "t.yaml").write_text(template)
    (path / "values.yaml").write_text(values)
    if schema is not None:
        (path / "values.schema.json").write_text(json.dumps(schema))
    return path


def render(path: Path, helm_major: int = 3, *, memory_bytes: int | None = None) -> Outcome:
    limits = {} if memory_bytes is None else {"memory_bytes": memory_bytes}
    return run_chartgen("render", path, "--helm-compat", str(helm_major), cwd=path.parent, seconds=SECONDS, **limits)


# ------------------------------------------------------------------------------------------------ templates


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("^(a+)+$", NEAR_MATCH),
        ("(a|aa)+$", NEAR_MATCH),
        ("^(x+x+)+y$", "x" * 5000),
        ("(.*a){20}", "b" * 20000),
        ("^(\\w+\\s?)*$", "word " * 2000 + "!"),
    ],
    ids=["nested-plus", "overlapping-alternation", "nested-plus-pair", "repeated-wildcard", "words-and-spaces"],
)
def test_a_catastrophic_pattern_in_a_template_renders_like_helm(tmp_path, helm, pattern, text):
    path = chart(tmp_path, "# {{ regexMatch .Values.p .Values.t }}\n", values=json.dumps({"p": pattern, "t": text}))
    outcome = render(path, helm.major)
    assert_clean_success(outcome)
    assert "# false" in outcome.stdout
    assert helm_verdict(helm, "template", "rel", str(path))


def test_replace_all_over_a_megabyte_is_bounded(tmp_path, helm):
    template = '# {{ regexReplaceAll "(a+)+b" (repeat 1000000 "a") "x" | len }}\n'
    path = chart(tmp_path, template)
    outcome = render(path, helm.major)
    assert_clean_success(outcome)
    assert "# 1000000" in outcome.stdout
    assert helm_verdict(helm, "template", "rel", str(path))


def test_find_all_of_every_character_of_a_long_text_is_bounded(tmp_path, helm):
    path = chart(tmp_path, '# {{ regexFindAll "." (repeat 200000 "é") -1 | len }}\n')
    outcome = render(path, helm.major)
    assert_clean_success(outcome)
    assert "# 200000" in outcome.stdout
    assert helm_verdict(helm, "template", "rel", str(path))


def test_a_catastrophic_pattern_over_a_megabyte_value_is_bounded(tmp_path):
    path = chart(tmp_path, "# {{ regexFind .Values.p .Values.t | len }}\n")
    (path / "values.yaml").write_text(json.dumps({"p": "(a|a?)+(a|a?)+b", "t": "a" * 1_000_000}))
    outcome = render(path)
    assert_clean_success(outcome)
    assert "# 0" in outcome.stdout


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a)\\\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
        ("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ("(?<!a)b", "error parsing regexp: invalid named capture: `(?<!a)b`"),
        ("a*+", "error parsing regexp: invalid nested repetition operator: `*+`"),
        ("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        ("(((a{100}){100}){100})", "error parsing regexp: invalid repeat count: `{100}`"),
    ],
    ids=["back-reference", "lookahead", "lookbehind", "possessive", "repeat-over-1000", "nested-repeats"],
)
def test_a_pattern_go_refuses_is_refused_with_gos_text(tmp_path, helm, pattern, message):
    path = chart(tmp_path, f'# {{{{ mustRegexMatch "{pattern}" "a" }}}}\n')
    outcome = render(path, helm.major)
    assert_refused(outcome, f"error calling mustRegexMatch: {message}")
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_pattern_nested_1000_groups_deep_is_refused(tmp_path, helm):
    path = chart(tmp_path, '# {{ regexFind (printf "%sa%s" (repeat 1000 "(") (repeat 1000 ")")) "a" }}\n')
    outcome = render(path, helm.major)
    assert_refused(outcome, "error parsing regexp: expression nests too deeply: `((((")
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_deeply_nested_groups_of_text_are_refused_as_too_large(tmp_path, helm):
    template = '# {{ mustRegexMatch (printf "%sc%s" (repeat 3343 "(?:a(?:") (repeat 3343 "))")) "a" }}\n'
    path = chart(tmp_path, template)
    outcome = render(path, helm.major)
    assert_refused(outcome, "error parsing regexp: expression too large: `(?:a(?:")
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_program_over_gos_size_limit_is_refused(tmp_path, helm):
    path = chart(tmp_path, '# {{ mustRegexMatch (printf "(?:%s){1000}" (repeat 3356 "a")) "a" }}\n')
    outcome = render(path, helm.major)
    assert_refused(outcome, "error parsing regexp: expression too large: `(?:aaaa")
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_pattern_too_large_for_re2s_memory_budget_is_refused_as_too_large(tmp_path):
    # Go accepts this (4000 instructions to Go); RE2 spells each \pL out as a UTF-8 automaton of ~1200
    # instructions, so the program would need far more memory than RE2 is given: refused with Go's size error.
    pattern = "\\\\pL{1000}" * 4
    path = chart(tmp_path, f'# {{{{ mustRegexMatch "{pattern}" "a" }}}}\n')
    outcome = render(path, memory_bytes=1024 * 1024 * 1024)
    assert_refused(outcome, "error parsing regexp: expression too large: `\\pL{1000}")


def test_a_pattern_re2_would_walk_past_its_budget_is_refused_in_one_line(tmp_path):
    # Each folded k is a class of three in RE2's tree; past a million of them RE2 floods stderr with log lines.
    path = chart(tmp_path, '# {{ mustRegexMatch (printf "(?i)%s" (repeat 1000000 "k")) "k" }}\n')
    outcome = render(path)
    assert_refused(outcome, "error parsing regexp: expression too large: `(?i)kkkk")


def test_a_long_literal_pattern_over_a_long_text_is_bounded(tmp_path):
    # A million-character literal over two million characters: RE2 would keep a thread per position of the
    # literal (hours); chartgen searches for the string. Helm itself does not answer this one in minutes.
    template = '# {{ regexMatch (printf "(?:%s){1000}b" (repeat 1000 "a")) (repeat 2000000 "a") }}\n'
    path = chart(tmp_path, template)
    outcome = render(path)
    assert_clean_success(outcome)
    assert "# false" in outcome.stdout


def test_many_large_patterns_stay_within_memory(tmp_path):
    template = '{{ range $i := until 12 }}# {{ regexMatch (printf "\\\\pL{300}x{%d}" $i) "a" }}\n{{ end }}'
    path = chart(tmp_path, template)
    outcome = render(path, memory_bytes=900 * 1024 * 1024)
    assert_clean_success(outcome)
    assert outcome.stdout.count("# false") == 12


# ------------------------------------------------------------------------------------------------ values schema


def test_a_catastrophic_schema_pattern_fails_like_helm(tmp_path, helm):
    schema = {"properties": {"a": {"type": "string", "pattern": "^(a+)+$"}}}
    path = chart(tmp_path, "# ok\n", values=json.dumps({"a": NEAR_MATCH}), schema=schema)
    outcome = render(path, helm.major)
    assert_refused(outcome, "values don't meet the specifications of the schema(s)", "pattern '^(a+)+$'")
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_catastrophic_pattern_properties_key_fails_like_helm(tmp_path, helm):
    schema = {"patternProperties": {"^(a|aa)+$": {"type": "string"}}, "additionalProperties": False}
    path = chart(tmp_path, "# ok\n", values=json.dumps({NEAR_MATCH_KEY: "x"}), schema=schema)
    outcome = render(path, helm.major)
    expected = "Additional property" if helm.major == 3 else "additional properties"
    assert_refused(outcome, expected)
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_schema_pattern_go_refuses_fails_like_helm(tmp_path, helm):
    schema = {"properties": {"a": {"pattern": "(?=a)"}}}
    path = chart(tmp_path, "# ok\n", values="a: abc\n", schema=schema)
    outcome = render(path, helm.major)
    expected = {
        3: "pattern must be a valid regex",
        4: "'(?=a)' is not valid regex: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    }[helm.major]
    assert_refused(outcome, expected)
    assert not helm_verdict(helm, "template", "rel", str(path))


def test_a_regex_format_value_go_refuses_fails_like_helm_3(tmp_path, helm):
    schema = {"properties": {"r": {"format": "regex"}}}
    path = chart(tmp_path, "# ok\n", values=json.dumps({"r": "(a)\\1"}), schema=schema)
    outcome = render(path, helm.major)
    if helm.major == 3:
        assert_refused(outcome, "- r: Does not match format 'regex'")
    else:  # draft 2020-12: format is an annotation for Helm 4
        assert_clean_success(outcome)
    assert helm_verdict(helm, "template", "rel", str(path)) == (helm.major == 4)


# ------------------------------------------------------------------------------------------------ lint


def test_lint_reports_a_catastrophic_schema_pattern_at_the_value(tmp_path, helm):
    schema = {"properties": {"a": {"type": "string", "pattern": "^(a+)+$"}}}
    path = chart(tmp_path, "# ok\n", values=f"a: {NEAR_MATCH}\n", schema=schema)
    outcome = run_chartgen("lint", path, cwd=tmp_path, seconds=SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    assert "values.yaml:1:4: error CG-VALUES-001" in outcome.stdout
    assert not helm_verdict(helm, "lint", str(path))


def test_lint_reports_a_schema_pattern_go_refuses_on_the_schema(tmp_path, helm):
    path = chart(tmp_path, "# ok\n", values="a: x\n", schema={"properties": {"a": {"pattern": "a{1001}"}}})
    outcome = run_chartgen("lint", path, cwd=tmp_path, seconds=SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    assert "values.schema.json: error CG-VALUES-001 /properties/a/pattern:" in outcome.stdout
    assert "invalid repeat count: `{1001}`" in outcome.stdout
    assert not helm_verdict(helm, "lint", str(path))


def test_lint_of_a_template_with_a_catastrophic_pattern_is_bounded(tmp_path):
    path = chart(tmp_path, "# {{ regexMatch .Values.p .Values.t }}\n")
    (path / "values.yaml").write_text(json.dumps({"p": "^(a|aa)+$", "t": NEAR_MATCH}))
    outcome = run_chartgen("lint", path, cwd=tmp_path, seconds=SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode == 0, outcome.describe()


def test_lint_with_a_values_file_against_a_catastrophic_pattern_properties_key(tmp_path):
    schema = {"patternProperties": {"^(a|aa)+$": {"type": "integer"}}, "additionalProperties": False}
    path = chart(tmp_path, "# ok\n", schema=schema)
    (tmp_path / "hostile.yaml").write_text(json.dumps({"a" * 1000: "not a number", NEAR_MATCH_KEY: 1}))
    outcome = run_chartgen("lint", path, "-f", tmp_path / "hostile.yaml", cwd=tmp_path, seconds=SECONDS)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    assert "CG-VALUES-002" in outcome.stdout and "CG-VALUES-001" in outcome.stdout


# ------------------------------------------------------------------------------------------------ patch -f


def iko_chart_with_schema(root: Path, schema: dict) -> Path:
    """The bundled IKO chart with a values schema of its own (which the overlay's fragment is added to)."""
    path = root / "iris-operator"
    shutil.copytree(base_chart_dir(), path)
    (path / "values.schema.json").write_text(json.dumps(schema))
    return path


def patch(root: Path, source: Path, *values: Path) -> Outcome:
    args = [a for v in values for a in ("-f", v)]
    return run_chartgen(
        "patch", "--chart", source, "--remote-secret", "work-kubeconfig", *args, cwd=root, seconds=SECONDS
    )


def test_patch_refuses_a_value_against_a_catastrophic_schema_pattern_at_its_line(tmp_path):
    source = iko_chart_with_schema(tmp_path, {"properties": {"hostile": {"type": "string", "pattern": "^(a+)+$"}}})
    (tmp_path / "prod.yaml").write_text(f"replicaCount: 1\nhostile: {NEAR_MATCH}\n")
    sandbox = Sandbox(tmp_path)
    outcome = patch(tmp_path, source, tmp_path / "prod.yaml")
    assert_refused(outcome, "prod.yaml:2:10:", "does not match '^(a+)+$'")
    sandbox.assert_unchanged()


def test_patch_accepts_keys_of_a_catastrophic_pattern_properties_schema(tmp_path):
    schema = {"patternProperties": {"^(x|xx)+$": {"type": "integer"}}}
    source = iko_chart_with_schema(tmp_path, schema)
    (tmp_path / "prod.yaml").write_text(json.dumps({"x" * 1000: 1, "x" * 1000 + "!": "anything"}))
    sandbox = Sandbox(tmp_path)
    outcome = patch(tmp_path, source, tmp_path / "prod.yaml")
    assert_clean_success(outcome)
    sandbox.assert_changed_only_under("out")


def test_patch_refuses_a_chart_whose_schema_pattern_go_rejects(tmp_path):
    source = iko_chart_with_schema(tmp_path, {"properties": {"hostile": {"pattern": "(?<name"}}})
    sandbox = Sandbox(tmp_path)
    outcome = patch(tmp_path, source)
    assert_refused(outcome, "values.schema.json:", "invalid named capture: `(?<name`")
    sandbox.assert_unchanged()
