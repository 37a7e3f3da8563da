"""Execution of Go text/template trees: printing, control flow, variables, built-ins and Go's error texts."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import go_members, go_method
from chartgen.gotemplate.goprint import format_float, print_value, sprintf, to_text
from chartgen.gotemplate.gotypes import Int64, Uint8
from chartgen.gotemplate.parse import parse

# Every test runs with templates walked and with templates compiled (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("template_execution")

DATA = {
    "a": 1,
    "s": "str",
    "l": ["x", 1, 2.5, True, None, {"k": "v"}],
    "m": {"b": 2, "a": 1, "c": {"z": 1}},
    "e": "",
    "z": 0,
    "f": 1e6,
    "n": 3.0,
}


GO_HELM3 = (1, 23)  # the Go release Helm 3.17 is built with
GO_HELM4 = (1, 25)  # the Go release Helm 4.1 is built with


def run(text: str, data: object = DATA, *, go_version: tuple[int, int] = GO_HELM3, funcs: dict | None = None) -> str:
    tmpl = Template(funcs, go_version=go_version)
    tmpl.add(parse("t", text))
    return tmpl.execute("t", data)


def error(text: str, data: object = DATA, **kwargs: object) -> str:
    with pytest.raises(ExecError) as info:
        run(text, data, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------------------------------------ printing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1000000.0, "1e+06"),
        (1.5, "1.5"),
        (100000.0, "100000"),
        (123456.0, "123456"),
        (1234567.0, "1.234567e+06"),
        (12345678901.0, "1.2345678901e+10"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (3.0, "3"),
        (-1500000.0, "-1.5e+06"),
        (1e20, "1e+20"),
        (float("inf"), "+Inf"),
    ],
)
def test_float_printing_follows_go_percent_v(value, expected):
    assert format_float(value) == expected


def test_top_level_nil_prints_no_value():
    assert run("{{ .missing }}") == "<no value>"


def test_nil_inside_collection_prints_nil():
    assert to_text([None, {"k": None}]) == "[<nil> map[k:<nil>]]"
    assert print_value(None) == "<no value>"


def test_map_prints_with_sorted_keys_and_nesting():
    assert run("{{ .m }}") == "map[a:1 b:2 c:map[z:1]]"


def test_list_prints_space_separated():
    assert run("{{ .l }}") == "[x 1 2.5 true <nil> map[k:v]]"


def test_empty_collections_print_brackets():
    assert run("{{ .x }} {{ .y }}", {"x": [], "y": {}}) == "[] map[]"


def test_number_literals_print_like_go():
    assert run("{{ 1e6 }} {{ 1e3 }} {{ 1.0 }} {{ 0x1F }} {{ 'a' }} {{ 1i }}") == "1e+06 1000 1 31 97 (0+1i)"


def test_bools_and_values_floats_print():
    assert run("{{ true }} {{ .f }} {{ .n }}") == "true 1e+06 3"


# ------------------------------------------------------------------------------------------------ pipelines


def test_piped_value_becomes_last_argument():
    assert run('{{ "a" | printf "%s-%s" "b" }}') == "b-a"


def test_parenthesised_pipeline_as_argument():
    assert run('{{ printf "%d" (len .l) }}') == "6"


def test_argument_to_non_function_is_an_error():
    assert error('{{ "a" "b" }}').endswith('can\'t give argument to non-function "a"')


def test_nil_command_is_an_error():
    assert error("{{ nil }}").endswith("nil is not a command")


def test_undefined_function_is_an_error():
    tmpl = Template()
    tmpl.add(parse("t", "{{ nope 1 }}"))
    with pytest.raises(ExecError, match='"nope" is not a defined function'):
        tmpl.execute("t", None)


def test_wrong_arg_count_is_reported():
    assert error("{{ not 1 2 }}").endswith("wrong number of args for not: want 1 got 2")


# ------------------------------------------------------------------------------------------------ fields


def test_missing_key_yields_no_value_not_error():
    assert run("[{{ .missing }}]") == "[<no value>]"


def test_field_of_missing_key_is_nil_pointer_error():
    assert error("{{ .missing.x }}") == (
        'template: t:1:11: executing "t" at <.missing.x>: nil pointer evaluating interface {}.x'
    )


def test_field_of_string_cannot_be_evaluated():
    assert error("{{ .s.x }}").endswith("can't evaluate field x in type interface {}")


def test_field_of_unset_variable_is_silent_like_go():
    # A pipeline result is an invalid reflect.Value in Go, not a nil interface.
    assert run("{{ $v := .missing }}{{ $v.x }}ok") == "<no value>ok"


def test_field_of_nil_range_element_is_nil_pointer_error():
    assert error("{{ range .x }}{{ .a }}{{ end }}", {"x": [None]}).endswith("nil pointer evaluating interface {}.a")


@go_members(fields=["Name"])
class _Caps:
    go_type = "test.Caps"
    Name = "caps"

    @go_method("string", results=("bool",))
    def Has(self, version: str) -> bool:  # noqa: N802 - Go method name
        return version == "apps/v1"

    @go_method(results=("string",))
    def Version(self) -> str:  # noqa: N802
        return "v1"

    def Hidden(self) -> str:  # noqa: N802 - capitalised, but not declared as a Go method
        return "leak"


def test_declared_fields_and_methods_are_reachable():
    assert run('{{ .c.Name }} {{ .c.Version }} {{ .c.Has "apps/v1" }} {{ .c.Has "x" }}', {"c": _Caps()}) == (
        "caps v1 true false"
    )


@pytest.mark.parametrize("name", ["Hidden", "__class__", "__dict__", "__init__", "name", "has"])
def test_undeclared_attributes_are_unreachable(name):
    assert error(f"{{{{ $c := .c }}}}{{{{ $c.{name} }}}}", {"c": _Caps()}).endswith(
        f"can't evaluate field {name} in type test.Caps"
    )


def test_plain_python_object_exposes_nothing():
    assert error("{{ $o := .o }}{{ $o.__class__ }}", {"o": object()}).endswith(
        "can't evaluate field __class__ in type object"
    )


def test_map_field_with_arguments_is_an_error():
    assert error('{{ .m.a "x" }}').endswith("a is not a method but has arguments")


# ------------------------------------------------------------------------------------------------ control


def test_if_else_if_else():
    assert run("{{ if .z }}a{{ else if .s }}b{{ else }}c{{ end }}") == "b"


def test_with_sets_dot_and_else_with():
    assert run("{{ with .a }}w={{ . }}{{ end }}{{ with .missing }}x{{ else with .s }}{{ . }}{{ end }}") == "w=1str"


def test_with_else_branch():
    assert run("{{ with .e }}x{{ else }}none{{ end }}") == "none"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (False, "F"),
        (0, "F"),
        (0.0, "F"),
        (None, "F"),
        ("", "F"),
        ([], "F"),
        ({}, "F"),
        (" ", "T"),
        ("0", "T"),
        ("false", "T"),
        (-1, "T"),
        ([0], "T"),
        (_Caps(), "T"),
    ],
)
def test_truthiness_table(value, expected):
    assert run("{{ if .v }}T{{ else }}F{{ end }}", {"v": value}) == expected


def test_range_list_with_index_and_value():
    assert run("{{ range $i, $v := .l }}{{ $i }}:{{ $v }},{{ end }}") == "0:x,1:1,2:2.5,3:true,4:<no value>,5:map[k:v],"


def test_range_single_variable_is_the_element():
    assert run("{{ range $v := .m }}{{ $v }};{{ end }}") == "1;2;map[z:1];"


def test_range_map_in_sorted_key_order():
    assert run("{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}") == "a=1;b=2;c=map[z:1];"


def test_range_else_for_empty_and_nil():
    assert run("{{ range .x }}x{{ else }}e{{ end }}{{ range .missing }}x{{ else }}n{{ end }}", {"x": []}) == "en"


def test_range_break():
    assert run("{{ range .x }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }},{{ end }}", {"x": [1, 2, 3, 4]}) == "1,2,"


def test_range_continue():
    assert run("{{ range $i, $v := .l }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }},{{ end }}") == "0,2,3,4,5,"


def test_range_over_int_is_an_error_before_go_1_24():
    assert error("{{ range 3 }}{{ . }}{{ end }}").endswith("range can't iterate over 3")


def test_range_over_int_from_go_1_24():
    assert run("{{ range 3 }}{{ . }}{{ end }}", go_version=GO_HELM4) == "012"


def test_range_over_int64_yields_int64_counters():
    assert run('{{ range .n }}{{ printf "%T " . }}{{ end }}', {"n": Int64(2)}, go_version=GO_HELM4) == "int64 int64 "


def test_range_over_int_with_two_variables_fails_even_from_go_1_24():
    assert error("{{ range $i, $v := 3 }}{{ end }}", go_version=GO_HELM4).endswith(
        "can't use 3 to iterate over more than one variable"
    )


def test_range_over_bytes_yields_uint8_values():
    assert run('{{ range $i, $b := .b }}{{ $i }}:{{ $b }}:{{ printf "%T" $b }} {{ end }}', {"b": b"AB"}) == (
        "0:65:uint8 1:66:uint8 "
    )


def test_range_dollar_is_top_level_data():
    assert run("{{ range .l }}{{ $.s }}{{ break }}{{ end }}") == "str"


# ------------------------------------------------------------------------------------------------ variables


def test_assignment_inside_block_is_visible_after_it():
    assert run("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}") == "2"


def test_declaration_inside_block_does_not_leak():
    assert run("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}") == "21"


def test_with_declares_variable():
    assert run("{{ with $v := .a }}{{ $v }}{{ . }}{{ end }}") == "11"


def test_templates_do_not_inherit_variables():
    assert run('{{ define "x" }}{{ $ }}{{ end }}{{ $y := 1 }}{{ template "x" 7 }}') == "7"


# ------------------------------------------------------------------------------------------------ templates


def test_template_and_block():
    text = (
        '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" 5 }}{{ template "x" }}{{ block "b" .a }}bd{{ . }}{{ end }}'
    )
    assert run(text) == "[5][<no value>]bd1"


def test_later_non_empty_define_replaces_earlier():
    tmpl = Template()
    tmpl.add(parse("one", '{{ define "d" }}first{{ end }}'))
    tmpl.add(parse("two", '{{ define "d" }}second{{ end }}{{ define "d2" }}{{ end }}'))
    tmpl.add(parse("three", '{{ define "d" }}  {{ end }}{{ template "d" }}'))
    assert tmpl.execute("three", None) == "second"


def test_empty_define_does_not_replace_an_earlier_empty_one():
    tmpl = Template()
    tmpl.add(parse("one", '{{ define "d" }}  {{ end }}'))
    tmpl.add(parse("two", '{{ define "d" }} {{ end }}'))
    tmpl.add(parse("t", '[{{ template "d" }}]'))
    assert tmpl.execute("t", None) == "[  ]"


def test_execute_tree_runs_an_empty_body_the_set_kept_out():
    tmpl = Template()
    tmpl.add(parse("t", "outer"))
    trees = parse("t", " ")
    tmpl.add(trees)
    assert (tmpl.execute("t", None), tmpl.execute_tree(trees["t"], None)) == ("outer", " ")


def test_undefined_template_is_an_error():
    assert error('{{ template "nope" }}').endswith('template "nope" not defined')


def test_runaway_recursion_hits_go_depth_limit():
    message = error('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" }}')
    assert message.endswith("exceeded maximum template depth (100000)")


# ------------------------------------------------------------------------------------------------ built-ins


def test_and_or_return_operand_values():
    assert run('{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 "" }}|{{ or 0 3 }}') == "0|2||3"


def test_and_or_short_circuit():
    def boom() -> str:
        raise AssertionError("evaluated")

    assert run("{{ or 1 (boom) }} {{ and 0 (boom) }}", funcs={"boom": boom}) == "1 0"


def test_eq_with_several_arguments_means_any():
    assert run("{{ eq 1 2 1 }} {{ eq 1 2 3 }}") == "true false"


def test_eq_int_with_float_is_an_error():
    assert error("{{ eq .n 3 }}") == (
        'template: t:1:3: executing "t" at <eq .n 3>: error calling eq: incompatible types for comparison'
    )


def test_incompatible_types_error_names_the_types_from_go_1_24():
    assert error("{{ eq .n 3 }}", go_version=GO_HELM4).endswith(
        "error calling eq: incompatible types for comparison: float64 and int"
    )
    assert error('{{ lt 1 "a" }}', go_version=GO_HELM4).endswith(
        "error calling lt: incompatible types for comparison: int and string"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ eq (list 1) (list 2) }}", "non-comparable type [%!s(int=2)]: []interface {}"),
        (
            "{{ eq .m .m }}",
            "non-comparable type map[a:%!s(int=1) b:%!s(int=2) c:map[z:%!s(int=1)]]: map[string]interface {}",
        ),
        ("{{ eq .b .b }}", "non-comparable type hey: []uint8"),
        (
            "{{ eq .l .m }}",
            "non-comparable types [x %!s(int=1) %!s(float64=2.5) %!s(bool=true) <nil> map[k:v]]: []interface {}, "
            "map[string]interface {}: map[a:1 b:2 c:map[z:1]]",
        ),
        ('{{ eq (list 1) "a" }}', "incompatible types for comparison"),
        ("{{ eq true 1 }}", "incompatible types for comparison"),
    ],
)
def test_eq_of_collections_texts(text, message):
    assert error(text, {**DATA, "b": b"hey", "list": list}, funcs={"list": lambda *a: list(a)}).endswith(
        f"error calling eq: {message}"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ lt true 1 }}", "incompatible types for comparison"),  # bool is a basic kind, just not ordered
        ("{{ lt true false }}", "invalid type for comparison"),
        ("{{ lt .l 1 }}", "invalid type for comparison"),
    ],
)
def test_lt_texts(text, message):
    assert error(text).endswith(f"error calling lt: {message}")


def test_unsigned_and_signed_integers_compare_by_value():
    data = {"u": Uint8(97)}
    assert run("{{ eq .u 97 }} {{ eq 97 .u }} {{ lt -1 .u }} {{ lt .u 98 }} {{ eq .u -159 }}", data) == (
        "true true true true false"
    )


def test_nil_slice_equals_nil():
    class NilList(list):
        go_type = "[]interface {}"
        go_nil = True

    assert run("{{ eq .n .missing }} {{ eq .n .e }}", {"n": NilList(), "e": []}) == "true false"


def test_pointers_are_equal_only_to_themselves():
    class Version:
        go_type = "*semver.Version"
        go_kind = "ptr"

        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    one, two = Version(), Version()
    assert run("{{ eq .a .a }} {{ eq .a .b }}", {"a": one, "b": two}) == "true false"


def test_eq_with_nil_is_false_without_error():
    assert run('{{ eq .missing "" }}') == "false"


def test_lt_with_nil_is_an_error():
    assert error("{{ lt 1 nil }}").endswith("error calling lt: invalid type for comparison")


def test_ordering_comparisons():
    assert (
        run('{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} {{ ne 1 2 }}') == "true true true false true"
    )


def test_index_nested():
    assert run('{{ index .m "c" "z" }} {{ index .l 1 }} {{ index "abc" 1 }}') == "1 1 98"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Go's bounds check lets the length itself through (it also serves slice bounds); reflect then panics.
        ("{{ index .l 6 }}", "reflect: slice index out of range"),
        ('{{ index "ab" 2 }}', "reflect: string index out of range"),
        ("{{ index .b 3 }}", "reflect: slice index out of range"),
        ("{{ index .l 7 }}", "index out of range: 7"),
        ("{{ index .l -1 }}", "index out of range: -1"),
        ("{{ index .l 1.5 }}", "cannot index slice/array with type float64"),
        ("{{ index .l nil }}", "cannot index slice/array with nil"),
    ],
)
def test_index_out_of_range_texts(text, message):
    assert error(text, {**DATA, "b": b"hey"}).endswith(f"error calling index: {message}")


def test_index_of_string_or_bytes_is_a_uint8():
    assert run('{{ printf "%T %v" (index "é" 0) (index .b 1) }}', {"b": b"hey"}) == "uint8 101"


def test_index_of_missing_key_in_string_map_is_empty_string():
    class StringMap(dict):
        go_type = "map[string]string"

    assert run('{{ printf "%q" (index .m "x") }}', {"m": StringMap(a="b")}) == '""'


def test_index_of_nil_is_an_error():
    assert error('{{ index nil "x" }}').endswith("error calling index: index of untyped nil")


def test_len_and_slice():
    assert run("{{ len .l }} {{ len .s }} {{ slice .l 1 3 }} {{ slice .s 1 }}") == "6 3 [1 2.5] tr"


def test_print_and_println_spacing():
    assert run('{{ print 1 2 "a" "b" 3 }}|{{ println 1 "a" }}') == "1 2ab3|1 a\n"


def test_printf_verbs_and_mismatch_markers():
    assert sprintf("%v|%s|%d|%q|%t|%f|%x|%%", "a", "b", 3, "q", True, 42.0, 255) == 'a|b|3|"q"|true|42.000000|ff|%'
    assert sprintf("%d|%s|%d %d|%d", 3.0, None, 1, 1, 2) == "%!d(float64=3)|%!s(<nil>)|1 1|2"
    assert sprintf("%d", 1, 2) == "1%!(EXTRA int=2)"
    assert sprintf("%d %d", 1) == "1 %!d(MISSING)"


def test_printf_q_on_list_marks_each_element():
    assert sprintf("%q", ["x", 1.0, None]) == '["x" %!q(float64=1) <nil>]'


def test_not_html_js_urlquery():
    assert run('{{ not 0 }} {{ html "<a&b>" }} {{ urlquery "a b&" }}') == "true &lt;a&amp;b&gt; a+b%26"


def test_html_writes_numeric_entities_for_quotes():
    assert run("""{{ html "<a href=\\"x\\">O'Neil & co</a>\\x00" }}""") == (
        "&lt;a href=&#34;x&#34;&gt;O&#39;Neil &amp; co&lt;/a&gt;\ufffd"
    )


def test_escapers_print_nil_operands_as_no_value():
    assert (
        run('{{ html 1 "a" nil }}|{{ html nil }}|{{ urlquery nil }}')
        == "1a&lt;no value&gt;|&lt;no value&gt;|%3Cno+value%3E"
    )


def test_js_escapes_specials_controls_and_non_printable_runes():
    text = """{{ js "<a href=\\"x\\">O'Neil & co</a>=\\x00\\t\\u2028é\\u00a0\\x7f" }}"""
    assert run(text) == (
        '\\u003Ca href\\u003D\\"x\\"\\u003EO\\\'Neil \\u0026 co\\u003C/a\\u003E\\u003D\\u0000\\u0009\\u2028é\\u00A0\x7f'
    )


def test_urlquery_escapes_utf8_bytes():
    assert run('{{ urlquery "a b&c=d/é~-_." }}') == "a+b%26c%3Dd%2F%C3%A9~-_."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{{ call "x" }}', 'non-function "x" of type string'),
        ("{{ call .a }}", "non-function .a of type int"),
        ("{{ call (print 1) 2 }}", "non-function print 1 of type string"),
        ("{{ call nil }}", "call of nil"),
        ("{{ call .missing }}", "call of nil"),
    ],
)
def test_call_on_non_function_names_the_callee_as_written(text, message):
    assert error(text).endswith(f"error calling call: {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{{ "x" | call }}', "non-function x of type string"),
        ("{{ 1 | call }}", "non-function <int Value> of type int"),
    ],
)
def test_call_on_piped_non_function_names_its_value_from_go_1_24(text, message):
    # Go 1.23 (Helm 3.17) panics here instead ("index out of range [0] with length 0"); not reproduced.
    assert error(text, go_version=GO_HELM4).endswith(f"error calling call: {message}")


def test_call_invokes_a_function_value():
    assert run("{{ call .f 2 }}", {"f": lambda x: x * 3}) == "6"


def test_function_error_is_wrapped():
    def fail(msg: str) -> str:
        raise FuncError(msg)

    assert error('{{ fail "boom" }}', funcs={"fail": fail}).endswith("error calling fail: boom")


def test_unexpected_python_error_in_a_function_propagates_as_a_bug():
    def broken(msg: str) -> str:
        raise ValueError(msg)

    with pytest.raises(ValueError, match="^boom$"):
        run('{{ broken "boom" }}', funcs={"broken": broken})


# ------------------------------------------------------------------------------------------------ error format


def test_error_column_counts_bytes():
    assert error("# ééé {{ .Values.q.r }}", {"Values": {}}).startswith("template: t:1:19: ")


def test_error_column_counts_bytes_from_the_line_start():
    assert error("# é\n# 日本 {{ .Values.q.r }}", {"Values": {}}).startswith("template: t:2:19: ")


def test_error_message_has_line_and_column():
    text = "line one\n  {{ .missing.field }}"
    assert error(text) == (
        'template: t:2:13: executing "t" at <.missing.field>: nil pointer evaluating interface {}.field'
    )


def test_error_inside_define_names_the_define_and_file():
    tmpl = Template()
    tmpl.add(parse("file.yaml", '{{ define "d" }}\n{{ .a.b }}{{ end }}{{ template "d" .x }}'))
    with pytest.raises(ExecError) as info:
        tmpl.execute("file.yaml", {"x": {"a": "s"}})
    assert str(info.value) == (
        'template: file.yaml:2:5: executing "d" at <.a.b>: can\'t evaluate field b in type interface {}'
    )
