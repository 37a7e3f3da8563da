"""The overlay engine's promises: structure-addressed, counted, round-trip, format-preserving."""

from __future__ import annotations

import pytest
from chart_variants import base_files, crlf
from conftest import write_chart

from chartgen.errors import OverlayError, PatchMatchError
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.fill import apply_fill, find_fill_sites
from chartgen.patch.insert import apply, find_sites
from chartgen.patch.outline import Outline
from chartgen.patch.overlay_spec import Fill, Insertion, Target, parse_overlay
from chartgen.resources import overlays_dir

REMOTE = {"remote-target": {"secretName": "work-kubeconfig"}}


def _deployment(container_lines: str) -> str:
    """A minimal Deployment template whose container ``operator`` continues with ``container_lines``."""
    return (
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: operator\n" + container_lines
    )


def _apply_once(text: str, field: str, snippet: str) -> str:
    target = Target("Deployment", field, "operator")
    (site,), _ = find_sites({"templates/t.yaml": text}, target)
    return apply(text, site, Insertion("step", target, ".Values.on", 1, snippet), snippet)


def _comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_values_merge_keeps_every_comment_and_key_order():
    result = patch_chart(PatchRequest(parameters=REMOTE))
    before = base_files()["values.yaml"].decode()
    after = result.files["values.yaml"].decode()
    assert after.startswith(before.split("apiserver:")[0]), "everything above the changed keys is untouched"
    comments_after = _comment_lines(after)
    assert all(c in comments_after for c in _comment_lines(before))
    top_keys = [ln.split(":")[0] for ln in after.splitlines() if ln and ln[0].isalpha()]
    stock_keys = [ln.split(":")[0] for ln in before.splitlines() if ln and ln[0].isalpha()]
    assert top_keys == [*stock_keys, "remoteTarget"]


def test_values_merge_changes_only_the_webhook_switches_in_place():
    after = patch_chart(PatchRequest(parameters=REMOTE)).files["values.yaml"].decode()
    assert "  enableMutatingWebhook: false\n" in after
    assert "  enableValidatingWebhook: false\n" in after
    assert "  bypassValidatingWebhookXray: true\n" in after
    assert 'secretName: "work-kubeconfig"' in after


def test_crlf_chart_stays_crlf():
    files = crlf(base_files())
    import tempfile
    from pathlib import Path

    source = write_chart(files, Path(tempfile.mkdtemp()) / "iris-operator")
    result = patch_chart(PatchRequest(chart=str(source), parameters=REMOTE))
    for path in ("templates/deployment.yaml", "values.yaml", "templates/NOTES.txt", "Chart.yaml"):
        data = result.files[path]
        assert data.count(b"\n") == data.count(b"\r\n"), path


def test_schema_travels_with_the_chart_as_values_schema_json():
    import json

    schema = json.loads(patch_chart(PatchRequest(parameters=REMOTE)).files["values.schema.json"])
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "remoteTarget" in schema["properties"]
    assert schema["additionalProperties"] is False
    assert "$ref" not in json.dumps(schema).replace('"$ref": "#/', "")


def test_snippet_lines_follow_the_sequence_indentation_they_join():
    text = (
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: operator\n"
        "          args:\n            - run\n"
    )
    insertion = Insertion("x", Target("Deployment", "args", "operator"), ".Values.on", 1, "- --flag\n")
    (site,), _ = find_sites({"templates/d.yaml": text}, insertion.target)
    out = apply(text, site, insertion, "- --flag\n")
    assert out.endswith(
        "            - run\n            {{- if .Values.on }}\n            - --flag\n            {{- end }}\n"
    )


def test_appending_after_a_conditional_item_stays_outside_its_condition():
    text = _deployment(
        "        args:\n        - run\n        {{- if .Values.x }}\n        - --x\n        {{- end }}\n"
        "        {{- if .Values.y }}\n        ports: []\n        {{- end }}\n"
    )
    out = _apply_once(text, "args", "- --flag\n")
    assert (
        "        - --x\n        {{- end }}\n        {{- if .Values.on }}\n        - --flag\n        {{- end }}\n"
        "        {{- if .Values.y }}" in out
    )


def test_missing_sequence_is_created_inside_the_guard():
    text = _deployment("        image: x\n")
    (site,), _ = find_sites({"t.yaml": text}, Target("Deployment", "env", "operator"))
    assert site.field_line is None
    out = _apply_once(text, "env", "- name: A\n  value: b\n")
    assert out.endswith(
        "        image: x\n        {{- if .Values.on }}\n        env:\n        - name: A\n"
        "          value: b\n        {{- end }}\n"
    )


def test_action_generated_sequence_is_refused_rather_than_guessed():
    text = _deployment("        env:\n{{ toYaml .Values.env | indent 8 }}\n")
    with pytest.raises(PatchMatchError, match="produced by a template action"):
        _apply_once(text, "env", "- name: A\n")


def test_flow_sequence_gets_a_guarded_flow_item():
    out = _apply_once(_deployment('        args: ["run", "--v=3"]\n'), "args", "- --flag\n")
    assert '        args: ["run", "--v=3"{{ if .Values.on }}, --flag{{ end }}]\n' in out


def test_multi_line_item_cannot_join_a_flow_sequence():
    with pytest.raises(PatchMatchError, match="flow sequence"):
        _apply_once(_deployment("        env: []\n"), "env", "- name: A\n  value: b\n")


def test_outline_treats_printing_actions_as_the_value_of_the_key_above():
    ol = Outline("a:\n  resources:\n{{ toYaml .Values.r | indent 4 }}\n{{- if .Values.x }}\nb: 1\n{{- end }}\n")
    block = ol.key_block(0)
    assert ol.insertion_point(block) == 3


def test_overlay_definition_errors_are_located(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "overlay.yaml").write_text("name: broken\nsummary: x\ninsertions:\n  - id: a\n    target: {kind: Pod}\n")
    with pytest.raises(OverlayError) as info:
        parse_overlay(folder)
    assert str(info.value).startswith(f"{folder / 'overlay.yaml'}:")


def test_bundled_remote_target_overlay_is_valid():
    overlay = parse_overlay(overlays_dir() / "remote-target")
    assert [i.id for i in overlay.insertions] == [
        "kubeconfig-arg",
        "kubeconfig-env",
        "kubeconfig-mount",
        "kubeconfig-volume",
    ]
    assert all(i.expect == 1 for i in overlay.insertions)


def test_user_overlay_from_overlay_dir_is_applied(chartgen, tmp_path):
    folder = tmp_path / "overlays" / "proxy-env"
    folder.mkdir(parents=True)
    (folder / "overlay.yaml").write_text(
        "name: proxy-env\nsummary: Send the operator through a proxy.\n"
        "parameters:\n  proxy:\n    description: The proxy URL.\n"
        "insertions:\n  - id: https-proxy\n    target: {kind: Deployment, container: operator, field: env}\n"
        "    when: 'true'\n    expect: 1\n    snippet: |\n      - name: HTTPS_PROXY\n        value: [[ proxy | yaml ]]\n"
    )
    out = tmp_path / "chart"
    result = chartgen(
        "patch",
        "--overlay",
        "proxy-env",
        "--overlay-dir",
        str(tmp_path / "overlays"),
        "--param",
        "proxy-env.proxy=http://proxy:3128",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    deployment = (out / "templates" / "deployment.yaml").read_text()
    assert '        - name: HTTPS_PROXY\n          value: "http://proxy:3128"\n' in deployment
    assert "3.8.42+chartgen.proxy-env" in (out / "Chart.yaml").read_text()


def test_user_overlay_whose_target_is_missing_fails_loudly(chartgen, tmp_path):
    folder = tmp_path / "overlays" / "sidecar-args"
    folder.mkdir(parents=True)
    (folder / "overlay.yaml").write_text(
        "name: sidecar-args\nsummary: x\n"
        "insertions:\n  - id: a\n    target: {kind: Deployment, container: sidecar, field: args}\n"
        "    when: 'true'\n    expect: 1\n    snippet: '- --x'\n"
    )
    result = chartgen(
        "patch", "--overlay", "sidecar-args", "--overlay-dir", str(tmp_path / "overlays"), "-o", str(tmp_path / "o")
    )
    assert result.exit_code == 2
    assert "overlay step 'a' must match 1 place(s)" in result.stderr
    assert "no container 'sidecar' (found: operator)" in result.stderr
    assert not (tmp_path / "o").exists()


# ---- fills: a key written into the items of a sequence that lack it

PROTOCOL = Fill("port-protocol", "Service", ("spec", "ports"), "protocol", "TCP", ".Values.on", 1)


def _service(ports: str) -> str:
    return "kind: Service\nspec:\n  ports:\n" + ports + "  selector:\n    app: x\n"


def _fill_once(text: str, fill: Fill = PROTOCOL) -> str:
    (site,) = find_fill_sites({"templates/s.yaml": text}, fill)
    return apply_fill(text, site, fill)


def test_fill_writes_the_key_under_its_guard_at_the_end_of_each_item_lacking_it():
    text = _service("  - name: api\n    port: 443\n  - name: metrics\n    port: 8080\n")
    assert _fill_once(text) == _service(
        "  - name: api\n    port: 443\n    {{- if .Values.on }}\n    protocol: TCP\n    {{- end }}\n"
        "  - name: metrics\n    port: 8080\n    {{- if .Values.on }}\n    protocol: TCP\n    {{- end }}\n"
    )


def test_fill_leaves_an_item_that_has_the_key_alone():
    text = _service("  - name: dns\n    port: 53\n    protocol: UDP\n")
    assert _fill_once(text) == text


def test_fill_follows_items_indented_under_their_key():
    text = _service("    - name: api\n      port: 443\n")
    assert "\n      protocol: TCP\n" in _fill_once(text)


def test_fill_refuses_a_sequence_produced_by_a_template_action():
    text = _service("  {{- toYaml .Values.ports | nindent 2 }}\n")
    with pytest.raises(PatchMatchError, match="no literal block items") as caught:
        _fill_once(text)
    assert caught.value.location.path == "templates/s.yaml"


def test_fill_refuses_an_item_written_as_a_flow_mapping():
    with pytest.raises(PatchMatchError, match="not written as a block mapping"):
        _fill_once(_service("  - {name: api, port: 443}\n"))


def test_fill_that_finds_another_number_of_sequences_than_expected_is_refused(tmp_path):
    files = base_files()
    files["templates/second-service.yaml"] = files["templates/service.yaml"]
    source = write_chart(files, tmp_path / "iris-operator")
    with pytest.raises(PatchMatchError, match="must find 1 sequence"):
        patch_chart(PatchRequest(chart=str(source), parameters=REMOTE))


def test_patched_service_names_its_port_protocol_only_with_the_remote_target_on():
    service = patch_chart(PatchRequest(parameters=REMOTE)).files["templates/service.yaml"].decode()
    assert "    targetPort: 8443\n    {{- if .Values.remoteTarget.enabled }}\n    protocol: TCP\n    {{- end }}\n" in (
        service
    )
