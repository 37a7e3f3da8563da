"""values.schema.json checks with helm 3's (gojsonschema) and helm 4's (santhosh-tekuri) wording.

Real Helm iterates Go maps while validating, so the order of several errors varies from run to run; the
single-error lines and the grouping below are what both helms print every time.
"""

from __future__ import annotations

import json

import pytest

from chartgen.errors import RenderError
from chartgen.helm.chart_model import Chart
from chartgen.helm.schema_check import schema_errors, validate_values
from chartgen.helmcompat.profile import HELM_3, HELM_4, profile_for

HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):\n"
SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {
            "port": {"type": "integer"},
            "both": {"type": ["integer", "boolean"]},
            "mode": {"enum": ["a", "b"]},
            "min": {"type": "integer", "minimum": 5},
            "pat": {"type": "string", "pattern": "^a+$"},
            "nested": {"type": "object", "properties": {"n": {"type": "string"}, "a": {"type": "string"}}},
            "req": {"type": "string"},
        },
        "required": ["req"],
        "additionalProperties": False,
    }
).encode()


@pytest.mark.parametrize(
    ("values", "helm3", "helm4"),
    [
        (
            {"req": "x", "port": "abc"},
            "- port: Invalid type. Expected: integer, given: string",
            "- at '/port': got string, want integer",
        ),
        (
            {"req": "x", "both": "abc"},
            "- both: Invalid type. Expected: [integer,boolean], given: string",
            "- at '/both': got string, want boolean or integer",
        ),
        ({}, "- (root): req is required", "- at '': missing property 'req'"),
        (
            {"req": "x", "extra": 1},
            "- (root): Additional property extra is not allowed",
            "- at '': additional properties 'extra' not allowed",
        ),
        (
            {"req": "x", "mode": "c"},
            '- mode: mode must be one of the following: "a", "b"',
            "- at '/mode': value must be one of 'a', 'b'",
        ),
        ({"req": "x", "min": 1}, "- min: Must be greater than or equal to 5", "- at '/min': minimum: got 1, want 5"),
        (
            {"req": "x", "pat": "b"},
            "- pat: Does not match pattern '^a+$'",
            "- at '/pat': 'b' does not match pattern '^a+$'",
        ),
        (
            {"req": "x", "nested": {"n": 1}},
            "- nested.n: Invalid type. Expected: string, given: integer",
            "- at '/nested/n': got number, want string",
        ),
    ],
)
def test_single_error_wording(values: dict, helm3: str, helm4: str) -> None:
    assert schema_errors(SCHEMA, values, HELM_3) == [helm3]
    assert schema_errors(SCHEMA, values, HELM_4) == [helm4]


def test_helm4_groups_several_errors_of_one_property() -> None:
    lines = schema_errors(SCHEMA, {"req": "x", "nested": {"n": 1, "a": 2}}, HELM_4)
    assert lines == [
        "- at '/nested': validation failed",
        "  - at '/nested/n': got number, want string",
        "  - at '/nested/a': got number, want string",
    ]


def test_integral_float_values_are_integers() -> None:
    assert schema_errors(SCHEMA, {"req": "x", "port": 80.0}, HELM_3) == []


def test_subchart_is_checked_against_its_own_scope_under_its_name() -> None:
    sub = Chart(metadata={"name": "sub"}, schema=b'{"required": ["need"]}')
    root = Chart(metadata={"name": "sc"}, schema=b'{"required": ["req"]}', dependencies=[sub])
    for helm, line in ((3, "- (root): need is required"), (4, "- at '': missing property 'need'")):
        with pytest.raises(RenderError) as info:
            validate_values(root, {"req": "x", "sub": {}}, profile=profile_for(helm))
        assert info.value.message == HEADER + f"sub:\n{line}\n"


def test_root_errors_come_before_subchart_errors() -> None:
    sub = Chart(metadata={"name": "sub"}, schema=b'{"required": ["need"]}')
    root = Chart(metadata={"name": "sc"}, schema=b'{"required": ["req"]}', dependencies=[sub])
    with pytest.raises(RenderError) as info:
        validate_values(root, {"sub": {}}, profile=HELM_3)
    assert info.value.message == HEADER + "sc:\n- (root): req is required\nsub:\n- (root): need is required\n"


def test_valid_values_pass() -> None:
    validate_values(Chart(metadata={"name": "sc"}, schema=SCHEMA), {"req": "x", "port": 1}, profile=HELM_3)
