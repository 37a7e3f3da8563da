"""Sprig's list functions run through the template executor.

Every expectation below is what ``helm template`` printed (helm 3.17.3; helm 4.1.4 prints the same). Values are
shaped as Helm loads them: every number in values.yaml is a float64.
"""

from __future__ import annotations

import pytest
from template_harness import COLLECTION_FUNCS, exec_error, execute

from chartgen.sprig.strings import split_list

FUNCS = {**COLLECTION_FUNCS, "splitList": split_list}
VALUES = {
    "l": ["c", "a", "b", "a", "", None, 1.0],
    "nums": [3.0, 1.0, 2.0],
    "e": [],
    "m": {"a": 1.0},
}


def render(text: str) -> str:
    return execute(FUNCS, text, {"Values": VALUES}).replace("<no value>", "")


def render_error(text: str) -> str:
    return exec_error(render, text)


BUILD_CASES = [
    ('{{ list 1 "a" 2.5 nil true }}', "[1 a 2.5 <nil> true]"),
    ("{{ list }}", "[]"),
    ("{{ tuple 1 2 }}", "[1 2]"),
    ("{{ typeOf (list 1) }}", "[]interface {}"),
    ("{{ typeOf (tuple) }}", "[]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), BUILD_CASES)
def test_list_and_tuple_build_an_interface_slice(template, expected):
    assert render(template) == expected


ACCESS_CASES = [
    ("{{ first .Values.l }}", "c"),
    ("{{ last .Values.l }}", "1"),
    ("[{{ first .Values.e }}]", "[]"),
    ("[{{ last (list) }}]", "[]"),
    ("{{ rest .Values.nums }}", "[1 2]"),
    ("{{ initial .Values.nums }}", "[3 1]"),
    ("{{ rest .Values.e }}", "[]"),
    ("{{ initial (list) }}", "[]"),
    ("{{ typeOf (rest (list)) }}", "[]interface {}"),
    ("{{ kindOf (rest (list)) }}", "slice"),
    ("{{ deepEqual (rest (list)) (list) }}", "false"),
    ("{{ empty (rest (list)) }}", "true"),
    ('{{ first (splitList "," "a,b") }}', "a"),
    ('{{ typeOf (rest (splitList "," "a,b")) }}', "[]interface {}"),
    ("{{ first (until 3) | typeOf }}", "int"),
    ("{{ reverse .Values.nums }}", "[2 1 3]"),
    ("{{ reverse (list) }}", "[]"),
]


@pytest.mark.parametrize(("template", "expected"), ACCESS_CASES)
def test_first_last_rest_initial_reverse(template, expected):
    assert render(template) == expected


BUILD_NEW_CASES = [
    ("{{ append .Values.nums 4 }}", "[3 1 2 4]"),
    ("{{ push .Values.nums nil }}", "[3 1 2 <nil>]"),
    ("{{ prepend .Values.nums 0 }}", "[0 3 1 2]"),
    ("{{ concat .Values.nums (list 9) (list) }}", "[3 1 2 9]"),
    ('{{ concat (list 1) (splitList "," "a") (until 2) (tuple) }}', "[1 a 0 1]"),
    ("{{ concat (list) (list) }}", "[]"),
    ("{{ typeOf (concat) }}", "[]interface {}"),
    ('{{ typeOf (append (splitList "," "a") "b") }}', "[]interface {}"),
    (
        "{{ $l := list 1 2 }}{{ $r := reverse $l }}{{ $a := append $l 3 }}{{ $p := prepend $l 0 }}"
        "{{ $l }} {{ $r }} {{ $a }} {{ $p }}",
        "[1 2] [2 1] [1 2 3] [0 1 2]",
    ),
]


@pytest.mark.parametrize(("template", "expected"), BUILD_NEW_CASES)
def test_append_prepend_concat_return_new_lists(template, expected):
    assert render(template) == expected


def test_append_leaves_the_values_list_unchanged():
    assert render("{{ $_ := append .Values.nums 4 }}{{ .Values.nums }}") == "[3 1 2]"


DEEP_EQUAL_CASES = [
    ("{{ uniq .Values.l }}", "[c a b  <nil> 1]"),
    ("{{ uniq (list 1 1.0 (int64 1) (list 1) (list 1) (dict) (dict)) }}", "[1 1 1 [1] map[]]"),
    ('{{ without .Values.l "a" nil }}', "[c b  1]"),
    ("{{ without (list 1 2 1 3) 1 3 }}", "[2]"),
    ("{{ without (list 1 2) }}", "[1 2]"),
    ('{{ has "a" .Values.l }}', "true"),
    ("{{ has 1 .Values.l }}", "false"),
    ("{{ has 1.0 .Values.l }}", "true"),
    ("{{ has 1 (list (int64 1)) }}", "false"),
    ("{{ has (list 1) (list (list 1)) }}", "true"),
    ("{{ has nil .Values.l }}", "true"),
    ('{{ has "z" .Values.missing }}', "false"),
    ("{{ has 1 nil }}", "false"),
]


@pytest.mark.parametrize(("template", "expected"), DEEP_EQUAL_CASES)
def test_uniq_without_has_compare_with_deep_equal(template, expected):
    assert render(template) == expected


COMPACT_CASES = [
    ("{{ compact .Values.l }}", "[c a b a 1]"),
    ('{{ compact (list 0 0.0 false "" nil (list) (dict) "x" 1) }}', "[x 1]"),
    ("{{ typeOf (compact (list)) }}", "[]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), COMPACT_CASES)
def test_compact_drops_empty_values(template, expected):
    assert render(template) == expected


SLICE_CASES = [
    ("{{ slice .Values.nums 1 }}", "[1 2]"),
    ("{{ slice .Values.nums 0 2 }}", "[3 1]"),
    ("{{ slice .Values.nums }}", "[3 1 2]"),
    ("{{ slice .Values.nums 3 }}", "[]"),
    ('{{ slice .Values.nums "1" 2.0 }}', "[1]"),
    ("[{{ slice .Values.e }}]", "[]"),
    ('{{ typeOf (slice (splitList "," "a,b,c") 1) }}', "[]string"),
    ("{{ typeOf (slice (until 3) 1) }}", "[]int"),
]


@pytest.mark.parametrize(("template", "expected"), SLICE_CASES)
def test_slice_keeps_the_slice_type_and_gives_nil_for_an_empty_list(template, expected):
    assert render(template) == expected


CHUNK_CASES = [
    ("{{ chunk 2 (list 1 2 3 4 5) }}", "[[1 2] [3 4] [5]]"),
    ("{{ chunk 5 (list 1 2) }}", "[[1 2]]"),
    ("{{ chunk 2 (list) }}", "[]"),
    ("{{ chunk 2.0 (list 1 2) }}", "[[1 2]]"),
    ("{{ chunk -1 (list 1 2) }}", "[]"),
    ("{{ typeOf (chunk 2 (list 1 2 3)) }}", "[][]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), CHUNK_CASES)
def test_chunk_splits_into_fixed_size_lists(template, expected):
    assert render(template) == expected


NON_LIST_ERRORS = [
    ("{{ first 1.5 }}", "error calling first: Cannot find first on type float64"),
    ("{{ mustFirst .Values.m }}", "error calling mustFirst: Cannot find first on type map"),
    ('{{ last "s" }}', "error calling last: Cannot find last on type string"),
    ("{{ rest true }}", "error calling rest: Cannot find rest on type bool"),
    ("{{ initial 3 }}", "error calling initial: Cannot find initial on type int"),
    ("{{ reverse 3 }}", "error calling reverse: Cannot find reverse on type int"),
    ("{{ uniq 3 }}", "error calling uniq: Cannot find uniq on type int"),
    ("{{ without 3 1 }}", "error calling without: Cannot find without on type int"),
    ("{{ has 1 3 }}", "error calling has: Cannot find has on type int"),
    ("{{ compact 3 }}", "error calling compact: Cannot compact on type int"),
    ("{{ append 3 1 }}", "error calling append: Cannot push on type int"),
    ("{{ mustPush 3 1 }}", "error calling mustPush: Cannot push on type int"),
    ("{{ prepend 3 1 }}", "error calling prepend: Cannot prepend on type int"),
    ("{{ concat (list 1) 3 }}", "error calling concat: Cannot concat type int as list"),
    ("{{ chunk 2 3 }}", "error calling chunk: Cannot chunk type int"),
    ("{{ slice 3 }}", "error calling slice: list should be type of slice or array but int"),
    ('{{ slice "abc" 1 }}', "error calling slice: list should be type of slice or array but string"),
]


@pytest.mark.parametrize(("template", "message"), NON_LIST_ERRORS)
def test_non_list_arguments_fail_with_sprig_text(template, message):
    assert render_error(template) == message


NIL_LIST_ERRORS = [
    ("{{ first nil }}", "error calling first: runtime error: invalid memory address or nil pointer dereference"),
    (
        "{{ mustFirst nil }}",
        "error calling mustFirst: runtime error: invalid memory address or nil pointer dereference",
    ),
    (
        "{{ first .Values.missing }}",
        "error calling first: runtime error: invalid memory address or nil pointer dereference",
    ),
    (
        "{{ tuple | first | first }}",
        "error calling first: runtime error: invalid memory address or nil pointer dereference",
    ),
    ("{{ concat nil }}", "error calling concat: runtime error: invalid memory address or nil pointer dereference"),
    ("{{ uniq nil }}", "error calling uniq: runtime error: invalid memory address or nil pointer dereference"),
]


@pytest.mark.parametrize(("template", "message"), NIL_LIST_ERRORS)
def test_nil_list_arguments_fail_with_a_nil_dereference(template, message):
    assert render_error(template) == message


BAD_BOUNDS_ERRORS = [
    ("{{ slice (list 1 2) 3 }}", "error calling slice: reflect.Value.Slice: slice index out of bounds"),
    ("{{ slice (list 1 2) 2 1 }}", "error calling slice: reflect.Value.Slice: slice index out of bounds"),
    ("{{ mustSlice (list 1 2) -1 }}", "error calling mustSlice: reflect.Value.Slice: slice index out of bounds"),
    ("{{ chunk 0 (list 1 2) }}", "error calling chunk: runtime error: makeslice: len out of range"),
    ("{{ chunk 0 (list) }}", "error calling chunk: runtime error: makeslice: len out of range"),
    ("{{ chunk -1 (list 1 2 3) }}", "error calling chunk: runtime error: makeslice: len out of range"),
]


@pytest.mark.parametrize(("template", "message"), BAD_BOUNDS_ERRORS)
def test_bad_bounds_and_sizes_fail_with_go_runtime_text(template, message):
    assert render_error(template) == message


TYPED_ARGUMENT_ERRORS = [
    ("{{ chunk .Values.m.a (list 1 2) }}", "wrong type for value; expected int; got float64"),
    ('{{ chunk "2" (list 1 2) }}', 'expected integer; found "2"'),
]


@pytest.mark.parametrize(("template", "message"), TYPED_ARGUMENT_ERRORS)
def test_chunk_size_must_be_an_int(template, message):
    assert render_error(template) == message


def test_uint8_elements_of_a_byte_slice_keep_their_go_type():
    # Helm: the same expressions over (.Files.GetBytes "b.txt") holding "ab".
    text = "{{ first .b }} {{ typeOf (first .b) }} {{ slice .b 1 | typeOf }} {{ has 97 .b }}"
    assert execute(FUNCS, text, {"b": b"ab"}) == "97 uint8 []uint8 false"
