"""The JSON schemas chartgen ships are read by Python's json, where a repeated key silently keeps the last value:
a repeated key is a definition nobody sees."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.json")) + sorted((REPO / "docs" / "examples").glob("*/*.json"))


def _refuse_repeats(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    assert not repeated, f"repeated keys: {repeated}"
    return dict(pairs)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_a_shipped_schema_repeats_no_key(path):
    json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_refuse_repeats)
