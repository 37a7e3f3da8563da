"""Schema verdicts are kept on disk: checking the same schema and values again gives the same lines without
running the validator, and any change to the schema, the values, the Helm profile or the checker's code is a
miss."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cache_files

from chartgen.helm import schema_check
from chartgen.helm.schema_check import VERDICT_KIND, schema_errors
from chartgen.helmcompat.profile import HELM_3, HELM_4

SCHEMA = json.dumps(
    {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}}
).encode()
BAD = {"port": "eighty"}


@pytest.fixture
def verdicts(fresh_cache: Path) -> Path:
    return fresh_cache / VERDICT_KIND


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    real = schema_check._validate

    def counting(text, values, profile):
        calls.append(values)
        return real(text, values, profile)

    monkeypatch.setattr(schema_check, "_validate", counting)
    return calls


def test_a_second_check_of_the_same_schema_and_values_comes_from_the_cache(verdicts, validations):
    first = schema_errors(SCHEMA, BAD, HELM_3)
    second = schema_errors(SCHEMA, BAD, HELM_3)
    assert first == second and first
    assert len(validations) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"values": {"port": "ninety"}},
        {"schema": SCHEMA.replace(b'"integer"', b'"number"')},
        {"profile": HELM_4},
    ],
    ids=["values", "schema", "profile"],
)
def test_a_change_to_schema_values_or_profile_misses_the_cache(verdicts, validations, change):
    schema_errors(SCHEMA, BAD, HELM_3)
    schema_errors(change.get("schema", SCHEMA), change.get("values", BAD), change.get("profile", HELM_3))
    assert len(validations) == 2


def test_a_change_to_the_checkers_code_misses_the_cache(verdicts, validations, monkeypatch):
    schema_errors(SCHEMA, BAD, HELM_3)
    monkeypatch.setattr(schema_check, "code_stamp", lambda *places: b"another checker")
    schema_errors(SCHEMA, BAD, HELM_3)
    assert len(validations) == 2


@pytest.mark.parametrize("planted", [b"not json", b'{"a": 1}', b"[1, 2]"], ids=["garbage", "object", "numbers"])
def test_a_damaged_verdict_is_checked_again_and_replaced(verdicts, validations, planted):
    expected = schema_errors(SCHEMA, BAD, HELM_3)
    (path,) = cache_files(verdicts)
    path.write_bytes(planted)
    assert schema_errors(SCHEMA, BAD, HELM_3) == expected
    assert schema_errors(SCHEMA, BAD, HELM_3) == expected
    assert len(validations) == 2


def test_no_cache_setting_writes_no_verdict(verdicts, validations, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    schema_errors(SCHEMA, BAD, HELM_3)
    schema_errors(SCHEMA, BAD, HELM_3)
    assert len(validations) == 2 and cache_files(verdicts) == []


def test_a_cached_verdict_spares_importing_the_validator(verdicts, tmp_path):
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("name: x\nport: 80\n")
    (chart / "values.schema.json").write_bytes(SCHEMA)
    (chart / "templates" / "cm.yaml").write_text("kind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n")
    probe = (
        "import sys\nfrom chartgen.helm.render import render_chart\n"
        f"render_chart({str(chart)!r})\nprint('jsonschema' in sys.modules)\n"
    )
    env = {"CHARTGEN_CACHE_DIR": str(verdicts.parent), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env) for _ in range(2)]
    assert [run.stdout for run in runs] == ["True\n", "False\n"], [run.stderr for run in runs]
