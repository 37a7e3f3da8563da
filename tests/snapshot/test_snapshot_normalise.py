"""Rendered manifests → a stable snapshot document: order, volatile values, YAML style."""

from __future__ import annotations

import base64

import pytest

from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart
from chartgen.resources import base_chart_dir
from chartgen.snapshot.normalise import VolatilePath, dump_yaml, normalise_documents
from chartgen.snapshot.profiles import Profile
from chartgen.snapshot.render import render_normalised
from chartgen.snapshot.volatile import describe_random


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def one(content: str, *volatile: VolatilePath) -> dict:
    [doc] = normalise_documents([("c/templates/x.yaml", content)], volatile)
    return doc.body


def test_documents_are_ordered_by_kind_namespace_name_and_source() -> None:
    docs = normalise_documents(
        [
            ("c/templates/b.yaml", "kind: Service\nmetadata: {name: b, namespace: x}\n"),
            ("c/templates/a.yaml", "kind: Service\nmetadata: {name: a, namespace: y}\n"),
            ("c/templates/z.yaml", "kind: ConfigMap\nmetadata: {name: z}\n"),
            ("c/templates/a.yaml", "kind: Service\nmetadata: {name: b, namespace: x}\n"),
        ]
    )
    assert [(d.kind, d.namespace, d.name, d.source) for d in docs] == [
        ("ConfigMap", "", "z", "c/templates/z.yaml"),
        ("Service", "x", "b", "c/templates/a.yaml"),
        ("Service", "x", "b", "c/templates/b.yaml"),
        ("Service", "y", "a", "c/templates/a.yaml"),
    ]


def test_a_fresh_render_with_new_certificates_normalises_to_the_same_text() -> None:
    chart = base_chart_dir()
    first = render_chart(chart, RenderOptions())
    second = render_chart(chart, RenderOptions())
    assert first.text != second.text  # new keys and certificates on every render
    assert render_normalised(chart).text == render_normalised(chart).text


def test_a_base64_certificate_is_described_by_subject_and_names() -> None:
    text = render_normalised(base_chart_dir()).text
    assert (
        "tls.crt: '<generated: x509 certificate CN=release-name-iris-operator-amd "
        "SANs=release-name-iris-operator-amd.default,release-name-iris-operator-amd.default.svc CA=false days=3650>'"
    ) in text
    assert "tls.key: '<generated: rsa private key>'" in text


def test_a_ca_bundle_holding_a_generated_ca_is_described() -> None:
    text = render_normalised(base_chart_dir()).text
    assert "caBundle: '<generated: x509 certificate CN=ca SANs=- CA=true days=3650>'" in text


def test_a_ca_bundle_of_plain_text_from_values_is_kept() -> None:
    assert one(f"kind: X\ncaBundle: {b64('not-ca-cert')}\n")["caBundle"] == b64("not-ca-cert")


def test_a_ca_bundle_of_binary_data_is_described_by_size() -> None:
    binary = base64.b64encode(bytes(range(200, 232))).decode()
    assert one(f"kind: X\ncaBundle: {binary}\n")["caBundle"] == "<caBundle: 32 bytes of binary data>"


def test_a_declared_random_secret_value_is_described_after_base64_decoding() -> None:
    body = one(
        f"kind: Secret\nmetadata: {{name: db}}\ndata:\n  password: {b64('aB3dE5gH9jK1mN2p')}\n",
        VolatilePath.parse("Secret/db:data.password"),
    )
    assert body["data"]["password"] == "<random: 16 chars [A-Za-z0-9], base64-encoded>"


def test_a_volatile_path_matches_keys_that_contain_dots() -> None:
    body = one(
        "kind: ConfigMap\nmetadata: {name: c}\ndata:\n  token.txt: s3cr3tValue\n",
        VolatilePath.parse("ConfigMap/c:data.token.txt"),
    )
    assert body["data"]["token.txt"] == "<random: 11 chars [A-Za-z0-9]>"


def test_a_volatile_path_with_wildcards_reaches_list_items() -> None:
    body = one(
        "kind: Job\nmetadata: {name: j}\nenv:\n- {name: a, value: xyz}\n- {name: b, value: '12'}\n",
        VolatilePath.parse("Job/*:env.*.value"),
    )
    assert [e["value"] for e in body["env"]] == ["<random: 3 chars [A-Za-z0-9]>", "<random: 2 chars [0-9]>"]


def test_a_volatile_path_leaves_other_objects_alone() -> None:
    body = one(
        "kind: Secret\nmetadata: {name: other}\nstringData: {password: abc}\n", VolatilePath.parse("Secret/db:*")
    )
    assert body["stringData"]["password"] == "abc"


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ("0123456789", "<random: 10 chars [0-9]>"),
        ("abcdefABCDEF", "<random: 12 chars [A-Za-z0-9]>"),
        ("abc123XYZ", "<random: 9 chars [A-Za-z0-9]>"),
        ("a+b/c=!~", "<random: 8 chars [ -~]>"),
        ("héllo", "<random: 5 chars, not printable ASCII>"),
    ],
)
def test_random_strings_are_described_by_length_and_a_coarse_alphabet(value: str, described: str) -> None:
    assert describe_random(value) == described


def test_a_declared_alphabet_is_named_and_a_value_outside_it_is_flagged() -> None:
    assert describe_random("abc+/=", "A-Za-z0-9+/=") == "<random: 6 chars [A-Za-z0-9+/=]>"
    assert describe_random("abc!", "A-Za-z0-9") == "<random: 4 chars [A-Za-z0-9] VIOLATED>"


@pytest.mark.parametrize("spec", ["Secret:data.x", "Secret/name", "/name:data", "Secret/:data"])
def test_a_malformed_volatile_path_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="Kind/name:field.path"):
        VolatilePath.parse(spec)


def test_dates_stay_strings_as_kubernetes_reads_them() -> None:
    assert one("kind: X\nwhen: 2024-01-02\n")["when"] == "2024-01-02"
    assert dump_yaml({"when": "2024-01-02"}) == "when: '2024-01-02'\n"


def test_multi_line_text_is_written_as_a_literal_block() -> None:
    assert dump_yaml({"script": "echo a\necho b\n"}) == "script: |\n  echo a\n  echo b\n"


def test_keys_keep_their_rendered_order() -> None:
    assert dump_yaml(one("kind: X\nzeta: 1\nalpha: 2\n")) == "kind: X\nzeta: 1\nalpha: 2\n"


def test_a_document_that_is_not_yaml_is_kept_commented_out() -> None:
    [doc] = normalise_documents([("c/templates/bad.yaml", "kind: X\n  bad: [\n")])
    assert doc.body is None
    assert doc.text() == (
        "---\n# Source: c/templates/bad.yaml\n# Object: (no kind) (no name)\n"
        "# Not valid YAML; shown as rendered:\n#   kind: X\n#     bad: [\n"
    )


def test_an_empty_document_is_dropped() -> None:
    assert normalise_documents([("c/templates/x.yaml", "# only a comment\n")]) == []


def test_each_document_opens_with_its_source_and_object() -> None:
    [doc] = normalise_documents([("c/templates/s.yaml", "kind: Service\nmetadata: {name: s, namespace: n}\n")])
    assert doc.text().startswith("---\n# Source: c/templates/s.yaml\n# Object: Service n/s\nkind: Service\n")


def test_a_profile_that_renders_nothing_says_so() -> None:
    result = render_normalised(base_chart_dir(), Profile("none", set_values=["rbac.create=false"]))
    result.documents = []
    assert result.text.endswith(
        '# profile-settings: {"set": ["rbac.create=false"]}\n# (the chart rendered no documents)\n'
    )
