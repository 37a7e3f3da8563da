"""Sprig's dict functions run through the template executor.

Every expectation in the tables below is what ``helm template`` printed (helm 3.17.3; helm 4.1.4 prints the same).
Values are shaped as Helm loads them: every number in values.yaml is a float64.
"""

from __future__ import annotations

import pytest
from template_harness import COLLECTION_FUNCS as FUNCS
from template_harness import exec_error, execute

from chartgen.gotemplate.exec import Template
from chartgen.gotemplate.parse import parse
from chartgen.sprig import dicts

HELM_VALUES = {
    "m": {"b": 2.0, "a": 1.0, "nested": {"x": 1.0, "z": [1.0, 2.0]}},
    "m2": {"a": 10.0, "c": 30.0},
    "l": [1.0],
}


class Values(dict):
    """Helm 3's chartutil.Values, the named map type of ``.`` and ``.Values``."""

    go_type = "chartutil.Values"
    go_kind = "map"
    go_underlying = "map[string]interface {}"


def fresh_values() -> Values:
    return Values(dicts.deep_copy(HELM_VALUES))


def render(text: str, values: dict | None = None) -> str:
    values = fresh_values() if values is None else values
    return execute(FUNCS, text, Values({"Values": values})).replace("<no value>", "")


def render_error(text: str) -> str:
    return exec_error(render, text)


DICT_CASES = [
    ('{{ dict "b" 1 "a" 2 }}', "map[a:2 b:1]"),
    ('{{ dict "k" }}', "map[k:]"),
    ('{{ dict "a" 1 "b" }}', "map[a:1 b:]"),
    ('{{ dict "a" 1 "a" 2 }}', "map[a:2]"),
    ("{{ dict 1 2 }}", "map[1:2]"),
    ("{{ dict nil 1 1.5 2 true 3 }}", "map[1.5:2 <nil>:1 true:3]"),
    ("{{ dict }}", "map[]"),
    ("{{ typeOf (dict) }}", "map[string]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), DICT_CASES)
def test_dict_stringifies_keys_and_pads_a_dangling_key(template, expected):
    assert render(template) == expected


LOOKUP_CASES = [
    ('{{ get .Values.m "a" }}', "1"),
    ('[{{ get .Values.m "zz" }}]', "[]"),
    ('{{ typeOf (get .Values.m "zz") }}', "string"),
    ('{{ typeOf (get (dict "a" nil) "a") }}', "<nil>"),
    ('[{{ get nil "a" }}]', "[]"),
    ('{{ hasKey .Values.m "a" }}', "true"),
    ('{{ hasKey .Values.m "zz" }}', "false"),
    ('{{ hasKey (dict "a" nil) "a" }}', "true"),
    ('{{ hasKey nil "a" }}', "false"),
    ('{{ pluck "a" .Values.m .Values.m2 (dict) }}', "[1 10]"),
    ('{{ pluck "a" (dict "a" nil) (dict "b" 1) }}', "[<nil>]"),
    ('{{ pick .Values.m "a" "zz" }}', "map[a:1]"),
    ("{{ pick .Values.m }}", "map[]"),
    ('{{ omit .Values.m "nested" }}', "map[a:1 b:2]"),
    ('{{ omit nil "a" }}', "map[]"),
    ("{{ keys (dict) }}", "[]"),
    ('{{ keys (dict "a" 1) (dict "b" 2) }}', "[a b]"),
    ("{{ typeOf (keys) }}", "[]string"),
    ('{{ values (dict "a" 1) }}', "[1]"),
    ("{{ typeOf (values (dict)) }}", "[]interface {}"),
]


@pytest.mark.parametrize(("template", "expected"), LOOKUP_CASES)
def test_get_has_key_pluck_pick_omit_keys_values(template, expected):
    assert render(template) == expected


def test_keys_and_values_come_in_key_order_where_go_is_random():
    assert render("{{ keys .Values.m }} {{ values .Values.m2 }}") == "[a b nested] [10 30]"


DIG_CASES = [
    ('{{ dig "nested" "x" "dflt" .Values.m }}', "1"),
    ('{{ dig "nested" "q" "dflt" .Values.m }}', "dflt"),
    ('{{ dig "zz" "q" "dflt" .Values.m }}', "dflt"),
    ('{{ dig "a" "dflt" .Values.m }}', "1"),
    ('{{ dig "a" "dflt" (dict "a" nil) }}', ""),
]


@pytest.mark.parametrize(("template", "expected"), DIG_CASES)
def test_dig_walks_nested_maps_with_a_default(template, expected):
    assert render(template) == expected


DIG_ERRORS = [
    ('{{ dig "a" .Values.m }}', "error calling dig: dig needs at least three arguments"),
    (
        '{{ dig "a" "b" "d" .Values.m }}',
        "error calling dig: interface conversion: interface {} is float64, not map[string]interface {}",
    ),
    ('{{ dig 1 "d" .Values.m }}', "error calling dig: interface conversion: interface {} is int, not string"),
    (
        '{{ dig "a" "d" nil }}',
        "error calling dig: interface conversion: interface {} is nil, not map[string]interface {}",
    ),
]


@pytest.mark.parametrize(("template", "message"), DIG_ERRORS)
def test_dig_fails_on_failed_type_assertions(template, message):
    assert render_error(template) == message


def test_dig_refuses_the_named_values_type():
    # Helm 3 names chartutil.Values here, helm 4 common.Values.
    assert render_error('{{ dig "a" "d" .Values }}') == (
        "error calling dig: interface conversion: interface {} is chartutil.Values, not map[string]interface {}"
    )


MUTATION_CASES = [
    ('{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', "map[a:1 b:2]"),
    ('{{ set (dict) "x" 1 }}', "map[x:1]"),
    ('{{ unset (dict "a" 1 "b" 2) "a" }}', "map[b:2]"),
    ('{{ $d := dict "a" 1 }}{{ $_ := unset $d "a" }}{{ $d }}', "map[]"),
    ('{{ $_ := unset .Values.m "a" }}{{ .Values.m }}', "map[b:2 nested:map[x:1 z:[1 2]]]"),
    ('{{ $_ := set .Values.m "new" 1 }}{{ .Values.m.new }}', "1"),
    ('{{ $x := dict "a" 1 }}{{ $_ := merge $x (dict "b" 2) }}{{ $x }}', "map[a:1 b:2]"),
    (
        '{{ $a := dict "x" 1 }}{{ $c := mergeOverwrite $a (dict "y" 2) (dict "x" 9) }}{{ $a }} {{ $c }}',
        "map[x:9 y:2] map[x:9 y:2]",
    ),
]


@pytest.mark.parametrize(("template", "expected"), MUTATION_CASES)
def test_set_unset_merge_mutate_their_first_argument(template, expected):
    assert render(template) == expected


def test_set_on_a_nil_map_fails():
    assert render_error('{{ set nil "a" 1 }}') == "error calling set: assignment to entry in nil map"


def test_set_in_one_template_is_seen_by_a_later_one():
    # Helm: templates/b.yaml runs before templates/a.yaml, and a.yaml printed "1 map[a:1 added:3] [1]".
    tmpl = Template(FUNCS)
    tmpl.add(
        parse(
            "b",
            '{{ $_ := set .Values "x" 1 }}{{ $_ := unset .Values.m "gone" }}'
            '{{ $_ := merge .Values.m (dict "added" 3 "a" 9) }}{{ $_ := append .Values.l 2 }}',
        )
    )
    tmpl.add(parse("a", "{{ .Values.x }} {{ .Values.m }} {{ .Values.l }}"))
    top = Values({"Values": Values({"m": {"a": 1.0, "gone": 2.0}, "l": [1.0]})})
    tmpl.execute("b", top)
    assert tmpl.execute("a", top) == "1 map[a:1 added:3] [1]"


MERGE_CASES = [
    (
        '{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "x" 9 "y" 8)) }}',
        "map[a:1 b:3 n:map[x:1 y:8]]",
    ),
    ("{{ merge (deepCopy .Values.m) .Values.m2 }}", "map[a:1 b:2 c:30 nested:map[x:1 z:[1 2]]]"),
    ('{{ merge (dict "a" nil) (dict "a" 5) }}', "map[a:5]"),
    ('{{ merge (dict) (dict "a" nil) }}', "map[]"),
    ('{{ merge (dict "a" 0) (dict "a" 5) }}', "map[a:5]"),
    ('{{ merge (dict "a" false) (dict "a" true) }}', "map[a:true]"),
    ('{{ merge (dict "a" "") (dict "a" (list 1)) }}', "map[a:[1]]"),
    ('{{ merge (dict "a" (dict)) (dict "a" 5) }}', "map[a:5]"),
    ('{{ merge (dict "a" (list)) (dict "a" 5) }}', "map[a:5]"),
    ('{{ merge (dict "a" "x") (dict "a" (list 1)) }}', "map[a:x]"),
    ('{{ merge (dict "a" (list 1)) (dict "a" (list 2 3)) }}', "map[a:[1]]"),
    ('{{ merge (dict "a" "x") (dict "a" (dict "b" 1)) }}', "map[a:x]"),
    ('{{ merge (dict "a" 1) (dict "b" 2) (dict "a" 3 "c" 4) }}', "map[a:1 b:2 c:4]"),
    ('{{ merge nil (dict "a" 1) }}', "map[a:1]"),
    ('{{ merge (dict "a" 1) nil }}', "map[a:1]"),
    (
        '{{ merge (dict "a" (dict "b" (dict "c" 1 "d" 0))) (dict "a" (dict "b" (dict "d" 5 "e" 6) "f" 7)) }}',
        "map[a:map[b:map[c:1 d:5 e:6] f:7]]",
    ),
]


@pytest.mark.parametrize(("template", "expected"), MERGE_CASES)
def test_merge_fills_only_missing_or_empty_keys(template, expected):
    assert render(template) == expected


MERGE_OVERWRITE_CASES = [
    ("{{ mergeOverwrite (deepCopy .Values.m) .Values.m2 }}", "map[a:10 b:2 c:30 nested:map[x:1 z:[1 2]]]"),
    ('{{ mergeOverwrite (dict "a" 1 "b" "x" "c" (list 1)) (dict "a" 0 "b" "" "c" (list)) }}', "map[a:0 b: c:[]]"),
    ('{{ mergeOverwrite (dict "a" 5) (dict "a" nil) }}', "map[a:<nil>]"),
    ('{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}', "map[a:map[b:1]]"),
    ('{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" "x") }}', "map[a:x]"),
    ('{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (dict "b" 1)) }}', "map[a:map[b:1]]"),
    (
        '{{ mergeOverwrite (dict "a" (dict "b" (dict "c" 1 "d" 0))) (dict "a" (dict "b" (dict "d" nil "e" "") "f" 7)) }}',
        "map[a:map[b:map[c:1 d:<nil> e:] f:7]]",
    ),
]


@pytest.mark.parametrize(("template", "expected"), MERGE_OVERWRITE_CASES)
def test_merge_overwrite_lets_every_source_value_win_even_empty_or_nil(template, expected):
    assert render(template) == expected


SHARING_CASES = [
    (
        '{{ $s := dict "n" (dict "x" 1) }}{{ $d := merge (dict "k" 1) $s }}{{ $_ := set $d.n "y" 2 }}{{ $s }}',
        "map[n:map[x:1 y:2]]",
    ),
    (
        '{{ $s := dict "n" (dict "x" 1) }}{{ $d := deepCopy $s }}{{ $_ := set $d.n "y" 2 }}{{ $s }} {{ $d }}',
        "map[n:map[x:1]] map[n:map[x:1 y:2]]",
    ),
    ('{{ $c := deepCopy .Values.m }}{{ $_ := set $c "a" 99 }}{{ .Values.m.a }} {{ $c.a }}', "1 99"),
]


@pytest.mark.parametrize(("template", "expected"), SHARING_CASES)
def test_merge_shares_source_maps_while_deep_copy_does_not(template, expected):
    assert render(template) == expected


def test_deep_copy_keeps_go_types():
    assert render("{{ typeOf (deepCopy (list)) }} {{ typeOf (deepCopy (until 2)) }}") == "[]interface {} []int"


def test_deep_copy_of_nil_fails():
    assert (
        render_error("{{ deepCopy nil }}")
        == "error calling deepCopy: reflect: call of reflect.Value.Type on zero Value"
    )


TYPED_ARGUMENT_ERRORS = [
    ("{{ keys .Values.l }}", "wrong type for value; expected map[string]interface {}; got []interface {}"),
    ('{{ get .Values.missing "a" }}', "wrong type for value; expected map[string]interface {}; got interface {}"),
    ("{{ hasKey .Values.m 1 }}", "expected string; found 1"),
    ("{{ pick .Values.m 1 }}", "expected string; found 1"),
    ("{{ unset .Values.m 1 }}", "expected string; found 1"),
    ("{{ merge (dict) .Values.l }}", "wrong type for value; expected map[string]interface {}; got []interface {}"),
    (
        "{{ mergeOverwrite (dict) .Values.missing }}",
        "wrong type for value; expected map[string]interface {}; got interface {}",
    ),
    ('{{ pluck "a" .Values.l }}', "wrong type for value; expected map[string]interface {}; got []interface {}"),
]


@pytest.mark.parametrize(("template", "message"), TYPED_ARGUMENT_ERRORS)
def test_map_and_string_parameters_reject_other_types(template, message):
    assert render_error(template) == message
