"""The semantic manifest diff: objects matched by identity, fields reported by path with old -> new values."""

from __future__ import annotations

import pytest

from chartgen.snapshot.manifest_diff import MISSING, FieldChange, Manifest, diff_manifests, diff_texts, parse_manifests


def _deploy(**pod_spec) -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "op", "namespace": "home"},
        "spec": {"template": {"spec": {"containers": [{"name": "operator", "args": ["--a"]}], **pod_spec}}},
    }


def _one(body: dict, source: str = "chart/templates/x.yaml") -> list[Manifest]:
    return [Manifest(source, body)]


def _fields(old: dict, new: dict) -> list[FieldChange]:
    (change,) = diff_manifests(_one(old), _one(new)).changed
    return change.fields


def test_identical_manifests_have_no_differences():
    diff = diff_manifests(_one(_deploy()), _one(_deploy()))
    assert not diff
    assert diff.text() == "No differences.\n"


def test_an_object_only_in_the_new_render_is_added():
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
    diff = diff_manifests([], _one(cm))
    assert [str(key) for key, _ in diff.added] == ["ConfigMap c"]


def test_an_object_only_in_the_old_render_is_removed():
    diff = diff_manifests(_one(_deploy()), [])
    assert [str(key) for key, _ in diff.removed] == ["apps/Deployment home/op"]


def test_objects_are_matched_by_group_not_version():
    old, new = _deploy(), _deploy()
    old["apiVersion"] = "apps/v1beta1"
    assert _fields(old, new) == [FieldChange("apiVersion", "apps/v1beta1", "apps/v1")]


def test_a_namespace_change_is_a_different_object():
    new = _deploy()
    new["metadata"]["namespace"] = "other"
    diff = diff_manifests(_one(_deploy()), _one(new))
    assert ([str(k) for k, _ in diff.added], [str(k) for k, _ in diff.removed]) == (
        ["apps/Deployment other/op"],
        ["apps/Deployment home/op"],
    )


def test_named_list_items_are_matched_by_name():
    new = _deploy()
    new["spec"]["template"]["spec"]["containers"][0]["args"] = ["--a", "--b"]
    assert _fields(_deploy(), new) == [
        FieldChange("spec.template.spec.containers[name=operator].args", ["--a"], ["--a", "--b"])
    ]


def test_a_new_named_item_is_one_added_field():
    volume = {"name": "kube", "secret": {"secretName": "s"}}
    assert _fields(_deploy(volumes=[]), _deploy(volumes=[volume])) == [
        FieldChange("spec.template.spec.volumes[name=kube]", MISSING, volume)
    ]
    other = {"name": "other", "emptyDir": {}}
    assert _fields(_deploy(volumes=[other]), _deploy(volumes=[other, volume])) == [
        FieldChange("spec.template.spec.volumes[name=kube]", MISSING, volume)
    ]


def test_reordering_named_items_is_reported_as_an_order_change():
    a, b = {"name": "a", "value": "1"}, {"name": "b", "value": "2"}
    assert _fields(_deploy(env=[a, b]), _deploy(env=[b, a])) == [
        FieldChange("spec.template.spec.env(order)", ["a", "b"], ["b", "a"])
    ]


def test_mapping_key_order_is_not_a_difference():
    old = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "c"}, "data": {"a": "1", "b": "2"}}
    new = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"b": "2", "a": "1"}}
    assert not diff_manifests(_one(old), _one(new))


def test_inserting_an_unnamed_item_does_not_shift_the_others():
    rule = {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}
    extra = {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["list"]}
    old = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}}
    new = dict(old)
    old = {**old, "rules": [rule, rule]}
    new = {**new, "rules": [rule, extra, rule]}
    assert _fields(old, new) == [FieldChange("rules[1]", MISSING, extra)]


def test_a_string_and_a_number_of_the_same_look_differ():
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"n": "1"}}
    new = {**old, "data": {"n": 1}}
    assert _fields(old, new) == [FieldChange("data.n", "1", 1)]


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("app", "metadata.labels.app"),
        ("app.kubernetes.io/name", 'metadata.labels["app.kubernetes.io/name"]'),
        ("with space", 'metadata.labels["with space"]'),
    ],
)
def test_keys_that_are_not_identifiers_are_quoted_in_paths(key, path):
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {key: "x"}}}
    new = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {key: "y"}}}
    assert [f.path for f in _fields(old, new)] == [path]


def test_documents_claiming_the_same_identity_are_kept_apart():
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
    diff = diff_manifests(_one(cm), [Manifest("", cm), Manifest("", cm)])
    assert [str(key) for key, _ in diff.added] == ["ConfigMap c #2"]


def test_parse_keeps_each_documents_source_and_drops_empty_ones():
    text = "---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/empty.yaml\n---\n# Source: c/templates/b.yaml\nkind: B\n"
    assert parse_manifests(text) == [
        Manifest("c/templates/a.yaml", {"kind": "A"}),
        Manifest("c/templates/b.yaml", {"kind": "B"}),
    ]


def test_parse_leaves_date_looking_strings_as_strings():
    (manifest,) = parse_manifests("kind: A\ndata:\n  day: 2024-01-02\n")
    assert manifest.body["data"]["day"] == "2024-01-02"


def test_normalise_applies_to_values_after_parsing():
    old = "kind: Secret\nmetadata:\n  name: s\ndata:\n  crt: AAAA\n"
    new = "kind: Secret\nmetadata:\n  name: s\ndata:\n  crt: BBBB\n"
    assert not diff_texts(old, new, normalise=lambda s: "<generated: x>" if s in ("AAAA", "BBBB") else s)


def test_text_names_object_and_field_with_old_and_new_value():
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "ns"}, "data": {"a": "1"}}
    new = {**old, "data": {"a": "2"}}
    text = diff_manifests(_one(old, "ch/templates/cm.yaml"), _one(new, "ch/templates/cm.yaml")).text()
    assert text == (
        'Objects: 1 changed, 0 added, 0 removed.\n\n~ ConfigMap ns/c  (ch/templates/cm.yaml)\n    data.a: "1" -> "2"\n'
    )


def test_text_shows_scalar_list_changes_as_removed_and_added_entries():
    new = _deploy()
    new["spec"]["template"]["spec"]["containers"][0]["args"] = ["--a", "--kubeconfig=/k"]
    text = diff_manifests(_one(_deploy()), _one(new)).text()
    assert '    spec.template.spec.containers[name=operator].args:\n        "--a"\n      + "--kubeconfig=/k"\n' in text


def test_text_shows_an_added_subtree_as_yaml():
    volume = {"name": "kube", "secret": {"secretName": "s"}}
    other = {"name": "other", "emptyDir": {}}
    text = diff_manifests(_one(_deploy(volumes=[other])), _one(_deploy(volumes=[other, volume]))).text()
    assert (
        "    spec.template.spec.volumes[name=kube]: added\n"
        "        name: kube\n"
        "        secret:\n"
        "          secretName: s\n"
    ) in text


def test_text_shows_multi_line_strings_line_by_line():
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"s": "a\nb\nc\n"}}
    new = {**old, "data": {"s": "a\nB\nc\n"}}
    text = diff_manifests(_one(old), _one(new)).text()
    assert "    data.s:\n        a\n      - b\n      + B\n        c\n" in text


def test_text_lists_removed_objects_with_their_source():
    text = diff_manifests(_one(_deploy(), "ch/templates/d.yaml"), []).text()
    assert "\n- apps/Deployment home/op  (ch/templates/d.yaml)\n" in text


def test_data_form_holds_paths_and_values():
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1", "gone": "x"}}
    new = {**old, "data": {"a": "2"}}
    data = diff_manifests(_one(old, "s"), _one(new, "s")).to_data()
    assert data == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "group": "",
                "kind": "ConfigMap",
                "namespace": "",
                "name": "c",
                "source": "s",
                "fields": [
                    {"path": "data.a", "change": "changed", "old": "1", "new": "2"},
                    {"path": "data.gone", "change": "removed", "old": "x"},
                ],
            }
        ],
    }


def test_objects_are_listed_in_a_stable_order():
    def cm(name: str) -> Manifest:
        return Manifest("", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}})

    one = diff_manifests([], [cm("b"), cm("a")])
    two = diff_manifests([], [cm("a"), cm("b")])
    assert one.text() == two.text()


def _secret(data: dict, **extra) -> dict:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": data, **extra}


def test_a_changed_secret_value_is_reported_but_never_shown():
    diff = diff_manifests(_one(_secret({"password": "b2xk"})), _one(_secret({"password": "bmV3LXZhbHVl"})))
    assert diff.text().endswith("    data.password: (hidden, 4 chars) -> (hidden, 12 chars)\n")
    assert diff.to_data()["changed"][0]["fields"] == [
        {"path": "data.password", "change": "changed", "old": "(hidden, 4 chars)", "new": "(hidden, 12 chars)"}
    ]


def test_an_added_or_removed_secret_shows_its_keys_but_not_its_values():
    added = diff_manifests([], _one(_secret({"tls.key": "c2VjcmV0"}, stringData={"token": "abc"})))
    text = added.text()
    assert "tls.key: (hidden, 8 chars)" in text and "token: (hidden, 3 chars)" in text
    assert "c2VjcmV0" not in text and "abc" not in text.replace("(hidden, 3 chars)", "")
    removed = diff_manifests(_one(_secret({"tls.key": "c2VjcmV0"})), [])
    assert "c2VjcmV0" not in str(removed.to_data())


def test_a_secrets_other_fields_and_other_kinds_data_are_shown():
    old, new = _secret({"a": "eA=="}, type="Opaque"), _secret({"a": "eA=="}, type="kubernetes.io/tls")
    assert 'type: "Opaque" -> "kubernetes.io/tls"' in diff_manifests(_one(old), _one(new)).text()
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
    text = diff_manifests(_one({**config, "data": {"a": "1"}}), _one({**config, "data": {"a": "2"}})).text()
    assert 'data.a: "1" -> "2"' in text
