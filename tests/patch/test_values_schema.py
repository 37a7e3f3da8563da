"""The iris-operator values schema and the remote-target fragment, checked as chartgen checks user values."""

from __future__ import annotations

import json

import pytest
from chart_variants import base_files, iko_3_5, iko_3_6

from chartgen.errors import ValuesError
from chartgen.patch.values_schema import base_schema, compose, load_values_file, validate
from chartgen.resources import overlays_dir

STOCK = base_schema("iris-operator-amd", None)
REMOTE = compose(STOCK, json.loads((overlays_dir() / "remote-target" / "values.schema.json").read_text()))


def _values(text: str, where: str = "v.yaml"):
    return load_values_file(text, where)


@pytest.mark.parametrize("variant", [lambda f: f, iko_3_6, iko_3_5], ids=["3.8.42", "3.6.7", "3.5.48"])
def test_stock_defaults_of_each_iko_version_are_accepted(variant):
    validate(STOCK, [_values(variant(base_files())["values.yaml"].decode(), "values.yaml")])


def test_global_is_always_allowed():
    defaults = _values(base_files()["values.yaml"].decode())
    validate(STOCK, [defaults, _values("global:\n  imageRegistry: mirror.example\n")])


def test_unknown_top_level_key_gets_a_suggestion():
    defaults = _values(base_files()["values.yaml"].decode())
    with pytest.raises(ValuesError) as info:
        validate(STOCK, [defaults, _values("replicaCont: 2\n", "mine.yaml")])
    assert str(info.value) == "mine.yaml:1:1: unknown key 'replicaCont' (did you mean 'replicaCount'?)"


def test_yaml_1_1_booleans_are_read_as_helm_reads_them():
    defaults = _values(base_files()["values.yaml"].decode())
    validate(STOCK, [defaults, _values("criticalAddon: yes\nrbac:\n  create: off\n")])


def test_null_deletes_a_default_before_validation():
    defaults = _values(base_files()["values.yaml"].decode())
    validate(STOCK, [defaults, _values("nodeSelector: null\n")])


def test_remote_target_rule_does_not_apply_when_remote_target_is_off():
    defaults = _values(base_files()["values.yaml"].decode())
    validate(REMOTE, [defaults, _values("remoteTarget:\n  enabled: false\n")])


def test_remote_target_on_with_webhooks_on_is_rejected_at_the_webhook_value():
    defaults = _values(base_files()["values.yaml"].decode(), "values.yaml")
    on = _values("remoteTarget:\n  enabled: true\n  secretName: wk\n  secretKey: config\n  mountPath: /k\n", "on.yaml")
    with pytest.raises(ValuesError) as info:
        validate(REMOTE, [defaults, on])
    assert str(info.value).startswith("values.yaml:")
    assert "apiserver.enableMutatingWebhook" in str(info.value)


def test_remote_target_on_needs_a_secret_name():
    defaults = _values(base_files()["values.yaml"].decode())
    off = _values("apiserver:\n  enableMutatingWebhook: false\n  enableValidatingWebhook: false\n")
    with pytest.raises(ValuesError, match="secretName"):
        validate(REMOTE, [defaults, off, _values("remoteTarget:\n  enabled: true\n  secretKey: c\n  mountPath: /k\n")])
