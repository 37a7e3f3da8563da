"""Helm's toToml and fromToml (BurntSushi/toml): every expectation below was produced by real helm 3.17.3."""

from __future__ import annotations

import pytest
from template_harness import as_values, codec_cases, execute

from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import Int64
from chartgen.helm.gotoml import FUNCS, from_toml, to_toml

CASES, IDS = codec_cases("toml")


def render(source: str, values: object = None) -> str:
    return execute(FUNCS, source, {"Values": values})


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_toml_matches_helm_on_recorded_values(case):
    assert FUNCS["toToml"](as_values(case["value"])) == case["toToml"]


def test_plain_keys_come_first_then_tables_each_sorted():
    value = {
        "a": 1,
        "b": 1.5,
        "c": 'x\ty"z\\',
        "d": True,
        "e": [1, 2],
        "f": {"g": 1, "h": {"i": "j"}},
        "k": [{"l": 1}, {"m": 2}],
        "n": None,
        "o": {},
        "p": [],
        "q": 1e6,
        "r": 1e21,
        "s y": 1,
        "t.u": 2,
        "ü": 3,
        "": 4,
    }
    assert to_toml(value) == (
        '"" = 4\na = 1\nb = 1.5\nc = "x\\ty\\"z\\\\"\nd = true\ne = [1, 2]\np = []\nq = 1000000.0\n'
        'r = 1000000000000000000000.0\n"s y" = 1\n"t.u" = 2\n"ü" = 3\n\n[f]\n  g = 1\n  [f.h]\n    i = "j"\n\n'
        "[[k]]\n  l = 1\n\n[[k]]\n  m = 2\n\n[o]\n"
    )


def test_nested_tables_are_indented_without_blank_lines():
    assert to_toml({"z": {"y": {"x": {"w": 1}}, "v": 2}, "a": 0.1}) == (
        "a = 0.1\n\n[z]\n  v = 2\n  [z.y]\n    [z.y.x]\n      w = 1\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1], "[1]"),
        ("x", '"x"'),
        ({"a": [1, "x", {"b": 1}]}, 'a = [1, "x", {b = 1}]\n'),
        ({"a": [[1, 2], ["x"]]}, 'a = [[1, 2], ["x"]]\n'),
        ({"b": b"ab"}, "b = [97, 98]\n"),
        (
            {"a": float("nan"), "b": float("-inf"), "c": 1e-7, "d": -0.0, "e": Int64(5), "f": "\x01\x7fé😀"},
            'a = nan\nb = -inf\nc = 0.0000001\nd = -0.0\ne = 5\nf = "\\u0001\\u007fé😀"\n',
        ),
    ],
)
def test_to_toml_values(value, expected):
    assert to_toml(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": [None]}, "toml: cannot encode array with nil element"),
        ([{"a": 1}], "toml: top-level values must be Go maps or structs"),
    ],
)
def test_to_toml_returns_encoder_errors_as_its_text(value, message):
    assert FUNCS["toToml"](value) == message


def test_to_toml_of_nil_fails_the_render_with_gos_reflection_panic():
    with pytest.raises(Exception, match="error calling toToml: reflect: call of reflect.Value.Type on zero Value"):
        render("{{ toToml nil }}")


def test_from_toml_types_integers_as_int64_and_floats_as_float64():
    assert from_toml('a = 1\nb = 1.5\nc = "x"\n[d]\ne = [1, 2]\n[[f]]\ng = true\n') == {
        "a": Int64(1),
        "b": 1.5,
        "c": "x",
        "d": {"e": [Int64(1), Int64(2)]},
        "f": [{"g": True}],
    }
    assert type(from_toml("a = 1")["a"]) is Int64


def test_from_toml_round_trips_through_to_toml():
    assert render('{{ toToml (fromToml "a = 1\\nb = 1.5\\n") }}') == "a = 1\nb = 1.5\n"


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("a = 1\na = 2", "map[Error:toml: line 2 (last key \"a\"): Key 'a' has already been defined.]"),
        ("[a]\nb=1\n[a]\n", "map[Error:toml: line 3: Key 'a' has already been defined.]"),
        ("a = tru", 'map[Error:toml: line 1 (last key "a"): expected value but found "tru" instead]'),
        # helm 4.1.4's text; helm 3.17.3 says "line 0" here.
        ("a = [1,", 'map[Error:toml: line 1 (last key "a"): unexpected EOF; expected value]'),
    ],
)
def test_from_toml_reports_errors_under_the_error_key(text, printed):
    assert to_text(FUNCS["fromToml"](text)) == printed
