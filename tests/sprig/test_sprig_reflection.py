"""Sprig's reflection functions run through the template executor.

Every expectation in the tables below is what ``helm template`` printed (helm 3.17.3; helm 4.1.4 prints the same).
Values are shaped as Helm loads them: every number in values.yaml is a float64.
"""

from __future__ import annotations

import pytest
from template_harness import COLLECTION_FUNCS, Capabilities, exec_error, execute

from chartgen.sprig.strings import split_list

FUNCS = {**COLLECTION_FUNCS, "splitList": split_list}
VALUES = {"m": {"a": 1.0}, "l": [1.0, 2.0], "s": "x"}


def render(text: str) -> str:
    return execute(FUNCS, text, {"Values": VALUES, "Capabilities": Capabilities()}).replace("<no value>", "")


def render_error(text: str) -> str:
    return exec_error(render, text)


TYPE_OF_CASES = [
    ("{{ typeOf 1 }}", "int"),
    ("{{ typeOf 1.0 }}", "float64"),
    ('{{ typeOf "s" }}', "string"),
    ("{{ typeOf true }}", "bool"),
    ("{{ typeOf nil }}", "<nil>"),
    ("{{ typeOf .Values.missing }}", "<nil>"),
    ("{{ typeOf .Values.m }}", "map[string]interface {}"),
    ("{{ typeOf .Values.l }}", "[]interface {}"),
    ("{{ typeOf (first .Values.l) }}", "float64"),
    ("{{ typeOf (int64 1) }}", "int64"),
    ('{{ typeOf (splitList "," "a") }}', "[]string"),
    ("{{ typeOf (until 2) }}", "[]int"),
    ("{{ typeOf (chunk 1 (list 1)) }}", "[][]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), TYPE_OF_CASES)
def test_type_of_prints_the_go_type(template, expected):
    assert render(template) == expected


TYPE_IS_CASES = [
    ('{{ typeIs "float64" 1.0 }}', "true"),
    ('{{ typeIs "int" 1.0 }}', "false"),
    ('{{ typeIs "map[string]interface {}" .Values.m }}', "true"),
    ('{{ typeIs "<nil>" nil }}', "true"),
    ('{{ typeIsLike "float64" 1.5 }}', "true"),
]


@pytest.mark.parametrize(("template", "expected"), TYPE_IS_CASES)
def test_type_is_compares_type_names(template, expected):
    assert render(template) == expected


def test_type_is_like_also_accepts_a_pointer_to_the_type():
    # Helm 3 (helm 4 names the type common.Capabilities).
    text = '{{ typeOf .Capabilities }} {{ typeIsLike "chartutil.Capabilities" .Capabilities }} {{ typeIs "chartutil.Capabilities" .Capabilities }}'
    assert render(text) == "*chartutil.Capabilities true false"


KIND_CASES = [
    ("{{ kindOf 1 }}", "int"),
    ("{{ kindOf 1.0 }}", "float64"),
    ('{{ kindOf "s" }}', "string"),
    ("{{ kindOf true }}", "bool"),
    ("{{ kindOf nil }}", "invalid"),
    ("{{ kindOf .Values.m }}", "map"),
    ("{{ kindOf .Values.l }}", "slice"),
    ('{{ kindOf (splitList "," "a") }}', "slice"),
    ("{{ kindOf (int64 1) }}", "int64"),
    ("{{ kindOf .Capabilities }}", "ptr"),
    ('{{ kindIs "map" .Values.m }}', "true"),
    ('{{ kindIs "slice" .Values.l }}', "true"),
    ('{{ kindIs "float64" (first .Values.l) }}', "true"),
    ('{{ kindIs "int" 1 }}', "true"),
    ('{{ kindIs "invalid" nil }}', "true"),
    ('{{ kindIs "invalid" .Values.missing }}', "true"),
    ('{{ kindIs "string" 1 }}', "false"),
]


@pytest.mark.parametrize(("template", "expected"), KIND_CASES)
def test_kind_of_and_kind_is_use_the_reflect_kind(template, expected):
    assert render(template) == expected


DEEP_EQUAL_CASES = [
    ("{{ deepEqual (list 1 2) (list 1 2) }}", "true"),
    ("{{ deepEqual 1 1.0 }}", "false"),
    ("{{ deepEqual 1 (int64 1) }}", "false"),
    ("{{ deepEqual 1 (int 1) }}", "true"),
    ("{{ deepEqual .Values.m .Values.m }}", "true"),
    ('{{ deepEqual (dict "a" 1) .Values.m }}', "false"),
    ('{{ deepEqual (dict "a" 1.0) .Values.m }}', "true"),
    ("{{ deepEqual (list 1) (tuple 1) }}", "true"),
    ('{{ deepEqual (list "a") (splitList "," "a") }}', "false"),
    ("{{ deepEqual nil nil }}", "true"),
    ("{{ deepEqual nil .Values.missing }}", "true"),
    ("{{ deepEqual (list) (list) }}", "true"),
    ("{{ deepEqual (rest (list)) (list) }}", "false"),
    ("{{ deepEqual (rest (list)) (concat) }}", "true"),
    ("{{ deepEqual (list nil) (list nil) }}", "true"),
    ("{{ deepEqual (dict) (dict) }}", "true"),
    ('{{ deepEqual (dict "a" nil) (dict "b" nil) }}', "false"),
]


@pytest.mark.parametrize(("template", "expected"), DEEP_EQUAL_CASES)
def test_deep_equal_requires_identical_go_types(template, expected):
    assert render(template) == expected


TYPED_ARGUMENT_ERRORS = [
    ("{{ typeOf }}", "wrong number of args for typeOf: want 1 got 0"),
    ("{{ kindIs 1 2 }}", "expected string; found 1"),
    ("{{ typeIs .Values.l 1 }}", "wrong type for value; expected string; got []interface {}"),
]


@pytest.mark.parametrize(("template", "message"), TYPED_ARGUMENT_ERRORS)
def test_type_names_must_be_strings(template, message):
    assert render_error(template) == message
