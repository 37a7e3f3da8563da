"""Snapshot diffs that name the object and the field of every change."""

from __future__ import annotations

import pytest

from chartgen.snapshot.extension import explain
from chartgen.snapshot.linediff import describe_changes, line_sites, readable_diff

SNAPSHOT = """\
# chartgen snapshot: test
# chartgen: 0.1.0
# profile: defaults
---
# Source: c/templates/d.yaml
# Object: Deployment default/op
kind: Deployment
metadata:
  name: op
  annotations:
    helm.sh/hook: pre-install
spec:
  containers:
  - name: operator
    args:
    - run
    - --v=3
    env:
    - name: A
      value: x
  - name: sidecar
    script: |
      key: not a key
      done
  volumes: []
---
# Source: c/templates/s.yaml
# Object: Secret default/s
data:
  tls.crt: <generated>
"""


@pytest.mark.parametrize(
    ("line", "site"),
    [
        ("# chartgen: 0.1.0", "snapshot header"),
        ("kind: Deployment", "Deployment default/op: kind"),
        ("    helm.sh/hook: pre-install", 'Deployment default/op: metadata.annotations["helm.sh/hook"]'),
        ("  - name: operator", "Deployment default/op: spec.containers[0].name"),
        ("    - --v=3", "Deployment default/op: spec.containers[0].args[1]"),
        ("      value: x", "Deployment default/op: spec.containers[0].env[0].value"),
        ("  - name: sidecar", "Deployment default/op: spec.containers[1].name"),
        ("      key: not a key", "Deployment default/op: spec.containers[1].script"),
        ("  volumes: []", "Deployment default/op: spec.volumes"),
        ("  tls.crt: <generated>", 'Secret default/s: data["tls.crt"]'),
    ],
)
def test_every_line_knows_its_object_and_field(line: str, site: str) -> None:
    lines = SNAPSHOT.splitlines()
    assert str(line_sites(SNAPSHOT)[lines.index(line)]) == site


def test_hunks_are_headed_by_object_and_field() -> None:
    new = SNAPSHOT.replace("    - --v=3", "    - --v=4")
    diff = readable_diff(SNAPSHOT, new, context=1)
    assert diff == [
        "--- snapshot",
        "+++ rendered",
        "@@ -16,3 +16,3 @@ Deployment default/op: spec.containers[0].args[1]",
        "      - run",
        "-     - --v=3",
        "+     - --v=4",
        "      env:",
    ]


def test_changes_are_listed_once_per_field_header_first() -> None:
    new = SNAPSHOT.replace("value: x", "value: y").replace("chartgen: 0.1.0", "chartgen: 0.2.0")
    assert describe_changes(SNAPSHOT, new) == [
        "header chartgen: 0.1.0 -> 0.2.0",
        "Deployment default/op: spec.containers[0].env[0].value",
    ]


def test_a_removed_document_is_named() -> None:
    new = SNAPSHOT[: SNAPSHOT.index("---\n# Source: c/templates/s.yaml")]
    changes = describe_changes(SNAPSHOT, new)
    assert "Secret default/s" in changes
    assert 'Secret default/s: data["tls.crt"]' in changes


def test_a_header_only_change_is_called_tooling_drift() -> None:
    new = SNAPSHOT.replace("chartgen: 0.1.0", "chartgen: 0.2.0")
    lines = explain(SNAPSHOT, new)
    assert lines[:3] == [
        "The manifests are unchanged; only how the snapshot was made differs (tooling or chart identity):",
        "  header chartgen: 0.1.0 -> 0.2.0",
        "  (chartgen itself or its settings changed: re-record if the manifests are as expected)",
    ]


def test_a_manifest_change_leads_the_explanation() -> None:
    lines = explain(SNAPSHOT, SNAPSHOT.replace("value: x", "value: y"))
    assert lines[:2] == [
        "Rendered manifests differ from the snapshot in 1 place(s):",
        '  Deployment default/op: spec.containers[0].env[0].value: "x" -> "y"',
    ]


def _summary(new: str, old: str = SNAPSHOT) -> list[str]:
    lines = explain(old, new)
    return lines[1 : lines.index("")]


def test_the_summary_prints_old_and_new_as_the_diff_does() -> None:
    # The same one-line form as `chartgen diff`: JSON values, so a boolean that became a string shows as one.
    new = SNAPSHOT.replace("    - --v=3", "    - 'true'").replace("value: x", "value: 3")
    assert _summary(new) == [
        '  Deployment default/op: spec.containers[0].args[1]: "--v=3" -> "true"',
        '  Deployment default/op: spec.containers[0].env[0].value: "x" -> 3',
    ]


def test_an_added_field_shows_as_absent_before() -> None:
    new = SNAPSHOT.replace("      value: x\n", "      value: x\n    - name: B\n      value: z\n")
    assert _summary(new) == [
        '  Deployment default/op: spec.containers[0].env[1].name: (absent) -> "B"',
        '  Deployment default/op: spec.containers[0].env[1].value: (absent) -> "z"',
    ]


def test_long_values_are_cut_short_in_the_summary() -> None:
    new = SNAPSHOT.replace("value: x", "value: " + "y" * 200)
    (line,) = _summary(new)
    assert line == '  Deployment default/op: spec.containers[0].env[0].value: "x" -> "' + "y" * 36 + "..."


def test_a_secrets_data_values_stay_hidden() -> None:
    new = SNAPSHOT.replace("  tls.crt: <generated>", "  tls.crt: c2VjcmV0LXZhbHVl\n  tls.key: a2V5LXZhbHVl")
    assert _summary(new) == [
        '  Secret default/s: data["tls.crt"]: (hidden, 11 chars) -> (hidden, 16 chars)',
        '  Secret default/s: data["tls.key"]: (absent) -> (hidden, 12 chars)',
    ]
    assert not any("c2VjcmV0" in line or "a2V5" in line for line in _summary(new))


def test_a_secrets_other_fields_show_their_values() -> None:
    old = SNAPSHOT.replace("# Object: Secret default/s\n", "# Object: Secret default/s\nkind: Secret\n")
    new = old.replace("kind: Secret\n", "kind: Secret\ntype: Opaque\n")
    assert _summary(new, old) == ['  Secret default/s: type: (absent) -> "Opaque"']


def test_a_removed_object_is_named_as_removed() -> None:
    new = SNAPSHOT[: SNAPSHOT.index("---\n# Source: c/templates/s.yaml")]
    assert _summary(new)[0] == "  Secret default/s: (object removed)"


def test_a_document_that_is_not_yaml_keeps_the_field_without_values() -> None:
    old = SNAPSHOT.replace("  volumes: []", "  volumes: [")
    new = old.replace("value: x", "value: y")
    assert _summary(new, old) == ["  Deployment default/op: spec.containers[0].env[0].value"]


def test_the_line_diff_hides_a_secrets_values_but_keeps_its_keys() -> None:
    old = SNAPSHOT.replace("# Object: Secret default/s\n", "# Object: Secret default/s\nkind: Secret\n")
    new = old.replace(
        "  tls.crt: <generated>",
        '  tls.crt: c2VjcmV0LXZhbHVl\n  "tls.key": a2V5LXZhbHVl\n  ca.crt: |\n    bXVsdGktbGluZQ==\n',
    )
    text = "\n".join(explain(old, new))
    for value in ("c2VjcmV0LXZhbHVl", "a2V5LXZhbHVl", "bXVsdGktbGluZQ==", "<generated>"):
        assert value not in text
    assert '+   "tls.key": (hidden, 12 chars)' in text and "+   ca.crt: |" in text and "+     (hidden)" in text


def test_the_line_diff_shows_other_kinds_data_as_written() -> None:
    lines = readable_diff("kind: ConfigMap\ndata:\n  a: one\n", "kind: ConfigMap\ndata:\n  a: two\n")
    assert "-   a: one" in lines and "+   a: two" in lines
