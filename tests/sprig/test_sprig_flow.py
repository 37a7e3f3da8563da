"""Sprig's defaults and flow functions run through the template executor.

Every expectation in the tables below is what ``helm template`` printed (helm 3.17.3; helm 4.1.4 prints the same).
Values are shaped as Helm loads them: every number in values.yaml is a float64, and ``null`` is nil.
"""

from __future__ import annotations

import pytest
from template_harness import COLLECTION_FUNCS as FUNCS
from template_harness import Capabilities, exec_error, execute

VALUES = {"num": 42.0, "zero": 0.0, "nothing": None, "l": ["a"], "e": [], "m": {"k": "v"}}


class ChartStruct:
    """Stands for Helm 3's ``.Chart``, a struct value."""

    go_type = "struct { chart.Metadata; IsRoot bool }"
    go_kind = "struct"


def render(text: str) -> str:
    return execute(FUNCS, text, {"Values": VALUES, "Capabilities": Capabilities()}).replace("<no value>", "")


def render_error(text: str) -> str:
    return exec_error(render, text)


EMPTY_CASES = [
    ('{{ empty "" }}', "true"),
    ("{{ empty 0 }}", "true"),
    ("{{ empty 0.0 }}", "true"),
    ("{{ empty .Values.zero }}", "true"),
    ("{{ empty false }}", "true"),
    ("{{ empty nil }}", "true"),
    ("{{ empty .Values.nothing }}", "true"),
    ("{{ empty .Values.missing }}", "true"),
    ("{{ empty (list) }}", "true"),
    ("{{ empty .Values.e }}", "true"),
    ("{{ empty (dict) }}", "true"),
    ('{{ empty "0" }}', "false"),
    ('{{ empty " " }}', "false"),
    ("{{ empty .Values.l }}", "false"),
    ("{{ empty .Values.m }}", "false"),
    ("{{ empty (int64 0) }}", "true"),
    ("{{ empty .Capabilities }}", "false"),
]


@pytest.mark.parametrize(("template", "expected"), EMPTY_CASES)
def test_empty_is_true_only_for_zero_values_and_empty_collections(template, expected):
    assert render(template) == expected


def test_a_struct_is_never_empty():
    text = "{{ empty .Chart }} {{ .Chart | default 1 | typeOf }}"
    assert execute(FUNCS, text, {"Chart": ChartStruct()}) == "false struct { chart.Metadata; IsRoot bool }"


DEFAULT_CASES = [
    ('{{ .Values.missing | default "dflt" }}', "dflt"),
    ('{{ "" | default "dflt" }}', "dflt"),
    ('{{ 0 | default "dflt" }}', "dflt"),
    ('{{ false | default "dflt" }}', "dflt"),
    ('{{ .Values.nothing | default "dflt" }}', "dflt"),
    ('{{ list | default "dflt" }}', "dflt"),
    ('{{ dict | default "dflt" }}', "dflt"),
    ('[{{ " " | default "dflt" }}]', "[ ]"),
    ("{{ .Values.num | default 5 }}", "42"),
    ('{{ default "d" }}', "d"),
    ("{{ default 1 2 3 }}", "2"),
    ("[{{ default nil nil }}]", "[]"),
    ('{{ "x" | default "d" | default "e" }}', "x"),
    ('{{ .Capabilities | default "d" | kindOf }}', "ptr"),
]


@pytest.mark.parametrize(("template", "expected"), DEFAULT_CASES)
def test_default_replaces_only_empty_values(template, expected):
    assert render(template) == expected


COALESCE_CASES = [
    ('{{ coalesce "" 0 .Values.missing "x" "y" }}', "x"),
    ('[{{ coalesce "" 0 }}]', "[]"),
    ("{{ coalesce .Values.nothing .Values.num }}", "42"),
    ('[{{ coalesce nil "" 0 0.0 false (list) (dict) }}]', "[]"),
    ("[{{ coalesce }}]", "[]"),
    ("{{ typeOf (coalesce) }}", "<nil>"),
]


@pytest.mark.parametrize(("template", "expected"), COALESCE_CASES)
def test_coalesce_returns_the_first_non_empty_argument(template, expected):
    assert render(template) == expected


ALL_ANY_CASES = [
    ('{{ all 1 "a" true }}', "true"),
    ('{{ all 1 "" }}', "false"),
    ("{{ all }}", "true"),
    ("{{ all nil }}", "false"),
    ('{{ any 0 "" "x" }}', "true"),
    ('{{ any 0 "" }}', "false"),
    ("{{ any }}", "false"),
    ("{{ any .Capabilities }}", "true"),
]


@pytest.mark.parametrize(("template", "expected"), ALL_ANY_CASES)
def test_all_and_any_judge_by_emptiness(template, expected):
    assert render(template) == expected


TERNARY_CASES = [
    ('{{ ternary "yes" "no" true }}', "yes"),
    ('{{ ternary "yes" "no" false }}', "no"),
    ("{{ true | ternary 1 2 }}", "1"),
    ("{{ ternary 1 2 true | typeOf }}", "int"),
    ('{{ ternary .Values.l "no" true }}', "[a]"),
]


@pytest.mark.parametrize(("template", "expected"), TERNARY_CASES)
def test_ternary_picks_by_a_bool(template, expected):
    assert render(template) == expected


TYPED_ARGUMENT_ERRORS = [
    ('{{ ternary 1 2 "x" }}', 'expected bool; found "x"'),
    ("{{ ternary 1 2 .Values.missing }}", "wrong type for value; expected bool; got interface {}"),
    ("{{ ternary 1 2 nil }}", "cannot assign nil to bool"),
    ("{{ ternary 1 2 .Values.num }}", "wrong type for value; expected bool; got float64"),
    ("{{ default }}", "wrong number of args for default: want at least 1 got 0"),
    ("{{ empty }}", "wrong number of args for empty: want 1 got 0"),
]


@pytest.mark.parametrize(("template", "message"), TYPED_ARGUMENT_ERRORS)
def test_ternary_wants_a_real_bool(template, message):
    assert render_error(template) == message
