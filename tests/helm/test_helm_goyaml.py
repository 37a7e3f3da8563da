"""Helm's toYaml (JSON round trip + goyaml.v2 emitter) and toYamlPretty (goyaml.v3): every expectation below was
produced by real helm 3.17.3 and 4.1.4, which agree on all of them."""

from __future__ import annotations

import pytest
from template_harness import as_values, codec_cases, execute

from chartgen.gotemplate.gotypes import Int64, StringList
from chartgen.helm.goyaml import (
    FUNCS,
    FUNCS_HELM4,
    V3,
    YAMLError,
    is_base60_float,
    resolves_to_string,
    sorted_keys,
    to_yaml,
    to_yaml_pretty,
)

CASES, IDS = codec_cases("cases")
LONG = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt"


def render(source: str, values: object = None, funcs: dict | None = None) -> str:
    return execute(funcs if funcs is not None else FUNCS, source, {"Values": values})


# The recorded cases are every value of the team's `toyaml`, `toyaml-edge` and `values-types` experiment charts
# (whole documents, each section, each entry) plus our own edge cases: folding at several depths, keys needing
# quotes, unicode, number-like and timestamp-like strings, literal blocks with odd whitespace.


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_yaml_matches_helm_on_recorded_values(case):
    assert to_yaml(as_values(case["value"])) == case["toYaml"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_yaml_pretty_matches_helm_on_recorded_values(case):
    assert to_yaml_pretty(as_values(case["value"])) == case["toYamlPretty"]


# From the `toyaml` chart's template: values built in the template keep their Go int / int64 types.
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            [1, "a", {"k": "v", "k2": [1, 2]}, [3, 4], [], {}],
            "- 1\n- a\n- k: v\n  k2:\n  - 1\n  - 2\n- - 3\n  - 4\n- []\n- {}",
        ),
        ("plain", "plain"),
        ("yes", '"yes"'),
        (5, "5"),
        (None, "null"),
        ([], "[]"),
        ({}, "{}"),
        ("a\nb", "|-\n  a\n  b"),
        ("a\nb\n", "|\n  a\n  b"),
        (True, "true"),
        (1.5, "1.5"),
        (Int64(5), "5"),
        ({"a": [1, 2]}, "a:\n- 1\n- 2"),
        (StringList(["x", "y"]), '- x\n- "y"'),
    ],
)
def test_to_yaml_of_template_built_values(value, expected):
    assert to_yaml(value) == expected


def test_to_yaml_pretty_indents_sequences_under_keys():
    assert to_yaml_pretty({"a": [1, 2], "b": {"c": "yes"}}) == 'a:\n  - 1\n  - 2\nb:\n  c: "yes"'


def test_to_yaml_pretty_prints_floats_with_go_g_formatting():
    assert to_yaml_pretty([1e6, float("nan")]) == "- 1e+06\n- .nan"


def test_to_yaml_pretty_never_folds():
    assert to_yaml_pretty(LONG + " " + LONG) == LONG + " " + LONG


def test_to_yaml_pretty_keeps_tabs_in_literal_blocks():
    assert to_yaml_pretty("tab\tin\nmulti") == "|-\n  tab\tin\n  multi"


def test_only_one_trailing_newline_is_removed():
    assert to_yaml("a\n\n") == "|+\n  a\n"


def test_a_lone_newline_needs_an_indentation_indicator():
    assert to_yaml("\n") == "|2+\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a\nb": 1}, "? |-\n  a\n  b\n: 1"),
        ({"k" * 128: 1}, "k" * 128 + ": 1"),
        ({"k" * 129: 1}, "? " + "k" * 129 + "\n: 1"),
        ({"k" * 200: {"x": 1}}, "? " + "k" * 200 + "\n: x: 1"),
        ({"k" * 200: [1, 2]}, "? " + "k" * 200 + "\n: - 1\n  - 2"),
        ({"k" * 100 + " " + "k" * 100: 1}, "? " + "k" * 100 + "\n  " + "k" * 100 + "\n: 1"),
    ],
)
def test_multiline_and_long_keys_are_written_as_complex_keys(value, expected):
    assert to_yaml(value) == expected


def test_keys_up_to_1024_json_characters_are_accepted():
    assert to_yaml({"k" * 1022: 1}) == "? " + "k" * 1022 + "\n: 1"


def test_a_key_longer_than_1024_json_characters_makes_to_yaml_fail():
    # goyaml.v2 cannot read the JSON back: an implicit key is limited to 1024 characters.
    assert render("{{ toYaml .Values }}", {"k" * 1023: 1.0}) == ""
    with pytest.raises(YAMLError, match="^yaml: did not find expected ',' or '}'$"):
        to_yaml({"k" * 1023: 1})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x\x85y", "x y"),
        ("x\x85", "'x '"),
        ("a \x85 b", "a b"),
        ("a\x85\x85b", "|-\n  a\n  b"),
    ],
)
def test_nel_is_a_line_break_when_goyaml_reads_the_json_back(value, expected):
    assert to_yaml(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x\x7fy", "yaml: control characters are not allowed"),
        ("\x80x", "yaml: control characters are not allowed"),
        ("x\ufffey", "yaml: control characters are not allowed"),
        ("a\x85--- b", "yaml: line 2: found unexpected document indicator"),
        ({"a\x85b": 1}, "yaml: line 1: did not find expected ',' or '}'"),
    ],
)
def test_json_that_goyaml_cannot_read_back_makes_to_yaml_render_nothing(value, message):
    assert render("{{ toYaml .Values }}", value) == ""
    with pytest.raises(YAMLError, match=f"^{message}$"):
        to_yaml(value)


@pytest.mark.parametrize(
    "text",
    ["2021-02-30", "2021-13-01", "1e999", "0xFFFFFFFFFFFFFFFFFF", "2021-01-01T25:00:00Z", "2021-01-01 1:2", "-0b-1"],
)
def test_strings_go_cannot_parse_as_numbers_or_times_stay_plain(text):
    assert resolves_to_string(text)
    assert to_yaml(text) == text


@pytest.mark.parametrize(
    "text",
    ["2020-02-29", "2021-1-2", "2021-01-01t1:2:3.5+01:00", "2021-01-01  1:2:3.25", "0b-1", "0b+1", "08", "1_000", ".5"],
)
def test_strings_goyaml_reads_as_other_types_are_double_quoted(text):
    assert not resolves_to_string(text)
    assert to_yaml(text) == f'"{text}"'


def test_sexagesimal_numbers_are_quoted_for_old_readers():
    assert is_base60_float("1:20:30")
    assert to_yaml("1:20") == '"1:20"'


def test_keys_sort_in_goyaml_natural_order():
    assert sorted_keys(["b", "a", "B", "_u", "1", "10", "2", "a10", "a2", "a1"]) == [
        "_u",
        "1",
        "2",
        "10",
        "B",
        "a",
        "a1",
        "a2",
        "a10",
        "b",
    ]


def test_v3_sorts_a_letter_before_a_digit_after_equal_digits():
    assert sorted_keys(["x12", "x1y", "x2", "x1"], V3) == ["x1", "x1y", "x2", "x12"]


def test_to_yaml_renders_nothing_when_json_fails():
    assert render("{{ toYaml (index .Values 0) }}", [float("nan")]) == ""


def test_must_to_yaml_exists_only_in_helm4_and_reports_the_json_error():
    assert "mustToYaml" not in FUNCS
    with pytest.raises(
        Exception, match="error calling mustToYaml: error marshaling into JSON: json: unsupported value: NaN"
    ):
        render("{{ mustToYaml (index .Values 0) }}", [float("nan")], {**FUNCS, **FUNCS_HELM4})


def test_must_to_yaml_reports_goyaml_errors_as_they_are():
    with pytest.raises(Exception, match="error calling mustToYaml: yaml: control characters are not allowed"):
        render("{{ mustToYaml .Values }}", "x\x7fy", {**FUNCS, **FUNCS_HELM4})


def test_to_yaml_pretty_encodes_go_values_without_json():
    # No base64 here: goyaml.v3 sees a []byte as a slice of numbers (toYaml, through JSON, writes base64).
    assert to_yaml_pretty({"n": Int64(3), "b": b"ab"}) == 'b:\n  - 97\n  - 98\n"n": 3'
    assert to_yaml({"b": b"ab"}) == "b: YWI="
