"""Values files, fromYaml and manifest heads decoded as sigs.k8s.io/yaml + goyaml.v2 do it for Helm.

Every expectation was produced by real helm 3.17.3 and 4.1.4 (``toJson .Values`` in a throwaway chart), or copied
from the team's experiment charts ``values-types`` and ``multidoc-values``.
"""

from __future__ import annotations

import math

import pytest

from chartgen.helm.gojson import to_json
from chartgen.helm.yaml_load import (
    FUNCS,
    ValuesLoadError,
    from_yaml,
    from_yaml_array,
    load_values,
    read_manifest_head,
)
from chartgen.helmcompat.profile import HELM_3, HELM_4, profile_for


def _load(text: str, helm_compat: int = 3) -> dict:
    return load_values(text, "values.yaml", profile=profile_for(helm_compat))


def _value(literal: str):
    return _load(f"k: {literal}\n")["k"]


# The values-types experiment chart, verbatim.
VALUES_TYPES = """\
int: 3
big: 1000000
huge: 12345678901
i64max: 9223372036854775807
prec: 9007199254740993
float: 1.5
ver: 1.10
sci: 1e3
oct: 0755
oct2: 0o17
hex: 0x1F
bin: 0b101
under: 1_000
plus: +12
leading0: 09
negzero: -0
str: "str"
date: 2021-01-01
ts: 2001-12-14t21:59:43.10-05:00
sexa: 12:30:00
yes: yes
no: no
on: on
off: off
True: True
tilde: ~
empty:
quoted: "yes"
tagged: !!str 123
taggedint: !!int "7"
y: key-y-becomes-true
n: key-n-becomes-false
anchors:
  base: &b {x: 1}
  ref: *b
  merged:
    <<: *b
    extra: 2
"""

VALUES_TYPES_JSON = (
    '{"anchors":{"base":{"x":1},"merged":{"extra":2,"x":1},"ref":{"x":1}},"big":1000000,"bin":5,'
    '"date":"2021-01-01","empty":null,"false":"key-n-becomes-false","float":1.5,"hex":31,"huge":12345678901,'
    '"i64max":9223372036854776000,"int":3,"leading0":9,"negzero":0,"oct":493,"oct2":15,"plus":12,'
    '"prec":9007199254740992,"quoted":"yes","sci":1000,"sexa":"12:30:00","str":"str","tagged":"123",'
    '"taggedint":7,"tilde":null,"true":"key-y-becomes-true","ts":"2001-12-14t21:59:43.10-05:00","under":1000,'
    '"ver":1.1}'
)


@pytest.mark.parametrize("helm_compat", [3, 4])
def test_values_types_chart_decodes_as_helm_does(helm_compat):
    assert to_json(_load(VALUES_TYPES, helm_compat)) == VALUES_TYPES_JSON


def test_every_number_from_a_values_file_is_a_float64():
    values = _load(VALUES_TYPES)
    assert all(type(values[k]) is float for k in ("int", "big", "oct", "hex", "bin", "negzero", "taggedint"))


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("0x1f", 31.0),
        ("-0x1F", -31.0),
        ("0X1F", 31.0),
        ("0O17", 15.0),
        ("0B11", 3.0),
        ("-0b11", -3.0),
        ("0b2", "0b2"),
        ("0b-1", -1.0),  # Go parses whatever follows "0b", a sign included
        ("-0b-1", "-0b-1"),
        ("0o8", "0o8"),
        ("08", 8.0),
        ("-08", -8.0),
        ("00", 0.0),
        ("0_7", 7.0),
        ("0x_1F", 31.0),
        ("+0x10", 16.0),
        ("0x", "0x"),
        ("0o", "0o"),
        ("0.5e3", 500.0),
        ("1.", 1.0),
        ("0.", 0.0),
        ("+.5", 0.5),
        ("-.5", -0.5),
        ("._5", "._5"),
        ("1e+3", 1000.0),
        ("1E3", 1000.0),
        ("1e400", "1e400"),
        (".1e400", ".1e400"),
        ("1e3.5", "1e3.5"),
        ("12e", "12e"),
        ("0x1.8p1", "0x1.8p1"),
        ("1__0", 10.0),
        ("_1", "_1"),
        ("1_000.5", 1000.5),
        ("+0", 0.0),
        ("3.0", 3.0),
        ("1e-7", 1e-7),
        ("9223372036854775808", 9223372036854775808.0),
        ("18446744073709551616", 18446744073709551616.0),
        ("-9223372036854775809", -9223372036854775809.0),
        ("123456789012345678", 123456789012345680.0),
        (".iNf", ".iNf"),
        ("Yes", True),
        ("yES", "yES"),
        ("NULL", None),
        ("nULL", "nULL"),
        ("'y'", "y"),
        ('"0x1F"', "0x1F"),
        ("2001-02-30", "2001-02-30"),
        ("1:20", "1:20"),
        ("190:20:30", "190:20:30"),
        ("-1:20", "-1:20"),
        ("<<", "<<"),
    ],
)
def test_plain_scalar_resolution_follows_yaml_1_1(literal, expected):
    assert _value(literal) == expected
    assert type(_value(literal)) is type(expected)


def test_negative_zero_float_keeps_its_sign():
    value = _value("-0.0")
    assert value == 0 and math.copysign(1, value) == -1


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("!!float 3", 3.0),
        ("!!int 0x10", 16.0),
        ('!!int "0755"', 493.0),
        ('!!float "1e3"', 1000.0),
        ("!!bool yes", True),
        ("!!null ~", None),
        ("!!binary aGVsbG8=", "hello"),
        ("!foo bar", "bar"),
        ("! 7", "7"),
        ("!!timestamp 2001-01-01", "2001-01-01"),
        ("!!str", ""),
        ("!!map x", "x"),
        ("!!str [1]", [1.0]),
    ],
)
def test_tags_are_applied_like_goyaml(literal, expected):
    assert _value(literal) == expected


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ("!!int abc", "cannot decode !!str `abc` as a !!int"),
        ("!!float abc", "cannot decode !!str `abc` as a !!float"),
        ("!!timestamp abc", "cannot decode !!str `abc` as a !!timestamp"),
        ("!!null x", "cannot decode !!str `x` as a !!null"),
        ("!!bool 1", "cannot decode !!int `1` as a !!bool"),
        ('!!binary "!!"', "!!binary value contains invalid base64 data"),
    ],
)
def test_tag_mismatches_fail_with_goyaml_text(literal, message):
    with pytest.raises(ValuesLoadError) as caught:
        _value(literal)
    assert str(caught.value) == f"cannot load values.yaml: error converting YAML to JSON: yaml: {message}"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("1", "1"),
        ("1.5", "1.5"),
        ("0.1", "0.1"),
        ("1e3", "1000"),
        ("123456789.0", "1.2345679e+08"),
        ("0x10", "16"),
        ("2001-01-01", "2001-01-01"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        ("1e20", "1e+20"),
        ("1e21", "1e+21"),
        ("1e-7", "1e-07"),
        ("-0.0", "-0"),
        ("3.14159265358979", "3.1415927"),
        ("16777217.0", "1.6777216e+07"),
        ("0.000123", "0.000123"),
        ("100000.0", "100000"),
        ("1000000.0", "1e+06"),
        ("0.0001", "0.0001"),
        ("0.00001", "1e-05"),
        ("!!binary aGk=", "hi"),
        ("yes", "true"),
        ("Off", "false"),
    ],
)
def test_keys_are_resolved_then_stringified(key, expected):
    assert list(_load(f"{key}: v\n")) == [expected]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("~: v\n", 'unsupported map key of type: %!s(<nil>), key: <nil>, value: "v"'),
        ("9223372036854775808: v\n", 'unsupported map key of type: uint64, key: 0x8000000000000000, value: "v"'),
        ("[a]: v\n", 'yaml: invalid map key: []interface {}{"a"}'),
        ("{a: 1}: v\n", 'yaml: invalid map key: map[interface {}]interface {}{"a":1}'),
        ("a:\n  ? [x]\n  : y\n", 'yaml: invalid map key: []interface {}{"x"}'),
    ],
)
def test_keys_json_cannot_hold_fail(text, message):
    with pytest.raises(ValuesLoadError) as caught:
        _load(text)
    assert caught.value.detail == f"error converting YAML to JSON: {message}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", {"a": 2.0}),
        ("x: {a: 1, a: 2}\n", {"x": {"a": 2.0}}),
        ("y: 1\nyes: 2\n", {"true": 2.0}),
        ("? a\n: b\n", {"a": "b"}),
        ("a: {? b}\n", {"a": {"b": None}}),
        ("a: [a, b, ]\n", {"a": ["a", "b"]}),
        ("{a:b}\n", {"a:b": None}),
        ("{a: b:c}\n", {"a": "b:c"}),
        ("a: [b:c]\n", {"a": ["b:c"]}),
        ("a: 'it''s'\n", {"a": "it's"}),
        ("a:   \n  b\n", {"a": "b"}),
        ("a: |\n x\n  y\n z\n", {"a": "x\n y\nz\n"}),
        ("a: >-\n   folded\n   text\n", {"a": "folded text"}),
        ("a: 1\nb:\n- 1\n - 2\n", {"a": 1.0, "b": ["1 - 2"]}),
        ("a: 1\n b\n", {"a": "1 b"}),
        ("a: &a\n", {"a": None}),
        ("a: 1 # ok\nb: 2 #ok\nc: d#e\n", {"a": 1.0, "b": 2.0, "c": "d#e"}),
        ("\ufeffa: 1\n", {"a": 1.0}),
        ("? a\n? b\n", {"a": None, "b": None}),
    ],
)
def test_structure_decodes_like_goyaml(text, expected):
    assert _load(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # goyaml.v2 decodes a merged map in place: it also overrides keys written before "<<", and in a list of
        # maps the earlier map wins.
        (
            "a: &x {k: 1}\nb:\n  <<: [*x, {k: 2, j: 3}]\n  j: 4\nc:\n  k: 0\n  <<: *x\n",
            {"a": {"k": 1.0}, "b": {"k": 1.0, "j": 4.0}, "c": {"k": 1.0}},
        ),
        ('a:\n  "<<": {x: 1}\n', {"a": {"<<": {"x": 1.0}}}),
    ],
)
def test_merge_keys_follow_goyaml_v2(text, expected):
    assert _load(text) == expected


def test_aliases_are_independent_copies():
    values = _load("a: &x {k: [1]}\nb: *x\n")
    values["a"]["k"].append(2)
    assert values["b"] == {"k": [1.0]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: c: d\n", "yaml: line 2: mapping values are not allowed in this context"),
        ("a: [1, 2\nb: 3\n", "yaml: line 1: did not find expected ',' or ']'"),
        ("a: {x: 1\nb: 3\n", "yaml: line 1: did not find expected ',' or '}'"),
        ("a: 1\n  b: 2\n", "yaml: line 2: mapping values are not allowed in this context"),
        ("a:\n  - 1\n  b: 2\n", "yaml: line 2: did not find expected '-' indicator"),
        ('a: "unterminated\nb: 2\n', "yaml: line 3: found unexpected end of stream"),
        ("a: @x\n", "yaml: found character that cannot start any token"),
        ("a: `x\n", "yaml: found character that cannot start any token"),
        ("a: %x\n", "yaml: found character that cannot start any token"),
        ("a: *nope\n", "yaml: unknown anchor 'nope' referenced"),
        ("a: 1\n\tb: 2\n", "yaml: line 2: found a tab character that violates indentation"),
        ("a:\n  <<: 5\n", "yaml: map merge requires map or sequence of maps as the value"),
        ("a:\n  <<: [5]\n", "yaml: map merge requires map or sequence of maps as the value"),
        ("a: &x 5\nb:\n  <<: *x\n", "yaml: map merge requires map or sequence of maps as the value"),
        ("a: &x [*x]\n", "yaml: anchor 'x' value contains itself"),
        ('a: "\\q"\n', "yaml: found unknown escape character"),
        ('a: "x\\/y"\n', "yaml: found unknown escape character"),
        ("key\nother: 1\n", "yaml: line 2: mapping values are not allowed in this context"),
        ("- a\nb: 1\n", "yaml: line 1: did not find expected '-' indicator"),
        ("a: 1\n- b\n", "yaml: line 1: did not find expected key"),
        ("a: b\n c\nd: e: f\n", "yaml: line 3: mapping values are not allowed in this context"),
        ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "yaml: line 1: found duplicate %YAML directive"),
        ("a: !<!x> 1\n!!x: b\n", "yaml: line 3: could not find expected ':'"),
        ("a: !e!x 1\n", "yaml: found undefined tag handle"),
        ("a: [1, 2]]\n", "yaml: did not find expected key"),
        ('"a\n', "yaml: line 2: found unexpected end of stream"),
        ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
        ("x:\n  y: 1\n z: 2\n", "yaml: line 2: did not find expected key"),
        ('a: "x" y\n', "yaml: did not find expected key"),
        ("a: \x01\n", "yaml: control characters are not allowed"),
        ("a:\n  b: [\n  c\n", "yaml: line 3: did not find expected ',' or ']'"),
        (": v\n", "yaml: did not find expected key"),
        ("a: {,}\n", "yaml: did not find expected node content"),
        ("a: b #c\n  d\n", "yaml: line 1: did not find expected key"),
    ],
)
def test_syntax_errors_carry_goyaml_text_and_line(text, message):
    with pytest.raises(ValuesLoadError) as caught:
        _load(text)
    assert caught.value.detail == f"error converting YAML to JSON: {message}"


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("- a\n- b\n", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
        ('"str"\n', "json: cannot unmarshal string into Go value of type map[string]interface {}"),
        ("5\n", "json: cannot unmarshal number into Go value of type map[string]interface {}"),
        ("true\n", "json: cannot unmarshal bool into Go value of type map[string]interface {}"),
    ],
)
def test_a_document_that_is_not_a_map_is_refused(text, detail):
    with pytest.raises(ValuesLoadError) as caught:
        _load(text)
    assert caught.value.detail == f"error unmarshaling JSON: while decoding JSON: {detail}"


@pytest.mark.parametrize(("literal", "shown"), [(".inf", "+Inf"), ("-.inf", "-Inf"), (".nan", "NaN")])
def test_infinity_and_nan_cannot_pass_the_json_step(literal, shown):
    with pytest.raises(ValuesLoadError) as caught:
        _value(literal)
    assert caught.value.detail == f"error converting YAML to JSON: json: unsupported value: {shown}"


@pytest.mark.parametrize("text", ["", "# only comment\n", "~\n", "---\n"])
def test_empty_or_null_documents_give_an_empty_map(text):
    assert _load(text) == {}


def test_chart_values_errors_are_wrapped_as_helm_does():
    with pytest.raises(ValuesLoadError) as caught:
        load_values("a: .inf\n", "values.yaml", profile=HELM_3)
    assert str(caught.value) == "cannot load values.yaml: error converting YAML to JSON: json: unsupported value: +Inf"


def test_user_file_errors_name_the_file():
    with pytest.raises(ValuesLoadError) as caught:
        load_values("a: 1\nb: c: d\n", "bad1.yaml", profile=HELM_3)
    assert str(caught.value) == (
        "failed to parse bad1.yaml: error converting YAML to JSON: yaml: line 2: "
        "mapping values are not allowed in this context"
    )


def test_helm4_wraps_each_document_error():
    with pytest.raises(ValuesLoadError) as caught:
        load_values("a: 1\nb: c: d\n", "values.yaml", profile=HELM_4)
    assert str(caught.value) == (
        "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: "
        "mapping values are not allowed in this context"
    )


# multidoc-values: helm 3 {"a":1,"b":1}, helm 4 {"a":1,"b":2,"c":3}
@pytest.mark.parametrize(("helm_compat", "expected"), [(3, {"a": 1.0, "b": 1.0}), (4, {"a": 1.0, "b": 2.0, "c": 3.0})])
def test_multidoc_values_chart(helm_compat, expected):
    assert _load("a: 1\nb: 1\n---\nb: 2\nc: 3\n", helm_compat) == expected


@pytest.mark.parametrize(
    ("text", "helm3", "helm4"),
    [
        (
            "--- # c\na: {x: 1, y: 2}\n---\na: {y: 3}\n--- \n",
            {"a": {"x": 1.0, "true": 2.0}},
            {"a": {"x": 1.0, "true": 3.0}},
        ),
        ("a: 1\n...\n---\nb: 2\n", {"a": 1.0}, {"a": 1.0, "b": 2.0}),
        ("%YAML 1.1\n---\na: 1\n", {"a": 1.0}, None),
        ("a: 1\n---\nb: null\na: null\n", {"a": 1.0}, {"a": None, "b": None}),
        ("a: 1\n  ---\nb: 2\n", {"a": "1 ---", "b": 2.0}, {"a": "1 ---", "b": 2.0}),
        ("{a: 1}}\n", {"a": 1.0}, {"a": 1.0}),
        ("a: 1\n...\nb: 2\n", {"a": 1.0}, {"a": 1.0}),
        ("a: 1\n---\nb: c: d\n", {"a": 1.0}, None),
    ],
)
def test_documents_after_the_first(text, helm3, helm4):
    assert _load(text, 3) == helm3
    if helm4 is not None:
        assert _load(text, 4) == helm4


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("a: 1\n--- b\n", "error reading yaml document: invalid Yaml document separator: b"),
        ("a: 1\n----\nb: 1\n", "error reading yaml document: invalid Yaml document separator: -"),
        (
            "a: 1\n---\n- x\n",
            "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            "array into Go value of type map[string]interface {}",
        ),
        (
            "a: 1\n---\nb: c: d\n",
            # the line number counts from the start of the document, and line 1 is never shown
            "cannot unmarshal yaml document: error converting YAML to JSON: yaml: mapping values are not "
            "allowed in this context",
        ),
        (
            # the directive ends up alone in the first document
            "%YAML 1.1\n---\na: 1\n",
            "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected "
            "<document start>",
        ),
    ],
)
def test_helm4_document_splitting_errors(text, detail):
    with pytest.raises(ValuesLoadError) as caught:
        _load(text, 4)
    assert caught.value.detail == detail


def test_helm3_ignores_a_bad_separator_after_the_first_document():
    assert _load("a: 1\n--- b\n", 3) == {"a": 1.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("~", {}),
        ("a: 1\n---\nb: 2", {"a": 1.0}),
        (
            "- a",
            {
                "Error": "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
            },
        ),
        ("a: b: c", {"Error": "error converting YAML to JSON: yaml: mapping values are not allowed in this context"}),
        ("x: .inf", {"Error": "error converting YAML to JSON: json: unsupported value: +Inf"}),
        ("a: 1\n--- b\n", {"a": 1.0}),
    ],
)
def test_from_yaml_returns_errors_as_values(text, expected):
    assert from_yaml(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("~", []),
        ("- 1\n- y", [1.0, True]),
        (
            "a: 1",
            [
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"
            ],
        ),
    ],
)
def test_from_yaml_array_returns_errors_as_values(text, expected):
    assert from_yaml_array(text) == expected


def test_funcs_declare_string_parameters():
    assert set(FUNCS) == {"fromYaml", "fromYamlArray"}
    assert all(fn.go_params == ("string",) for fn in FUNCS.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"apiVersion": "", "kind": "", "metadata": None}),
        (
            'apiVersion: 1.5\nkind: 12\nmetadata: {annotations: {"helm.sh/hook": 5}}',
            {"apiVersion": "1.5", "kind": "12", "metadata": {"name": "", "annotations": {"helm.sh/hook": "5"}}},
        ),
        (
            'kind: Pod\nmetadata: {name: x, annotations: {"helm.sh/hook": true}}',
            {"apiVersion": "", "kind": "Pod", "metadata": {"name": "x", "annotations": {"helm.sh/hook": "true"}}},
        ),
    ],
)
def test_manifest_head_turns_scalars_into_strings(text, expected):
    assert read_manifest_head(text, "t/templates/t.yaml") == expected


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("kind: [a]", "cannot unmarshal array into Go struct field SimpleHead.kind of type string"),
        (
            "metadata: {annotations: {helm.sh/hook: {a: 1}}}",
            "cannot unmarshal object into Go struct field .metadata.annotations of type string",
        ),
        (
            "metadata: {annotations: [1]}",
            "cannot unmarshal array into Go struct field .metadata.annotations of type map[string]string",
        ),
        ("metadata: {name: [1]}", "cannot unmarshal array into Go struct field .metadata.name of type string"),
        (
            "metadata: str",
            'cannot unmarshal string into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }',
        ),
        ("- a", "cannot unmarshal array into Go value of type releaseutil.SimpleHead"),
    ],
)
def test_manifest_head_type_errors(text, detail):
    with pytest.raises(ValueError) as caught:
        read_manifest_head(text, "t/templates/t.yaml")
    assert (
        str(caught.value)
        == f"YAML parse error on t/templates/t.yaml: error unmarshaling JSON: while decoding JSON: json: {detail}"
    )


def test_manifest_head_names_helm4_type():
    with pytest.raises(ValueError, match="Go value of type util.SimpleHead$"):
        read_manifest_head("- a", "t/templates/t.yaml", profile=HELM_4)


def test_manifest_head_refuses_infinity_anywhere():
    with pytest.raises(ValueError, match="json: unsupported value: \\+Inf$"):
        read_manifest_head("kind: Pod\nx: .inf", "t/templates/t.yaml")
