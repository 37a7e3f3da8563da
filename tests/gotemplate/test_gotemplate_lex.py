"""The Go text/template lexer: item kinds, trim markers, comments, literals, positions and error messages."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.lex import Item, ItemType, lex

T = ItemType


def kinds_and_values(text: str, left: str = "{{", right: str = "}}") -> list[tuple[ItemType, str]]:
    """Reduce the item stream to (type, value) pairs, so expectations read like the template."""
    return [(item.type, item.value) for item in lex("test", text, left, right)]


def action_body(text: str) -> list[tuple[ItemType, str]]:
    """The items between the delimiters of a single-action template, with SPACE items dropped."""
    pairs = kinds_and_values(text)
    assert pairs[0] == (T.LEFT_DELIM, "{{"), pairs
    assert pairs[-2:] == [(T.RIGHT_DELIM, "}}"), (T.EOF, "")], pairs
    return [pair for pair in pairs[1:-2] if pair[0] is not T.SPACE]


def last(text: str) -> Item:
    return lex("test", text)[-1]


def test_plain_text_is_one_text_item_then_eof():
    assert kinds_and_values("hello\nworld") == [(T.TEXT, "hello\nworld"), (T.EOF, "")]


def test_empty_input_is_just_eof():
    assert kinds_and_values("") == [(T.EOF, "")]


def test_action_yields_delimiters_spaces_and_field():
    assert kinds_and_values("a {{ .Name }} b") == [
        (T.TEXT, "a "),
        (T.LEFT_DELIM, "{{"),
        (T.SPACE, " "),
        (T.FIELD, ".Name"),
        (T.SPACE, " "),
        (T.RIGHT_DELIM, "}}"),
        (T.TEXT, " b"),
        (T.EOF, ""),
    ]


def test_chained_fields_are_separate_field_items():
    assert action_body("{{ .Values.image.tag }}") == [(T.FIELD, ".Values"), (T.FIELD, ".image"), (T.FIELD, ".tag")]


def test_lone_dot_is_dot():
    assert action_body("{{ . }}") == [(T.DOT, ".")]


def test_dash_inside_field_name_is_a_bad_character_error():
    assert kinds_and_values("{{ .Values.my-key }}")[-2:] == [
        (T.FIELD, ".Values"),
        (T.ERROR, "bad character U+002D '-'"),
    ]


def test_variables_bare_named_and_followed_by_field():
    assert action_body("{{ $ $x $x.a }}") == [
        (T.VARIABLE, "$"),
        (T.VARIABLE, "$x"),
        (T.VARIABLE, "$x"),
        (T.FIELD, ".a"),
    ]


def test_declare_and_assign_are_distinct():
    assert action_body("{{ $a := 1 }}") == [(T.VARIABLE, "$a"), (T.DECLARE, ":="), (T.NUMBER, "1")]
    assert action_body("{{ $a = 2 }}") == [(T.VARIABLE, "$a"), (T.ASSIGN, "="), (T.NUMBER, "2")]


def test_colon_without_equals_is_an_error():
    assert last("{{ $a : 1 }}").value == "expected :="


def test_pipeline_with_parens_and_pipe():
    assert action_body('{{ (include "x" .) | indent 4 }}') == [
        (T.LEFT_PAREN, "("),
        (T.IDENTIFIER, "include"),
        (T.STRING, '"x"'),
        (T.DOT, "."),
        (T.RIGHT_PAREN, ")"),
        (T.PIPE, "|"),
        (T.IDENTIFIER, "indent"),
        (T.NUMBER, "4"),
    ]


def test_other_printable_character_is_char():
    assert action_body("{{ range $i, $v := . }}") == [
        (T.RANGE, "range"),
        (T.VARIABLE, "$i"),
        (T.CHAR, ","),
        (T.VARIABLE, "$v"),
        (T.DECLARE, ":="),
        (T.DOT, "."),
    ]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("block", T.BLOCK),
        ("break", T.BREAK),
        ("continue", T.CONTINUE),
        ("define", T.DEFINE),
        ("else", T.ELSE),
        ("end", T.END),
        ("if", T.IF),
        ("range", T.RANGE),
        ("template", T.TEMPLATE),
        ("with", T.WITH),
        ("nil", T.NIL),
        ("true", T.BOOL),
        ("false", T.BOOL),
    ],
)
def test_keywords_bools_and_nil_have_their_own_kinds(word, kind):
    assert action_body("{{ " + word + " }}") == [(kind, word)]


def test_word_starting_with_a_keyword_is_an_identifier():
    assert action_body("{{ iffy endless _x nilly }}") == [
        (T.IDENTIFIER, "iffy"),
        (T.IDENTIFIER, "endless"),
        (T.IDENTIFIER, "_x"),
        (T.IDENTIFIER, "nilly"),
    ]


def test_break_can_be_demoted_to_identifier_when_a_function_claims_it():
    items = lex("t", "{{ break }}{{ continue }}", break_ok=False, continue_ok=False)
    assert [i.type for i in items if i.value in ("break", "continue")] == [T.IDENTIFIER, T.IDENTIFIER]


def test_keywords_are_flagged_as_keywords():
    assert T.END.is_keyword and T.DOT.is_keyword and not T.IDENTIFIER.is_keyword


def test_interpreted_string_keeps_quotes_and_escapes():
    assert action_body(r'{{ "a\"b\n\x41" }}') == [(T.STRING, r'"a\"b\n\x41"')]


def test_raw_string_may_span_lines():
    items = lex("t", "{{ `one\ntwo` }}\nafter")
    assert (items[2].type, items[2].value) == (T.RAW_STRING, "`one\ntwo`")
    assert items[-2].type is T.TEXT and items[-2].line == 2


def test_char_constants_plain_and_escaped():
    assert action_body(r"{{ 'a' '\n' '\'' }}") == [
        (T.CHAR_CONSTANT, "'a'"),
        (T.CHAR_CONSTANT, r"'\n'"),
        (T.CHAR_CONSTANT, r"'\''"),
    ]


@pytest.mark.parametrize(
    "literal",
    [
        "42",
        "0x1F",
        "0X_1f",
        "0o17",
        "017",
        "0b101",
        "1_000_000",
        "1.5",
        ".5",
        "1.",
        "1e3",
        "1E+3",
        "2.5e-3",
        "0x1p-2",
        "0x1E",
        "1i",
        "2.5i",
        "-7",
        "+7",
        "-0x10",
    ],
)
def test_each_go_number_form_is_one_number_item(literal):
    assert action_body("{{ " + literal + " }}") == [(T.NUMBER, literal)]


def test_complex_literal_with_sign_is_one_complex_item():
    assert action_body("{{ 1+2i }}") == [(T.COMPLEX, "1+2i")]


def test_left_trim_marker_eats_whitespace_and_newlines_before_it():
    assert kinds_and_values("a \t\r\n{{- 1 }}")[:2] == [(T.TEXT, "a"), (T.LEFT_DELIM, "{{")]


def test_left_trim_marker_space_is_not_a_space_item():
    assert kinds_and_values("{{- 1}}") == [(T.LEFT_DELIM, "{{"), (T.NUMBER, "1"), (T.RIGHT_DELIM, "}}"), (T.EOF, "")]


def test_right_trim_marker_eats_whitespace_and_newlines_after_it():
    assert kinds_and_values("{{ 1 -}} \n\t b")[-2:] == [(T.TEXT, "b"), (T.EOF, "")]


def test_trim_markers_cross_several_blank_lines():
    text = "a\n\n\n   {{- 1 -}}\n\n\n\nb"
    assert [pair for pair in kinds_and_values(text) if pair[0] is T.TEXT] == [(T.TEXT, "a"), (T.TEXT, "b")]


def test_text_that_trims_to_nothing_is_not_emitted():
    assert kinds_and_values("{{ 1 -}}\n  \n{{- 2 }}") == [
        (T.LEFT_DELIM, "{{"),
        (T.SPACE, " "),
        (T.NUMBER, "1"),
        (T.RIGHT_DELIM, "}}"),
        (T.LEFT_DELIM, "{{"),
        (T.NUMBER, "2"),
        (T.SPACE, " "),
        (T.RIGHT_DELIM, "}}"),
        (T.EOF, ""),
    ]


def test_trim_markers_accept_a_newline_as_their_space():
    assert kinds_and_values('x\n{{-\n"v"\n-}}\ny') == [
        (T.TEXT, "x"),
        (T.LEFT_DELIM, "{{"),
        (T.STRING, '"v"'),
        (T.RIGHT_DELIM, "}}"),
        (T.TEXT, "y"),
        (T.EOF, ""),
    ]


def test_dash_glued_to_number_is_negative_number_not_trim():
    assert kinds_and_values("a {{-3}}") == [
        (T.TEXT, "a "),
        (T.LEFT_DELIM, "{{"),
        (T.NUMBER, "-3"),
        (T.RIGHT_DELIM, "}}"),
        (T.EOF, ""),
    ]


def test_spaces_before_right_trim_marker_keep_all_but_the_markers_space():
    assert kinds_and_values("{{ 1   -}}")[2:5] == [(T.NUMBER, "1"), (T.SPACE, "  "), (T.RIGHT_DELIM, "}}")]


def test_newlines_inside_an_action_are_space():
    assert kinds_and_values("{{ a\n  b }}")[2:5] == [(T.IDENTIFIER, "a"), (T.SPACE, "\n  "), (T.IDENTIFIER, "b")]


def test_comment_is_one_item_and_surrounding_text_stays():
    assert kinds_and_values("a {{/* note */}} b") == [
        (T.TEXT, "a "),
        (T.COMMENT, "/* note */"),
        (T.TEXT, " b"),
        (T.EOF, ""),
    ]


def test_trimmed_comment_eats_whitespace_on_both_sides():
    assert kinds_and_values("a \n{{- /* note */ -}}\n b") == [
        (T.TEXT, "a"),
        (T.COMMENT, "/* note */"),
        (T.TEXT, "b"),
        (T.EOF, ""),
    ]


def test_comment_may_span_lines_and_later_lines_count_them():
    items = lex("t", "{{/* one\ntwo\n*/}}x")
    assert (items[0].type, items[0].value) == (T.COMMENT, "/* one\ntwo\n*/")
    assert (items[1].type, items[1].value, items[1].line) == (T.TEXT, "x", 3)


def test_comment_not_followed_by_delimiter_is_an_error():
    assert kinds_and_values("{{/* c */ }}") == [(T.ERROR, "comment ends before closing delimiter")]


def test_unclosed_comment_is_an_error():
    assert kinds_and_values("{{/* c }}") == [(T.ERROR, "unclosed comment")]


def test_comment_glued_to_dash_is_not_a_comment():
    # `{{-/*` has no trim marker, so as in Go the action lexes as a sign-only number and characters;
    # the parser is what rejects it.
    assert kinds_and_values("{{-/* c */}}")[1:4] == [(T.NUMBER, "-"), (T.CHAR, "/"), (T.CHAR, "*")]


def test_unterminated_quoted_string_is_an_error():
    assert last('{{ "abc }}').value == "unterminated quoted string"


def test_raw_newline_in_quoted_string_is_an_error():
    assert last('{{ "a\nb" }}').value == "unterminated quoted string"


def test_unterminated_raw_string_is_an_error():
    assert last("{{ `abc }}").value == "unterminated raw quoted string"


def test_unterminated_char_constant_is_an_error():
    assert last("{{ 'a }}").value == "unterminated character constant"


def test_unclosed_action_is_an_error():
    assert last("text {{ .x ").value == "unclosed action"


def test_unclosed_left_paren_is_an_error():
    assert last("{{ (f 1 }}").value == "unclosed left paren"


def test_unexpected_right_paren_is_an_error():
    assert last("{{ f 1) }}").value == "unexpected right paren"


def test_number_followed_by_dash_is_bad_number_syntax():
    assert last("{{3-}}").value == 'bad number syntax: "3-"'


def test_number_followed_by_letter_is_bad_number_syntax():
    assert last("{{ 12ab }}").value == 'bad number syntax: "12a"'


def test_unrecognized_character_is_an_error():
    assert last("{{ \u00a7 }}").value == "unrecognized character in action: U+00A7 '\u00a7'"


def test_stream_stops_at_the_first_error():
    items = lex("t", '{{ "open }} more {{ 1 }}')
    assert items[-1].type is T.ERROR and all(i.type is not T.EOF for i in items)


def test_positions_are_offsets_of_each_item_start():
    assert [(i.type, i.pos) for i in lex("t", "ab{{- .x -}} c")] == [
        (T.TEXT, 0),
        (T.LEFT_DELIM, 2),
        (T.FIELD, 6),
        (T.RIGHT_DELIM, 10),
        (T.TEXT, 13),
        (T.EOF, 14),
    ]


def test_positions_count_utf8_bytes_as_in_go():
    assert [(i.type, i.pos) for i in lex("t", "é{{ .x }}日{{ 1 }}")] == [
        (T.TEXT, 0),
        (T.LEFT_DELIM, 2),
        (T.SPACE, 4),
        (T.FIELD, 5),
        (T.SPACE, 7),
        (T.RIGHT_DELIM, 8),
        (T.TEXT, 10),
        (T.LEFT_DELIM, 13),
        (T.SPACE, 15),
        (T.NUMBER, 16),
        (T.SPACE, 17),
        (T.RIGHT_DELIM, 18),
        (T.EOF, 20),
    ]


def test_positions_count_a_byte_that_is_not_utf8_as_one():
    text = b"\xff{{ .x }}".decode("utf-8", "surrogateescape")
    assert [i.pos for i in lex("t", text) if i.type is T.FIELD] == [4]


def test_line_numbers_follow_multi_line_text_and_trimmed_newlines():
    items = lex("t", "one\ntwo\n{{ .a }}\n\n{{- .b -}}\n\nend")
    lines = {i.value: i.line for i in items if i.type in (T.FIELD, T.TEXT)}
    assert lines == {"one\ntwo\n": 1, ".a": 3, ".b": 5, "end": 7}


def test_error_item_carries_its_line():
    item = last("x\ny\n{{ (a }}")
    assert (item.type, item.line) == (T.ERROR, 3)


def test_custom_delimiters_are_honoured():
    assert kinds_and_values("a [[- .x ]] {{ b }}", "[[", "]]") == [
        (T.TEXT, "a"),
        (T.LEFT_DELIM, "[["),
        (T.FIELD, ".x"),
        (T.SPACE, " "),
        (T.RIGHT_DELIM, "]]"),
        (T.TEXT, " {{ b }}"),
        (T.EOF, ""),
    ]


def test_item_str_matches_go_item_string():
    items = lex("t", '{{ end "a long string value" }}')
    assert str(items[2]) == "<end>"
    assert str(items[4]) == '"\\"a long st"...'
    assert str(items[-1]) == "EOF"
