"""What the engine proves about an overlay before it writes anything: its definition, its conditions, the
templates it touched, the chart rendered over its profiles, and that composed overlays stay out of each other's way."""

from __future__ import annotations

import pytest
from overlay_kit import DEPLOYMENT, SERVICE, patch, template, write_chart, write_overlay

from chartgen.errors import OverlayError, PatchMatchError
from chartgen.patch.overlay_spec import parse_overlay

APPEND_ENV = """\
operations:
  - id: env
    op: append
    target: {kind: Deployment, scope: container, container: app, path: env}
    when: .Values.enabled
    expect: 1
    snippet: |
      - name: B
        value: "2"
"""


def test_a_definition_that_breaks_the_schema_is_refused_at_its_line(tmp_path):
    folder = write_overlay(
        tmp_path, "t", "operations:\n  - id: x\n    op: paint\n    target: {kind: Service, path: a}\n    expect: 1\n"
    )
    with pytest.raises(OverlayError, match="operations.0.op") as caught:
        parse_overlay(folder)
    assert caught.value.location.line == 5


def test_a_condition_is_parsed_as_one_go_template_pipeline(tmp_path):
    folder = write_overlay(
        tmp_path, "t", APPEND_ENV.replace(".Values.enabled", "and .Values.enabled (not .Values.off)")
    )
    assert parse_overlay(folder).operations[0].when == "and .Values.enabled (not .Values.off)"


def test_a_condition_that_closes_its_action_is_refused_at_its_line(tmp_path):
    hostile = 'true }}{{ .Files.Get "x" }}{{ if true'
    folder = write_overlay(tmp_path, "t", APPEND_ENV.replace(".Values.enabled", f"'{hostile}'"))
    with pytest.raises(OverlayError, match="is not a Go-template pipeline") as caught:
        parse_overlay(folder)
    assert caught.value.location.line == 7


def test_a_condition_that_balances_its_injected_actions_is_still_refused(tmp_path):
    hostile = 'true }}{{ end }}{{ .Files.Get "x" }}{{ if true'
    folder = write_overlay(tmp_path, "t", APPEND_ENV.replace(".Values.enabled", f"'{hostile}'"))
    with pytest.raises(OverlayError, match="not a single pipeline"):
        parse_overlay(folder)


def test_a_condition_that_does_not_parse_is_refused(tmp_path):
    folder = write_overlay(tmp_path, "t", APPEND_ENV.replace(".Values.enabled", "(.Values.enabled"))
    with pytest.raises(OverlayError, match="not a Go-template pipeline"):
        parse_overlay(folder)


def test_a_condition_calling_an_unknown_function_is_refused(tmp_path):
    folder = write_overlay(tmp_path, "t", APPEND_ENV.replace(".Values.enabled", "launch .Values.enabled"))
    with pytest.raises(OverlayError, match='function "launch" not defined'):
        parse_overlay(folder)


def test_a_notes_condition_is_checked_like_the_others(tmp_path):
    folder = write_overlay(tmp_path, "t", "notes:\n  file: n.txt\n  when: 'x }}{{ end'\n", {"n.txt": "hi\n"})
    with pytest.raises(OverlayError, match="when"):
        parse_overlay(folder)


def test_a_step_that_leaves_its_template_unparsable_is_refused_naming_overlay_step_and_line(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    write_overlay(tmp_path, "t", APPEND_ENV.replace('value: "2"', "value: {{ if .Values.x }}2"))
    with pytest.raises(
        OverlayError, match=r"overlay 't' step 'env' \(.*overlay.yaml:4\) leaves the template"
    ) as caught:
        patch(tmp_path, "t")
    assert caught.value.location.path.endswith("templates/d.yaml")


def test_a_chart_that_fails_to_render_with_a_declared_profile_is_refused_naming_the_step(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    broken = APPEND_ENV.replace('value: "2"', 'value: {{ required "a value is needed" .Values.missing }}')
    write_overlay(tmp_path, "t", broken + "profiles:\n  on:\n    values: {enabled: true}\n")
    with pytest.raises(OverlayError, match=r"profile 'on' of overlay 't' \(overlay 't' step 'env'.*needed") as caught:
        patch(tmp_path, "t")
    where = caught.value.location
    assert where.path.endswith("templates/d.yaml")
    assert where.line == 21  # the patched template's line holding the step's `required`


def test_a_chart_failing_without_the_overlay_too_is_not_blamed_on_it(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT, "x.yaml": '{{ required "x" .Values.x }}\n'})
    write_overlay(tmp_path, "t", APPEND_ENV)
    assert "- name: B" in template(patch(tmp_path, "t"), "d.yaml")


def test_two_overlays_changing_one_place_are_refused_naming_both(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    write_overlay(tmp_path, "first", APPEND_ENV)
    write_overlay(tmp_path, "second", APPEND_ENV)
    with pytest.raises(
        PatchMatchError, match="overlays 'first' and 'second' both change Deployment container 'app', env"
    ):
        patch(tmp_path, "first", "second")


def test_two_overlays_that_name_each_other_compose_on_one_place(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    write_overlay(tmp_path, "first", APPEND_ENV + "composes_with: [second]\n")
    write_overlay(tmp_path, "second", APPEND_ENV.replace("name: B", "name: C") + "composes_with: [first]\n")
    out = template(patch(tmp_path, "first", "second"), "d.yaml")
    assert out.index("- name: B") < out.index("- name: C")


def test_one_sided_composes_with_is_not_enough(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT})
    write_overlay(tmp_path, "first", APPEND_ENV + "composes_with: [second]\n")
    write_overlay(tmp_path, "second", APPEND_ENV)
    with pytest.raises(PatchMatchError, match="each names the other"):
        patch(tmp_path, "first", "second")


def test_overlays_changing_different_places_compose_in_the_order_given(tmp_path):
    write_chart(tmp_path, {"d.yaml": DEPLOYMENT, "s.yaml": SERVICE})
    write_overlay(tmp_path, "first", APPEND_ENV)
    write_overlay(
        tmp_path,
        "second",
        "operations:\n  - id: t\n    op: set\n    target: {kind: Service, path: spec.type}\n    expect: 1\n"
        "    value: NodePort\n",
    )
    result = patch(tmp_path, "first", "second")
    assert "- name: B" in template(result, "d.yaml") and "type: NodePort" in template(result, "s.yaml")


def test_a_shortcut_must_set_a_declared_parameter(tmp_path):
    folder = write_overlay(tmp_path, "t", "shortcuts:\n  - {flag: --thing, parameter: nope, help: x}\n")
    with pytest.raises(OverlayError, match="'nope', which is not one of the parameters"):
        parse_overlay(folder)


def test_an_operation_on_a_place_a_bundled_insertion_changes_is_refused_naming_both(tmp_path):
    from chartgen.patch.engine import PatchRequest, patch_chart

    write_overlay(
        tmp_path,
        "mine",
        "operations:\n  - id: env\n    op: append\n"
        "    target: {kind: Deployment, scope: container, container: operator, path: env}\n"
        '    when: .Values.apiserver.healthcheck.enabled\n    expect: 1\n    snippet: "- name: X\\n  value: y\\n"\n',
    )
    request = PatchRequest(
        overlays=["remote-target", "mine"],
        overlay_dirs=[str(tmp_path / "overlays")],
        parameters={"remote-target": {"secretName": "wk"}},
    )
    with pytest.raises(PatchMatchError, match="overlays 'remote-target' and 'mine' both change Deployment container"):
        patch_chart(request)
