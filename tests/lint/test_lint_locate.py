"""Locating a field of a rendered manifest: its line in the rendered document and the template line behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.helm.chart_loader import load_chart
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.lint.locate import (
    field_path_text,
    manifest_documents,
    manifest_location,
    template_location,
    template_path,
)
from chartgen.lint.model import LintContext

DEPLOYMENT = """\
# a comment line the renderer keeps
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  annotations:
    ownerName: team-web
  labels:
{{ toYaml .Values.labels | indent 4 }}
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx
        args:
        - --port={{ .Values.port }}
        - --verbose
        volumeMounts:
        - name: data
          mountPath: /data
"""

CHART_YAML = "apiVersion: v2\nname: web-chart\nversion: 1.0.0\n"
VALUES = "port: 8080\nlabels:\n  app: web\n  tier: front\n"


@pytest.fixture
def ctx(tmp_path: Path) -> LintContext:
    chart_dir = tmp_path / "mychart"  # deliberately not the chart's name
    (chart_dir / "templates").mkdir(parents=True)
    (chart_dir / "Chart.yaml").write_text(CHART_YAML)
    (chart_dir / "values.yaml").write_text(VALUES)
    (chart_dir / "templates" / "deployment.yaml").write_text(DEPLOYMENT)
    chart = load_chart(chart_dir)
    render = render_loaded(chart, RenderOptions(reuse_generated_keys=True))
    return LintContext(chart_dir=chart_dir, chart=chart, render=render)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_documents_are_decoded_as_kubernetes_decodes_them(ctx):
    (doc,) = manifest_documents(ctx)
    assert doc.kind == "Deployment"
    assert doc.object_name == "Deployment/release-name-web"
    assert doc.get(["spec", "template", "spec", "containers", 0, "args", 0]) == "--port=8080"


def test_documents_are_parsed_once_per_lint_run(ctx):
    assert manifest_documents(ctx) is manifest_documents(ctx)


def test_get_returns_default_for_missing_path(ctx):
    (doc,) = manifest_documents(ctx)
    assert doc.get(["spec", "nothing", 3], "absent") == "absent"


def test_mapping_entry_is_positioned_at_its_key(ctx):
    (doc,) = manifest_documents(ctx)
    content = doc.document.content
    path = ["spec", "template", "spec", "containers", 0, "volumeMounts"]
    assert doc.rendered_position(path) == (_line_of(content, "volumeMounts:"), 9)


def test_sequence_item_is_positioned_at_the_item(ctx):
    (doc,) = manifest_documents(ctx)
    content = doc.document.content
    path = ["spec", "template", "spec", "containers", 0, "args", 1]
    assert doc.rendered_position(path) == (_line_of(content, "--verbose"), 11)


def test_missing_field_is_positioned_at_its_nearest_ancestor(ctx):
    (doc,) = manifest_documents(ctx)
    content = doc.document.content
    path = ["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"]
    assert doc.rendered_position(path)[0] == _line_of(content, "- name: web")


def test_origin_of_literal_line_is_its_template_line(ctx):
    (doc,) = manifest_documents(ctx)
    origin = doc.origin(["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"])
    assert (origin.template, origin.line) == ("web-chart/templates/deployment.yaml", _line_of(DEPLOYMENT, "/data"))


def test_origin_of_action_output_is_the_action_line(ctx):
    (doc,) = manifest_documents(ctx)
    origin = doc.origin(["metadata", "labels", "tier"])
    assert origin.line == _line_of(DEPLOYMENT, "toYaml .Values.labels")


def test_location_names_the_template_file_under_the_chart_directory(ctx):
    (doc,) = manifest_documents(ctx)
    location = manifest_location(ctx, doc, ["spec", "template", "spec", "containers", 0, "volumeMounts"])
    assert location.path == f"{ctx.chart_dir}/templates/deployment.yaml"
    assert (location.line, location.column) == (_line_of(DEPLOYMENT, "volumeMounts:"), 9)


def test_location_names_object_and_field(ctx):
    (doc,) = manifest_documents(ctx)
    location = manifest_location(ctx, doc, ["spec", "template", "spec", "containers", 0, "image"])
    assert location.object == "Deployment/release-name-web"
    assert location.field == "spec.template.spec.containers[0].image"


def test_location_of_templated_scalar_item_finds_its_literal_prefix(ctx):
    (doc,) = manifest_documents(ctx)
    location = manifest_location(ctx, doc, ["spec", "template", "spec", "containers", 0, "args", 0])
    assert (location.line, location.column) == (_line_of(DEPLOYMENT, "--port="), 9)


def test_location_has_no_column_when_the_key_is_not_on_the_template_line(ctx):
    (doc,) = manifest_documents(ctx)
    location = manifest_location(ctx, doc, ["metadata", "labels", "tier"])
    assert (location.line, location.column) == (_line_of(DEPLOYMENT, "toYaml"), None)


def test_key_column_does_not_match_inside_a_longer_key(ctx):
    location = template_location(ctx, "web-chart/templates/deployment.yaml", _line_of(DEPLOYMENT, "ownerName"), "name:")
    assert (location.line, location.column) == (_line_of(DEPLOYMENT, "ownerName"), None)


def test_document_without_provenance_is_located_at_its_source_file(ctx):
    (doc,) = manifest_documents(ctx)
    doc.document.origins = []
    location = manifest_location(ctx, doc, ["kind"])
    assert (location.path, location.line) == (f"{ctx.chart_dir}/templates/deployment.yaml", None)


def test_document_that_does_not_parse_keeps_the_yaml_error_with_its_position(tmp_path):
    from chartgen.helm.render import RenderedDocument, RenderResult

    broken = RenderedDocument("c/templates/a.yaml", "kind: ConfigMap\ndata: [\n", "ConfigMap", False, [])
    (doc,) = manifest_documents(LintContext(chart_dir=tmp_path, render=RenderResult("", documents=[broken])))
    assert (doc.data, doc.root) == (None, None)
    assert doc.error is not None and doc.error.problem_mark.line == 2


def test_a_parsed_document_has_no_yaml_error(ctx):
    (doc,) = manifest_documents(ctx)
    assert doc.error is None


def test_no_render_gives_no_documents(tmp_path):
    assert manifest_documents(LintContext(chart_dir=tmp_path)) == []


@pytest.mark.parametrize(
    ("chart_dir", "template", "expected"),
    [
        (
            "out/iris-operator",
            "iris-operator-amd/templates/deployment.yaml",
            "out/iris-operator/templates/deployment.yaml",
        ),
        ("chart/", "c/templates/a.yaml", "chart/templates/a.yaml"),
        (".", "c/templates/a.yaml", "templates/a.yaml"),
        ("top", "top/charts/sub/templates/a.yaml", "top/charts/sub/templates/a.yaml"),
    ],
)
def test_template_path_replaces_the_chart_name_by_the_directory(chart_dir, template, expected):
    assert template_path(chart_dir, template) == expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (["spec", "containers", 0, "args"], "spec.containers[0].args"),
        (["metadata", "annotations", "chartgen.io/overlays"], 'metadata.annotations["chartgen.io/overlays"]'),
        ([], ""),
    ],
)
def test_field_path_text(path, text):
    assert field_path_text(path) == text
