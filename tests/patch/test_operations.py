"""General overlay operations: each addressed by structure, counted, guarded by its condition."""

from __future__ import annotations

import pytest
from overlay_kit import CLUSTER_ROLE, CRONJOB, DEPLOYMENT, SERVICE, patch, template, write_chart, write_overlay

from chartgen.errors import PatchMatchError


def _patched(tmp_path, templates: dict[str, str], operations: str) -> dict[str, str]:
    write_chart(tmp_path, templates)
    write_overlay(tmp_path, "t", "operations:\n" + operations)
    result = patch(tmp_path, "t")
    return {name: template(result, name) for name in templates}


def test_merge_adds_entries_to_an_existing_mapping_at_its_column(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: pool
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.enabled
    expect: 1
    snippet: |
      pool: ops
""",
    )["d.yaml"]
    assert "      nodeSelector:\n        disk: ssd\n        {{- if .Values.enabled }}\n        pool: ops\n" in out


def test_merge_creates_a_missing_mapping_inside_the_guard(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: sc
    op: merge
    target: {kind: Deployment, scope: container, container: app, path: securityContext}
    when: .Values.enabled
    expect: 1
    snippet: |
      runAsNonRoot: true
""",
    )["d.yaml"]
    assert "        {{- if .Values.enabled }}\n        securityContext:\n          runAsNonRoot: true\n" in out


def test_merge_refuses_a_key_the_mapping_already_has(tmp_path):
    with pytest.raises(PatchMatchError, match=r"already has key 'disk'.*on_conflict") as caught:
        _patched(
            tmp_path,
            {"d.yaml": DEPLOYMENT},
            """\
  - id: disk
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.enabled
    expect: 1
    snippet: |
      disk: hdd
""",
        )
    assert caught.value.location.path.endswith("templates/d.yaml") and caught.value.location.line == 9


def test_merge_on_conflict_keep_leaves_the_charts_entry_alone(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: disk
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.enabled
    expect: 1
    on_conflict: keep
    snippet: |
      disk: hdd
      pool: ops
""",
    )["d.yaml"]
    assert "disk: hdd" not in out and "        pool: ops\n" in out


def test_merge_on_conflict_replace_keeps_the_charts_entry_only_while_the_guard_is_off(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: disk
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.enabled
    expect: 1
    on_conflict: replace
    snippet: |
      disk: hdd
""",
    )["d.yaml"]
    assert (
        "        {{- if not (.Values.enabled) }}\n        disk: ssd\n        {{- end }}\n"
        "        {{- if .Values.enabled }}\n        disk: hdd\n        {{- end }}\n" in out
    )


def test_set_writes_the_scalar_under_the_guard_and_the_charts_value_otherwise(tmp_path):
    out = _patched(
        tmp_path,
        {"s.yaml": SERVICE},
        """\
  - id: type
    op: set
    target: {kind: Service, path: spec.type}
    when: .Values.enabled
    expect: 1
    value: NodePort
""",
    )["s.yaml"]
    assert "  {{- if .Values.enabled }}\n  type: NodePort\n  {{- else }}\n  type: ClusterIP\n  {{- end }}\n" in out


def test_set_without_a_condition_replaces_the_scalar(tmp_path):
    out = _patched(
        tmp_path,
        {"s.yaml": SERVICE},
        """\
  - id: type
    op: set
    target: {kind: Service, path: spec.type}
    expect: 1
    value: NodePort
""",
    )["s.yaml"]
    assert "  type: NodePort\n  ports:" in out and "ClusterIP" not in out


def test_set_creates_a_missing_key(tmp_path):
    out = _patched(
        tmp_path,
        {"c.yaml": CRONJOB},
        """\
  - id: suspend
    op: set
    target: {kind: CronJob, path: spec.suspend}
    when: .Values.enabled
    expect: 1
    value: "true"
""",
    )["c.yaml"]
    assert "  {{- if .Values.enabled }}\n  suspend: true\n  {{- end }}\n" in out


def test_wrap_puts_a_top_level_key_of_any_kind_under_the_guard(tmp_path):
    out = _patched(
        tmp_path,
        {"s.yaml": SERVICE},
        """\
  - id: annotations
    op: wrap
    target: {kind: Service, path: metadata.annotations}
    when: .Values.enabled
    expect: 1
""",
    )["s.yaml"]
    assert "  {{- if .Values.enabled }}\n  annotations:\n    team: web\n  {{- end }}\nspec:" in out


def test_wrap_with_match_guards_only_the_matched_item(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: cache
    op: wrap
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: cache}
    when: .Values.enabled
    expect: 1
""",
    )["d.yaml"]
    assert "      {{- if .Values.enabled }}\n      - name: cache\n        emptyDir: {}\n      {{- end }}\n" in out


def test_remove_without_a_condition_drops_the_matched_item(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: no-scratch
    op: remove
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: scratch}
    expect: 1
""",
    )["d.yaml"]
    assert "scratch" not in out and "- name: cache" in out


def test_remove_with_a_condition_leaves_the_item_out_only_while_it_holds(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: no-scratch
    op: remove
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: scratch}
    when: .Values.enabled
    expect: 1
""",
    )["d.yaml"]
    assert "      {{- if not (.Values.enabled) }}\n      - name: scratch\n" in out


def test_append_reaches_a_cronjobs_container_through_its_job_template(tmp_path):
    out = _patched(
        tmp_path,
        {"c.yaml": CRONJOB},
        """\
  - id: env
    op: append
    target: {kind: CronJob, scope: container, container: tidy, path: env}
    when: .Values.enabled
    expect: 1
    snippet: |
      - name: B
        value: "2"
""",
    )["c.yaml"]
    assert "            image: busybox\n            {{- if .Values.enabled }}\n            env:\n" in out


def test_append_addresses_an_init_container_by_name(tmp_path):
    out = _patched(
        tmp_path,
        {"d.yaml": DEPLOYMENT},
        """\
  - id: args
    op: append
    target: {kind: Deployment, scope: initContainer, container: setup, path: args}
    when: .Values.enabled
    expect: 1
    snippet: |
      - --once
""",
    )["d.yaml"]
    assert "        image: busybox\n        {{- if .Values.enabled }}\n        args:\n        - --once\n" in out


def test_append_to_a_top_level_sequence_of_a_cluster_role(tmp_path):
    out = _patched(
        tmp_path,
        {"r.yaml": CLUSTER_ROLE},
        """\
  - id: rule
    op: append
    target: {kind: ClusterRole, path: rules}
    when: .Values.enabled
    expect: 1
    snippet: |
      - apiGroups: [""]
        resources: [secrets]
        verbs: [get]
""",
    )["r.yaml"]
    assert out.endswith(
        '  verbs: [get]\n{{- if .Values.enabled }}\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get]\n{{- end }}\n'
    )


def test_pod_scope_of_a_bare_pod_is_its_spec(tmp_path):
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n"
    out = _patched(
        tmp_path,
        {"p.yaml": pod},
        """\
  - id: host
    op: set
    target: {kind: Pod, scope: pod, path: hostNetwork}
    when: .Values.enabled
    expect: 1
    value: "false"
""",
    )["p.yaml"]
    assert "    image: x\n  {{- if .Values.enabled }}\n  hostNetwork: false\n  {{- end }}\n" in out


def test_a_count_other_than_expect_is_refused_at_the_operations_line(tmp_path):
    with pytest.raises(PatchMatchError, match=r"operation 'env' must match 2 place\(s\).*but matched 1") as caught:
        _patched(
            tmp_path,
            {"c.yaml": CRONJOB},
            """\
  - id: env
    op: append
    target: {kind: CronJob, scope: container, container: tidy, path: env}
    when: .Values.enabled
    expect: 2
    snippet: "- name: B\\n"
""",
        )
    assert caught.value.location.path.endswith("overlay.yaml") and caught.value.location.line == 4


def test_a_created_sequence_follows_the_files_indentation_of_items(tmp_path):
    indented = DEPLOYMENT.replace("      - name: app", "        - name: app").replace(
        '        image: nginx\n        env:\n        - name: A\n          value: "1"\n',
        "          image: nginx\n",
    )
    out = _patched(
        tmp_path,
        {"d.yaml": indented},
        """\
  - id: args
    op: append
    target: {kind: Deployment, scope: container, container: app, path: args}
    when: .Values.enabled
    expect: 1
    snippet: |
      - --once
""",
    )["d.yaml"]
    assert "          {{- if .Values.enabled }}\n          args:\n            - --once\n" in out
