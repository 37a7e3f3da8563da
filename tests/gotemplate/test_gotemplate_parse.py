"""The Go text/template parser and node tree: re-printing, literals, control structures, scoping and errors."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.lex import ItemType
from chartgen.gotemplate.node import (
    ActionNode,
    ChainNode,
    CommandNode,
    FieldNode,
    IfNode,
    NumberNode,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    VariableNode,
    WithNode,
    parse_number,
)
from chartgen.gotemplate.parse import TemplateParseError, Tree, parse


def tree(text: str, name: str = "t") -> Tree:
    return parse(name, text)[name]


def reprint(text: str) -> str:
    return str(tree(text).root)


def parse_error(text: str, funcs: set[str] | None = None, name: str = "t") -> str:
    with pytest.raises(TemplateParseError) as info:
        parse(name, text, funcs)
    return str(info.value)


def only_action_arg(text: str):
    """The single argument of the single command of a one-action template."""
    (action,) = tree(text).root.nodes
    assert isinstance(action, ActionNode)
    (command,) = action.pipe.cmds
    (arg,) = command.args
    return arg


# ---------------------------------------------------------------------------------------------- re-printing


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        ("plain text", "plain text"),
        ("a {{ .Name }} b", "a {{.Name}} b"),
        ("{{ .Values.image.tag }}", "{{.Values.image.tag}}"),
        ('{{ "a" | printf "%s-%s" "b" }}', '{{"a" | printf "%s-%s" "b"}}'),
        ("{{ $x := .a }}{{ $x }}", "{{$x := .a}}{{$x}}"),
        ("{{ $x := 1 }}{{ $x = 2 }}", "{{$x := 1}}{{$x = 2}}"),
        ("{{ (list 1 2).a.b }}", "{{(list 1 2).a.b}}"),
        ("{{ len (list 1 2) }}", "{{len (list 1 2)}}"),
        ("{{ $.Values.x }}", "{{$.Values.x}}"),
        ("{{if .A}}x{{else}}y{{end}}", "{{if .A}}x{{else}}y{{end}}"),
        ("{{ range $i, $v := .L }}{{ $i }}{{ end }}", "{{range $i, $v := .L}}{{$i}}{{end}}"),
        ("{{ with .a }}{{ . }}{{ end }}", "{{with .a}}{{.}}{{end}}"),
        ("{{ template `x` }}", '{{template "x"}}'),
        ('{{ template "x" .a }}', '{{template "x" .a}}'),
        ("{{ nil }}{{ true }}{{ 0x1F }}{{ 'a' }}", "{{nil}}{{true}}{{0x1F}}{{'a'}}"),
        ("a{{- 1 -}}\n b", "a{{1}}b"),
    ],
)
def test_tree_reprints_source_like_go_string(source, printed):
    assert reprint(source) == printed


def test_else_if_chain_reprints_as_nested_if():
    assert (
        reprint("{{if .a}}1{{else if .b}}2{{else if .c}}3{{else}}4{{end}}")
        == "{{if .a}}1{{else}}{{if .b}}2{{else}}{{if .c}}3{{else}}4{{end}}{{end}}{{end}}"
    )


def test_else_with_chain_reprints_as_nested_with():
    assert reprint("{{with .a}}1{{else with .b}}2{{else}}3{{end}}") == (
        "{{with .a}}1{{else}}{{with .b}}2{{else}}3{{end}}{{end}}"
    )


def test_comments_are_dropped_by_default_and_kept_on_request():
    assert reprint("a {{/* c */}} b") == "a  b"
    kept = parse("t", "a {{- /* c */ -}} b", parse_comments=True)["t"]
    assert str(kept.root) == "a{{/* c */}}b"


# ---------------------------------------------------------------------------------------------- tree shape


def test_field_chain_is_one_field_node_positioned_at_first_chained_field():
    # Go positions `.Values.missing.field` at `.missing`; Helm's "t.yaml:7:12" error column depends on it.
    _, action = tree("# {{ .Values.missing.field }}").root.nodes
    (arg,) = action.pipe.cmds[0].args
    assert isinstance(arg, FieldNode)
    assert arg.ident == ["Values", "missing", "field"]
    assert arg.pos == len("# {{ .Values")


def test_variable_with_fields_is_a_variable_node():
    arg = only_action_arg("{{ $.a.b }}")
    assert isinstance(arg, VariableNode)
    assert arg.ident == ["$", "a", "b"]


def test_parenthesised_pipeline_followed_by_fields_is_a_chain_node():
    arg = only_action_arg("{{ (dict).a.b }}")
    assert isinstance(arg, ChainNode)
    assert isinstance(arg.node, PipeNode)
    assert arg.fields == ["a", "b"]


def test_pipeline_commands_and_arguments():
    (action,) = tree('{{ .a | default "x" | quote }}').root.nodes
    assert [len(cmd.args) for cmd in action.pipe.cmds] == [1, 2, 1]
    assert all(isinstance(cmd, CommandNode) for cmd in action.pipe.cmds)


def test_nodes_carry_line_numbers():
    root = tree("a\nb\n{{ .x }}\n{{ if .y }}{{ end }}").root
    text, action, newline, branch = root.nodes
    assert isinstance(text, TextNode) and text.line == 1
    assert action.line == 3 and newline.line == 3
    assert isinstance(branch, IfNode) and branch.line == 4


def test_error_context_gives_zero_based_column_like_go():
    parsed = tree("x\n# {{ eq .a 3 }}")
    action = parsed.root.nodes[1]
    assert parsed.error_context(action.pipe.cmds[0]) == ("t:2:5", "eq .a 3")


# ---------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "is_int", "is_float", "int_value", "float_value"),
    [
        ("42", True, True, 42, 42.0),
        ("-3", True, True, -3, -3.0),
        ("0x1F", True, True, 31, 31.0),
        ("0x1E", True, True, 30, 30.0),
        ("0o17", True, True, 15, 15.0),
        ("017", True, True, 15, 15.0),
        ("0b101", True, True, 5, 5.0),
        ("1_000_000", True, True, 1_000_000, 1e6),
        ("0x_1F", True, True, 31, 31.0),
        ("1.5", False, True, 0, 1.5),
        (".5", False, True, 0, 0.5),
        ("2.0", True, True, 2, 2.0),
        ("1e3", True, True, 1000, 1000.0),
        ("1E+3", True, True, 1000, 1000.0),
        ("0x1p-2", False, True, 0, 0.25),
        ("9223372036854775808", False, True, 0, 9223372036854775808.0),
    ],
)
def test_number_literal_classification(text, is_int, is_float, int_value, float_value):
    node = parse_number(text, ItemType.NUMBER)
    assert (node.is_int, node.is_float, node.is_complex) == (is_int, is_float, False)
    assert node.float_value == float_value
    if is_int:
        assert node.int_value == int_value


def test_integer_just_over_int64_is_uint_only():
    node = parse_number("9223372036854775808", ItemType.NUMBER)
    assert (node.is_int, node.is_uint, node.uint_value) == (False, True, 1 << 63)


def test_char_constants_are_ints():
    for text, value in [("'a'", 97), ("'\\n'", 10), ("'\\x41'", 65), ("'\\u00e9'", 0xE9)]:
        node = parse_number(text, ItemType.CHAR_CONSTANT)
        assert (node.is_int, node.int_value, node.float_value) == (True, value, float(value))


def test_imaginary_and_complex_literals():
    node = parse_number("1i", ItemType.NUMBER)
    assert (node.is_complex, node.is_float, node.complex_value) == (True, False, 1j)
    node = parse_number("1+2i", ItemType.COMPLEX)
    assert node.complex_value == complex(1, 2)
    node = parse_number("3+0i", ItemType.COMPLEX)
    assert (node.is_complex, node.is_int, node.int_value) == (True, True, 3)


def test_number_node_in_tree_keeps_source_text():
    node = only_action_arg("{{ 1_000 }}")
    assert isinstance(node, NumberNode)
    assert (str(node), node.int_value) == ("1_000", 1000)


def test_integer_literal_beyond_uint64_is_a_parse_error():
    assert parse_error("{{ 100000000000000000000 }}") == 'template: t:1: integer overflow: "100000000000000000000"'


def test_malformed_numbers_are_parse_errors():
    assert parse_error("{{ 0x }}") == 'template: t:1: illegal number syntax: "0x"'
    assert parse_error("{{ 1__0 }}") == 'template: t:1: illegal number syntax: "1__0"'
    assert parse_error("{{ 08 }}") == 'template: t:1: integer overflow: "08"'  # sic: Go's wording


# ---------------------------------------------------------------------------------------------- strings


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (r'"a\nb\tc"', "a\nb\tc"),
        (r'"q\"\\"', 'q"\\'),
        (r'"\x41\101"', "AA"),
        (r'"\u00e9\U0001F600"', "é😀"),
        (r'"\xc3\xa9"', "é"),  # byte escapes form UTF-8, as in Go
        ("`raw\\n\nline`", "raw\\n\nline"),
        ("`a\r\nb`", "a\nb"),  # Go drops CR from raw strings
    ],
)
def test_string_literal_escapes(source, value):
    node = only_action_arg("{{ " + source + " }}")
    assert isinstance(node, StringNode)
    assert (node.text, str(node)) == (value, source)


def test_invalid_string_escape_is_invalid_syntax():
    assert parse_error(r'{{ "\q" }}') == "template: t:1: invalid syntax"
    assert parse_error(r'{{ "\'" }}') == "template: t:1: invalid syntax"


# ---------------------------------------------------------------------------------------------- control structures


def test_if_with_else_has_both_lists():
    (node,) = tree("{{ if .a }}yes{{ else }}no{{ end }}").root.nodes
    assert isinstance(node, IfNode)
    assert (str(node.list), str(node.else_list)) == ("yes", "no")


def test_range_with_two_variables_declares_both():
    (node,) = tree("{{ range $k, $v := .m }}{{ $k }}={{ $v }}{{ end }}").root.nodes
    assert isinstance(node, RangeNode)
    assert [str(v) for v in node.pipe.decl] == ["$k", "$v"]
    assert node.else_list is None


def test_with_else_branch():
    (node,) = tree("{{ with .a }}{{ . }}{{ else }}none{{ end }}").root.nodes
    assert isinstance(node, WithNode) and str(node.else_list) == "none"


def test_break_and_continue_inside_range():
    assert reprint("{{range .}}{{if .}}{{break}}{{end}}{{continue}}{{end}}") == (
        "{{range .}}{{if .}}{{break}}{{end}}{{continue}}{{end}}"
    )


def test_break_outside_range_is_an_error():
    assert parse_error("{{ break }}") == "template: t:1: {{break}} outside {{range}}"
    assert parse_error("{{ range . }}{{ else }}{{ continue }}{{ end }}") == (
        "template: t:1: {{continue}} outside {{range}}"
    )


def test_break_is_a_function_name_when_funcs_define_it():
    assert reprint("{{ range . }}{{ break }}{{ end }}") == "{{range .}}{{break}}{{end}}"
    parsed = parse("t", "{{ break 1 }}", {"break"})["t"]
    assert str(parsed.root) == "{{break 1}}"


def test_two_declarations_outside_range_are_an_error():
    assert parse_error("{{ $a, $b := . }}") == "template: t:1: too many declarations in command"


def test_unclosed_if_is_unexpected_eof():
    assert parse_error("{{ if .a }}\nx\n") == "template: t:3: unexpected EOF"


def test_stray_end_and_double_else_are_errors():
    assert parse_error("x{{ end }}") == "template: t:1: unexpected {{end}}"
    assert parse_error("{{if 1}}{{else}}{{else}}{{end}}") == "template: t:1: expected end; found {{else}}"


def test_else_with_inside_if_is_an_error():
    assert parse_error("{{if .a}}{{else with .b}}{{end}}") == "template: t:1: unexpected <with> in input"


# ---------------------------------------------------------------------------------------------- variables


def test_variable_declared_in_block_is_undefined_after_end():
    assert parse_error("{{ if .a }}{{ $b := 1 }}{{ end }}\n{{ $b }}") == 'template: t:2: undefined variable "$b"'


def test_range_variables_are_visible_in_else_but_not_after():
    assert reprint("{{range $v := .}}{{else}}{{$v}}{{end}}") == "{{range $v := .}}{{else}}{{$v}}{{end}}"
    assert parse_error("{{range $v := .}}{{end}}{{$v}}") == 'template: t:1: undefined variable "$v"'


def test_dollar_is_always_defined_and_top_level_variables_persist():
    assert reprint("{{ $ }}{{ $x := 1 }}{{ if . }}{{ $x }}{{ $x = 2 }}{{ end }}{{ $x }}") == (
        "{{$}}{{$x := 1}}{{if .}}{{$x}}{{$x = 2}}{{end}}{{$x}}"
    )


def test_define_body_does_not_see_outer_variables():
    assert parse_error('{{ $x := 1 }}{{ define "d" }}{{ $x }}{{ end }}') == 'template: t:1: undefined variable "$x"'


def test_assignment_to_undeclared_variable_parses_as_in_go():
    # Go rejects it only when executing.
    assert reprint("{{ $y = 1 }}") == "{{$y = 1}}"


# ---------------------------------------------------------------------------------------------- templates


def test_define_and_block_are_collected_as_separate_trees():
    trees = parse("main", '{{ define "a" }}A{{ end }}x{{ block "b" .v }}B{{ $ }}{{ end }}')
    assert set(trees) == {"main", "a", "b"}
    assert str(trees["a"].root) == "A"
    assert str(trees["b"].root) == "B{{$}}"
    assert str(trees["main"].root) == 'x{{template "b" .v}}'
    assert isinstance(trees["main"].root.nodes[1], TemplateNode)
    assert trees["a"].text == trees["main"].text


def test_file_of_only_defines_gives_an_empty_top_level_tree():
    trees = parse("helpers.tpl", '{{- define "a" }}A{{ end }}\n\n{{ define "b" }}B{{ end }}\n')
    assert str(trees["helpers.tpl"].root).strip() == ""


def test_empty_redefinition_keeps_first_and_non_empty_redefinition_is_an_error():
    trees = parse("t", '{{define "a"}}A{{end}}{{define "a"}} {{/* c */}} {{end}}')
    assert str(trees["a"].root) == "A"
    trees = parse("t", '{{define "a"}}{{end}}{{define "a"}}B{{end}}')
    assert str(trees["a"].root) == "B"
    message = parse_error('{{define "a"}}A{{end}}\n{{define "a"}}B{{end}}')
    assert message == 'template: t:2: template: multiple definition of template "a"'


def test_empty_top_level_does_not_replace_define_of_same_name():
    trees = parse("t", '{{ define "t" }}body{{ end }}\n')
    assert str(trees["t"].root) == "body"


def test_define_inside_if_is_an_error():
    assert (
        parse_error('{{ if . }}{{ define "x" }}{{ end }}{{ end }}') == "template: t:1: unexpected <define> in command"
    )


def test_template_name_must_be_a_string_literal():
    assert parse_error("{{ template $ . }}") == 'template: t:1: unexpected "$" in template clause'


def test_errors_inside_define_name_the_parsed_file():
    assert parse_error('\n{{ define "d" }}\n{{ $nope }}{{ end }}', name="c/t.yaml") == (
        'template: c/t.yaml:3: undefined variable "$nope"'
    )


# ---------------------------------------------------------------------------------------------- other errors


def test_nil_parses_as_command_like_go():
    # "nil is not a command" is an execution error in Go.
    assert reprint("{{ nil }}") == "{{nil}}"


def test_unknown_function_is_an_error_only_when_funcs_are_given():
    assert parse_error("{{ foo 1 }}", {"printf"}) == 'template: t:1: function "foo" not defined'
    assert reprint("{{ foo 1 }}") == "{{foo 1}}"


def test_constant_after_pipe_is_non_executable():
    assert parse_error("{{ .a | 3 }}") == "template: t:1: non executable command in pipeline stage 2"


def test_field_on_literal_is_an_error():
    assert parse_error('{{ "a".b }}') == 'template: t:1: unexpected . after term "\\"a\\""'


def test_empty_action_and_empty_parens():
    assert parse_error("{{ }}") == "template: t:1: missing value for command"
    assert parse_error("{{ ( ) }}") == "template: t:1: missing value for parenthesized pipeline"


def test_lexer_errors_become_parse_errors_with_line():
    assert parse_error("a\nb\n{{ 3- }}") == 'template: t:3: bad number syntax: "3-"'
    assert parse_error("{{ /* c */ }}") == 'template: t:1: unexpected "/" in command'
    assert parse_error("{{ .a\n") == "template: t:2: unclosed action started at t:1"


def test_parse_error_exposes_its_parts():
    with pytest.raises(TemplateParseError) as info:
        parse("n", "\n{{ end }}")
    assert (info.value.name, info.value.line, info.value.message) == ("n", 2, "unexpected {{end}}")
