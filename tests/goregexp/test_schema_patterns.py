"""Patterns in a values schema: Go's regexp for matching, and Helm's own refusal of a schema whose pattern Go
rejects (chartgen.helm.schema_patterns), as seen by render, lint and patch.

The expected texts were printed by helm 3.17.3 and 4.1.4 for the same schemas (``helm template`` and
``helm lint``); the differential corpus (``corpus/regex.yaml``) replays the deterministic ones on every run.
"""

from __future__ import annotations

import json
import time

import jsonschema
import pytest

from chartgen.helm.schema_patterns import helm3_schema_error, helm4_schema_error, santhosh_quote
from chartgen.helmcompat.profile import HELM_3, HELM_4
from chartgen.patch.values_schema import violations

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def helm4(schema: dict) -> list[str] | None:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return helm4_schema_error(schema, cls, HELM_4.go_version)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"properties": {"a": {"pattern": "("}}}, "pattern must be a valid regex"),
        ({"patternProperties": {"(?=x)": {}}}, "Invalid regex pattern '(?=x)'"),
        # gojsonschema loads definitions and properties before patternProperties, and pattern after them
        ({"pattern": "(", "patternProperties": {"[": {}}}, "Invalid regex pattern '['"),
        ({"properties": {"a": {"pattern": "("}}, "patternProperties": {"[": {}}}, "pattern must be a valid regex"),
        (
            {"definitions": {"d": {"patternProperties": {"[": {}}}}, "properties": {"a": {"pattern": "("}}},
            "Invalid regex pattern '['",
        ),
        ({"items": {"pattern": "("}, "patternProperties": {"[": {}}}, "Invalid regex pattern '['"),
        ({"pattern": "(", "items": {"patternProperties": {"[": {}}}}, "Invalid regex pattern '['"),
        ({"pattern": "(", "allOf": [{"patternProperties": {"[": {}}}]}, "pattern must be a valid regex"),
        ({"pattern": "(", "$ref": "#/x", "x": {"patternProperties": {"[": {}}}}, "Invalid regex pattern '['"),
        # keywords gojsonschema does not know are not loaded
        ({"$defs": {"d": {"pattern": "("}}}, None),
        ({"x": {"pattern": "("}}, None),
    ],
)
def test_helm_3_names_the_first_pattern_it_cannot_load(schema, message):
    assert helm3_schema_error(schema, HELM_3.go_version) == message


HEAD_2020 = (
    '"file:///values.schema.json#" is not valid against metaschema: '
    "jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'"
)
HEAD_07 = HEAD_2020.replace("https://json-schema.org/draft/2020-12/schema#", DRAFT7)
MISSING_PAREN = "'(' is not valid regex: error parsing regexp: missing closing ): `(`"
MISSING_BRACKET = "'[' is not valid regex: error parsing regexp: missing closing ]: `[`"


@pytest.mark.parametrize(
    ("schema", "lines"),
    [
        (
            {"properties": {"a": {"properties": {"b": {"pattern": "("}}}}},
            [
                HEAD_2020,
                "- at '': 'allOf' failed",
                "  - at '/properties/a': 'allOf' failed",
                "    - at '/properties/a/properties/b': 'allOf' failed",
                f"      - at '/properties/a/properties/b/pattern': {MISSING_PAREN}",
            ],
        ),
        (
            {"properties": {"a": {"patternProperties": {"(": {}}}}},
            [
                HEAD_2020,
                "- at '': 'allOf' failed",
                "  - at '/properties/a': 'allOf' failed",
                "    - at '': invalid propertyName '('",
                f"      - at '': {MISSING_PAREN}",
            ],
        ),
        (
            {"properties": {"a": {"pattern": "(", "properties": {"c": {"pattern": "("}}}, "b": {"pattern": "["}}},
            [
                HEAD_2020,
                "- at '': 'allOf' failed",
                "  - at '': validation failed",
                "    - at '/properties/a': 'allOf' failed",
                "      - at '/properties/a/properties/c': 'allOf' failed",
                f"        - at '/properties/a/properties/c/pattern': {MISSING_PAREN}",
                f"      - at '/properties/a/pattern': {MISSING_PAREN}",
                "    - at '/properties/b': 'allOf' failed",
                f"      - at '/properties/b/pattern': {MISSING_BRACKET}",
            ],
        ),
        (
            {"$schema": DRAFT7, "pattern": "(", "properties": {"a": {"pattern": "["}}},
            [HEAD_07, f"- at '/pattern': {MISSING_PAREN}", f"- at '/properties/a/pattern': {MISSING_BRACKET}"],
        ),
        (
            {"$schema": DRAFT7, "items": {"pattern": "("}},
            [
                HEAD_07,
                "- at '/items': 'anyOf' failed",
                f"  - at '/items/pattern': {MISSING_PAREN}",
                "  - at '/items': got object, want array",
            ],
        ),
        (
            {"$schema": DRAFT7, "properties": {"a": {"pattern": "(", "patternProperties": {"[": {}}}}},
            # Helm prints these two in either order (a Go map); this is one of them.
            [
                HEAD_07,
                "- at '/properties/a': validation failed",
                f"  - at '/properties/a/pattern': {MISSING_PAREN}",
                "  - at '': invalid propertyName '['",
                f"    - at '': {MISSING_BRACKET}",
            ],
        ),
        ({"properties": {"a": {"pattern": "^a+$"}}, "patternProperties": {"^x-": {}}}, None),
    ],
)
def test_helm_4_prints_its_metaschema_error_tree(schema, lines):
    assert helm4(schema) == lines


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("abc", "'abc'"), ("it's", "'it\\'s'"), ('a"b', "'a\"b'"), ("a\n\tb", "'a\\n\\tb'"), ("é\x07", "'é\\a'")],
)
def test_helm_4_quotes_strings_with_single_quotes_and_go_escapes(text, quoted):
    assert santhosh_quote(text) == quoted


def test_a_values_check_reports_an_invalid_pattern_of_the_schema_once():
    schema = {"properties": {"a": {"pattern": "(a)\\1"}, "b": {"type": "integer"}}}
    found = list(violations(schema, {"a": "x", "b": "not a number"}))
    assert [(v.in_schema, v.message) for v in found] == [
        (
            True,
            "/properties/a/pattern: the pattern '(a)\\\\1' is not a valid regular expression: "
            "error parsing regexp: invalid escape sequence: `\\1`",
        )
    ]


def test_keys_covered_by_pattern_properties_are_not_unknown_keys():
    schema = {"properties": {"name": {}}, "patternProperties": {"^x-[a-z]+$": {}}, "additionalProperties": False}
    found = list(violations(schema, {"name": 1, "x-extra": 2, "nmae": 3}))
    assert [(v.key, v.message) for v in found] == [("nmae", "unknown key 'nmae' (did you mean 'name'?)")]


def test_values_patterns_use_go_syntax():
    schema = {"properties": {"a": {"pattern": "^a{,2}$"}, "b": {"pattern": "^\\pL+\\z"}}}
    assert list(violations(schema, {"a": "a{,2}", "b": "éλ"})) == []
    assert [v.message for v in violations(schema, {"a": "aa"})] == ["a: 'aa' does not match '^a{,2}$'"]


def test_a_catastrophic_values_pattern_answers_at_once():
    schema = {"properties": {"a": {"pattern": "^(a+)+$"}}, "patternProperties": {"^(a|aa)+$": {"type": "string"}}}
    started = time.monotonic()
    found = list(violations(schema, {"a": "a" * 50_000 + "!", "a" * 50_000: 1}))
    assert time.monotonic() - started < 2
    assert len(found) == 2


def test_a_regex_format_value_is_compiled_as_go():
    schema = {"properties": {"r": {"format": "regex"}}}
    assert list(violations(schema, {"r": "\\pL\\z"})) == []
    assert [v.message for v in violations(schema, {"r": "(?=a)"})] == ["r: '(?=a)' is not a 'regex'"]


def test_lint_places_an_invalid_schema_pattern_on_the_schema_file(tmp_path):
    from chartgen.lint.runner import LintOptions, run_lint

    (tmp_path / "templates").mkdir()
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (tmp_path / "templates" / "cm.yaml").write_text("# nothing\n")
    (tmp_path / "values.yaml").write_text("a: x\n")
    (tmp_path / "values.schema.json").write_text(json.dumps({"properties": {"a": {"pattern": "a++"}}}))
    report = run_lint(LintOptions(chart=tmp_path))
    found = [f for f in report.findings if f.rule_id == "CG-VALUES-001"]
    assert len(found) == 1
    assert found[0].location.path.endswith("values.schema.json")
    assert "invalid nested repetition operator: `++`" in found[0].message
