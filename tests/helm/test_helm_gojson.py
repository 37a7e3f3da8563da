"""Go encoding/json as Helm and Sprig use it: every expectation below was produced by real helm 3.17.3 and 4.1.4."""

from __future__ import annotations

import pytest
from template_harness import as_values, codec_cases, execute

from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import Int64, StringList, StructFields
from chartgen.helm import gojson
from chartgen.helm.gojson import FUNCS, FUNCS_HELM4, JSONError, from_json, to_json, to_pretty_json, to_raw_json

CASES, IDS = codec_cases("cases")


def render(source: str, values: object = None, funcs: dict | None = None) -> str:
    return execute(funcs if funcs is not None else FUNCS, source, {"Values": values})


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_json_matches_helm_on_recorded_values(case):
    assert to_json(as_values(case["value"])) == case["toJson"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_raw_json_matches_sprig_on_recorded_values(case):
    assert to_raw_json(as_values(case["value"])) == case["toRawJson"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_to_pretty_json_matches_sprig_on_recorded_values(case):
    assert to_pretty_json(as_values(case["value"])) == case["toPrettyJson"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (1e6, "1000000"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1e100, "1e+100"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (2.5e-5, "0.000025"),
        (-0.0, "-0"),
        (9223372036854775807.0, "9223372036854776000"),
        (18446744073709551615.0, "18446744073709552000"),
        (-1500000.0, "-1500000"),
    ],
)
def test_float_formatting_switches_to_exponent_only_outside_1e_minus_6_to_1e21(value, text):
    assert gojson.json_float(value) == text


def test_ints_and_int64_print_as_integers():
    assert to_json([1, Int64(-5), 2**63 - 1]) == "[1,-5,9223372036854775807]"


def test_html_characters_are_escaped_by_to_json_but_not_to_raw_json():
    assert to_json("<a&b>") == '"\\u003ca\\u0026b\\u003e"'
    assert to_raw_json("<a&b>") == '"<a&b>"'


def test_line_and_paragraph_separators_are_escaped_even_in_raw_json():
    assert to_raw_json("<\u2028\u2029>") == '"<\\u2028\\u2029>"'


def test_control_characters_use_short_escapes_where_go_has_them():
    assert to_json("\b\f\n\r\t\x01\x7f\x80\x85") == '"\\b\\f\\n\\r\\t\\u0001\x7f\x80\x85"'


def test_lone_surrogates_standing_for_invalid_utf8_become_replacement_characters():
    assert to_json("a\udcffb") == '"a\ufffdb"'


def test_bytes_marshal_as_base64():
    assert to_json({"b": b"k=v"}) == '{"b":"az12"}'


def test_map_keys_are_sorted_bytewise():
    assert (
        to_json({"b": 1, "B": 2, "a": 3, "_": 4, "é": 5, "10": 6, "9": 7})
        == '{"10":6,"9":7,"B":2,"_":4,"a":3,"b":1,"é":5}'
    )


def test_string_lists_are_arrays():
    assert to_json(StringList(["a", "b"])) == '["a","b"]'


def test_struct_fields_keep_their_declaration_order():
    class Meta:
        go_type = "*chart.Metadata"

        def go_json(self):
            return StructFields([("name", "x"), ("apiVersion", "v2"), ("IsRoot", True)])

    assert to_json(Meta()) == '{"name":"x","apiVersion":"v2","IsRoot":true}'


def test_an_object_marshalling_to_a_string_is_a_json_string():
    class Version:
        go_type = "*semver.Version"

        def go_json(self):
            return "1.2.3"

    assert to_json([Version()]) == '["1.2.3"]'


def test_empty_collections_stay_compact_when_indented():
    assert to_pretty_json({"a": [], "b": {}, "c": [1]}) == '{\n  "a": [],\n  "b": {},\n  "c": [\n    1\n  ]\n}'


@pytest.mark.parametrize(("value", "message"), [(float("nan"), "NaN"), (float("inf"), "+Inf"), (float("-inf"), "-Inf")])
def test_non_finite_floats_are_unsupported_values(value, message):
    with pytest.raises(JSONError, match=f"^json: unsupported value: {message.replace('+', '[+]')}$"):
        to_json([value])


def test_complex_numbers_are_an_unsupported_type():
    with pytest.raises(JSONError, match="^json: unsupported type: complex128$"):
        to_json(1j)


# Inputs, then what helm printed for {{ fromJson input }} and {{ fromJsonArray input }}.
FROM_JSON = [
    ("", "map[Error:unexpected end of JSON input]", "[unexpected end of JSON input]"),
    (
        "x",
        "map[Error:invalid character 'x' looking for beginning of value]",
        "[invalid character 'x' looking for beginning of value]",
    ),
    (
        '{"a":1,}',
        "map[Error:invalid character '}' looking for beginning of object key string]",
        "[invalid character '}' looking for beginning of object key string]",
    ),
    ("[1 2]", "map[Error:invalid character '2' after array element]", "[invalid character '2' after array element]"),
    ('{"a" 1}', "map[Error:invalid character '1' after object key]", "[invalid character '1' after object key]"),
    (
        "tru",
        "map[Error:invalid character ' ' in literal true (expecting 'e')]",
        "[invalid character ' ' in literal true (expecting 'e')]",
    ),
    (
        "trux",
        "map[Error:invalid character 'x' in literal true (expecting 'e')]",
        "[invalid character 'x' in literal true (expecting 'e')]",
    ),
    ("-", "map[Error:invalid character ' ' in numeric literal]", "[invalid character ' ' in numeric literal]"),
    (
        "1.",
        "map[Error:invalid character ' ' after decimal point in numeric literal]",
        "[invalid character ' ' after decimal point in numeric literal]",
    ),
    (
        "1e",
        "map[Error:invalid character ' ' in exponent of numeric literal]",
        "[invalid character ' ' in exponent of numeric literal]",
    ),
    (
        "1e+",
        "map[Error:invalid character ' ' in exponent of numeric literal]",
        "[invalid character ' ' in exponent of numeric literal]",
    ),
    (
        '"\\q"',
        "map[Error:invalid character 'q' in string escape code]",
        "[invalid character 'q' in string escape code]",
    ),
    (
        '"\\u12g4"',
        "map[Error:invalid character 'g' in \\u hexadecimal character escape]",
        "[invalid character 'g' in \\u hexadecimal character escape]",
    ),
    (
        '"\\u12',
        "map[Error:invalid character ' ' in \\u hexadecimal character escape]",
        "[invalid character ' ' in \\u hexadecimal character escape]",
    ),
    ('"\\', "map[Error:invalid character ' ' in string escape code]", "[invalid character ' ' in string escape code]"),
    (
        '{"a":1} x',
        "map[Error:invalid character 'x' after top-level value]",
        "[invalid character 'x' after top-level value]",
    ),
    (
        "é",
        "map[Error:invalid character 'Ã' looking for beginning of value]",
        "[invalid character 'Ã' looking for beginning of value]",
    ),
    ('"a\tb"', "map[Error:invalid character '\\t' in string literal]", "[invalid character '\\t' in string literal]"),
    ("01", "map[Error:invalid character '1' after top-level value]", "[invalid character '1' after top-level value]"),
    ("[1,", "map[Error:unexpected end of JSON input]", "[unexpected end of JSON input]"),
    ("{", "map[Error:unexpected end of JSON input]", "[unexpected end of JSON input]"),
    ('{"a"', "map[Error:unexpected end of JSON input]", "[unexpected end of JSON input]"),
    (
        "nul",
        "map[Error:invalid character ' ' in literal null (expecting 'l')]",
        "[invalid character ' ' in literal null (expecting 'l')]",
    ),
    (
        "fals",
        "map[Error:invalid character ' ' in literal false (expecting 'e')]",
        "[invalid character ' ' in literal false (expecting 'e')]",
    ),
    (
        "[1,]",
        "map[Error:invalid character ']' looking for beginning of value]",
        "[invalid character ']' looking for beginning of value]",
    ),
    (
        '{"a":1 "b":2}',
        "map[Error:invalid character '\"' after object key:value pair]",
        "[invalid character '\"' after object key:value pair]",
    ),
    (
        "'a'",
        "map[Error:invalid character '\\'' looking for beginning of value]",
        "[invalid character '\\'' looking for beginning of value]",
    ),
    ('"abc', "map[Error:unexpected end of JSON input]", "[unexpected end of JSON input]"),
    (
        " 1 ",
        "map[Error:json: cannot unmarshal number into Go value of type map[string]interface {}]",
        "[json: cannot unmarshal number into Go value of type []interface {}]",
    ),
    ("-x", "map[Error:invalid character 'x' in numeric literal]", "[invalid character 'x' in numeric literal]"),
    (
        "1.x",
        "map[Error:invalid character 'x' after decimal point in numeric literal]",
        "[invalid character 'x' after decimal point in numeric literal]",
    ),
    (
        '{"a":1e400,"b":2}',
        "map[Error:json: cannot unmarshal number 1e400 into Go value of type float64 a:<nil> b:2]",
        "[json: cannot unmarshal object into Go value of type []interface {}]",
    ),
    (
        '{"a":[1,{"b":null}],"c":"\\ud83d\\ude00\\ud800x"}',
        "map[a:[1 map[b:<nil>]] c:😀�x]",
        "[json: cannot unmarshal object into Go value of type []interface {}]",
    ),
    ("[]", "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]", "[]"),
    ("{}", "map[]", "[json: cannot unmarshal object into Go value of type []interface {}]"),
    (
        '"x"',
        "map[Error:json: cannot unmarshal string into Go value of type map[string]interface {}]",
        "[json: cannot unmarshal string into Go value of type []interface {}]",
    ),
    (
        "true",
        "map[Error:json: cannot unmarshal bool into Go value of type map[string]interface {}]",
        "[json: cannot unmarshal bool into Go value of type []interface {}]",
    ),
    (
        "1.5e3",
        "map[Error:json: cannot unmarshal number into Go value of type map[string]interface {}]",
        "[json: cannot unmarshal number into Go value of type []interface {}]",
    ),
]


@pytest.mark.parametrize(("text", "as_map", "as_list"), FROM_JSON, ids=[repr(row[0]) for row in FROM_JSON])
def test_from_json_prints_like_helm(text, as_map, as_list):
    assert to_text(FUNCS["fromJson"](text)) == as_map


@pytest.mark.parametrize(("text", "as_map", "as_list"), FROM_JSON, ids=[repr(row[0]) for row in FROM_JSON])
def test_from_json_array_prints_like_helm(text, as_map, as_list):
    assert to_text(FUNCS["fromJsonArray"](text)) == as_list


def test_decoded_numbers_are_float64():
    assert from_json('{"a":1,"b":[2]}') == {"a": 1.0, "b": [2.0]}
    assert type(from_json('{"a":1}')["a"]) is float


def test_to_json_renders_nothing_on_error():
    assert render("{{ toJson (index .Values 0) }}", [float("nan")]) == ""


@pytest.mark.parametrize("name", ["mustToJson", "mustToRawJson", "toRawJson"])
def test_must_variants_and_to_raw_json_fail_the_render(name):
    with pytest.raises(Exception, match=f"error calling {name}: json: unsupported value: NaN"):
        render(f"{{{{ {name} (index .Values 0) }}}}", [float("nan")])


def test_must_to_pretty_json_fails_the_render():
    with pytest.raises(Exception, match="error calling mustToPrettyJson: json: unsupported value: [+]Inf"):
        render("{{ mustToPrettyJson (index .Values 0) }}", [float("inf")])


def test_to_pretty_json_renders_nothing_on_error():
    assert render("{{ toPrettyJson (index .Values 0) }}", [float("nan")]) == ""


def test_must_from_json_returns_any_json_value():
    assert render('{{ mustFromJson "[1,2]" }}') == "[1 2]"


def test_must_from_json_fails_with_the_scanner_error():
    with pytest.raises(
        Exception, match="error calling mustFromJson: invalid character 'x' looking for beginning of object key string"
    ):
        render('{{ mustFromJson "{x" }}')


def test_from_json_takes_a_string_parameter():
    with pytest.raises(Exception, match="wrong type for value; expected string; got float64"):
        render("{{ fromJson .Values }}", 1.0)


def test_helm4_registers_its_own_must_to_json():
    assert set(FUNCS_HELM4) == {"mustToJson"}
    with pytest.raises(Exception, match="error calling mustToJson: json: unsupported value: NaN"):
        render("{{ mustToJson (index .Values 0) }}", [float("nan")], {**FUNCS, **FUNCS_HELM4})


def test_funcs_cover_the_json_family():
    assert set(FUNCS) == {
        "toJson",
        "fromJson",
        "fromJsonArray",
        "toPrettyJson",
        "toRawJson",
        "mustToJson",
        "mustToPrettyJson",
        "mustToRawJson",
        "mustFromJson",
    }
