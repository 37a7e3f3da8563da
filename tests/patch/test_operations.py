"""General overlay operations: each addressed by structure, counted, guarded by its condition."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from overlay_kit import CLUSTER_ROLE, CRONJOB, DEPLOYMENT, SERVICE, patch, template, write_chart, write_overlay

from chartgen.errors import PatchMatchError

# A bare Pod, whose pod scope is its own spec.
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n"
# The Deployment with its container's items indented under ``containers:`` and no env.
INDENTED_DEPLOYMENT = DEPLOYMENT.replace("      - name: app", "        - name: app").replace(
    '        image: nginx\n        env:\n        - name: A\n          value: "1"\n',
    "          image: nginx\n",
)


def _patched(tmp_path, templates: dict[str, str], operations: str) -> dict[str, str]:
    write_chart(tmp_path, templates)
    write_overlay(tmp_path, "t", "operations:\n" + operations)
    result = patch(tmp_path, "t")
    return {name: template(result, name) for name in templates}


@dataclass(frozen=True)
class Case:
    """One operation on one template, and what the patched template must (and must not) hold."""

    behaviour: str
    template: str
    operations: str
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    ends_with: str = ""


CASES = [
    Case(
        "merge_adds_entries_to_an_existing_mapping_at_its_column",
        DEPLOYMENT,
        """\
  - id: pool
    op: merge
    target: {kind: Deployment, scope: pod, path: nodeSelector}
    when: .Values.enabled
    expect: 1
    snippet: |
      pool: ops
""",
        present=("      nodeSelector:\n        disk: ssd\n        {{- if .Values.enabled }}\n        pool: ops\n",),
    ),
    Case(
        "merge_creates_a_missing_mapping_inside_the_guard",
        DEPLOYMENT,
        """\
  - id: sc
    op: merge
    target: {kind: Deployment, scope: container, container: app, path: securityContext}
    when: .Values.enabled
    expect: 1
    snippet: |
      runAsNonRoot: true
""",
        present=("        {{- if .Values.enabled }}\n        securityContext:\n          runAsNonRoot: true\n",),
    ),
    Case(
        "merge_on_conflict_keep_leaves_the_charts_entry_alone",
        DEPLOYMENT,
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
        present=("        pool: ops\n",),
        absent=("disk: hdd",),
    ),
    Case(
        "merge_on_conflict_replace_keeps_the_charts_entry_only_while_the_guard_is_off",
        DEPLOYMENT,
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
        present=(
            "        {{- if not (.Values.enabled) }}\n        disk: ssd\n        {{- end }}\n"
            "        {{- if .Values.enabled }}\n        disk: hdd\n        {{- end }}\n",
        ),
    ),
    Case(
        "set_writes_the_scalar_under_the_guard_and_the_charts_value_otherwise",
        SERVICE,
        """\
  - id: type
    op: set
    target: {kind: Service, path: spec.type}
    when: .Values.enabled
    expect: 1
    value: NodePort
""",
        present=("  {{- if .Values.enabled }}\n  type: NodePort\n  {{- else }}\n  type: ClusterIP\n  {{- end }}\n",),
    ),
    Case(
        "set_without_a_condition_replaces_the_scalar",
        SERVICE,
        """\
  - id: type
    op: set
    target: {kind: Service, path: spec.type}
    expect: 1
    value: NodePort
""",
        present=("  type: NodePort\n  ports:",),
        absent=("ClusterIP",),
    ),
    Case(
        "set_creates_a_missing_key",
        CRONJOB,
        """\
  - id: suspend
    op: set
    target: {kind: CronJob, path: spec.suspend}
    when: .Values.enabled
    expect: 1
    value: "true"
""",
        present=("  {{- if .Values.enabled }}\n  suspend: true\n  {{- end }}\n",),
    ),
    Case(
        "wrap_puts_a_top_level_key_of_any_kind_under_the_guard",
        SERVICE,
        """\
  - id: annotations
    op: wrap
    target: {kind: Service, path: metadata.annotations}
    when: .Values.enabled
    expect: 1
""",
        present=("  {{- if .Values.enabled }}\n  annotations:\n    team: web\n  {{- end }}\nspec:",),
    ),
    Case(
        "wrap_with_match_guards_only_the_matched_item",
        DEPLOYMENT,
        """\
  - id: cache
    op: wrap
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: cache}
    when: .Values.enabled
    expect: 1
""",
        present=("      {{- if .Values.enabled }}\n      - name: cache\n        emptyDir: {}\n      {{- end }}\n",),
    ),
    Case(
        "remove_without_a_condition_drops_the_matched_item",
        DEPLOYMENT,
        """\
  - id: no-scratch
    op: remove
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: scratch}
    expect: 1
""",
        present=("- name: cache",),
        absent=("scratch",),
    ),
    Case(
        "remove_with_a_condition_leaves_the_item_out_only_while_it_holds",
        DEPLOYMENT,
        """\
  - id: no-scratch
    op: remove
    target: {kind: Deployment, scope: pod, path: volumes}
    match: {name: scratch}
    when: .Values.enabled
    expect: 1
""",
        present=("      {{- if not (.Values.enabled) }}\n      - name: scratch\n",),
    ),
    Case(
        "append_reaches_a_cronjobs_container_through_its_job_template",
        CRONJOB,
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
        present=("            image: busybox\n            {{- if .Values.enabled }}\n            env:\n",),
    ),
    Case(
        "append_addresses_an_init_container_by_name",
        DEPLOYMENT,
        """\
  - id: args
    op: append
    target: {kind: Deployment, scope: initContainer, container: setup, path: args}
    when: .Values.enabled
    expect: 1
    snippet: |
      - --once
""",
        present=("        image: busybox\n        {{- if .Values.enabled }}\n        args:\n        - --once\n",),
    ),
    Case(
        "append_to_a_top_level_sequence_of_a_cluster_role",
        CLUSTER_ROLE,
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
        ends_with='  verbs: [get]\n{{- if .Values.enabled }}\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get]\n{{- end }}\n',
    ),
    Case(
        "pod_scope_of_a_bare_pod_is_its_spec",
        POD,
        """\
  - id: host
    op: set
    target: {kind: Pod, scope: pod, path: hostNetwork}
    when: .Values.enabled
    expect: 1
    value: "false"
""",
        present=("    image: x\n  {{- if .Values.enabled }}\n  hostNetwork: false\n  {{- end }}\n",),
    ),
    Case(
        "a_created_sequence_follows_the_files_indentation_of_items",
        INDENTED_DEPLOYMENT,
        """\
  - id: args
    op: append
    target: {kind: Deployment, scope: container, container: app, path: args}
    when: .Values.enabled
    expect: 1
    snippet: |
      - --once
""",
        present=("          {{- if .Values.enabled }}\n          args:\n            - --once\n",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.behaviour for case in CASES])
def test_an_operation_writes_what_it_declares(tmp_path, case: Case):
    out = _patched(tmp_path, {"t.yaml": case.template}, case.operations)["t.yaml"]
    for fragment in case.present:
        assert fragment in out
    for fragment in case.absent:
        assert fragment not in out
    assert out.endswith(case.ends_with)


def _patched(tmp_path, templates: dict[str, str], operations: str) -> dict[str, str]:
    write_chart(tmp_path, templates)
    write_overlay(tmp_path, "t", "operations:\n" + operations)
    result = patch(tmp_path, "t")
    return {name: template(result, name) for name in templates}


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
