"""Every rendered line can be traced to the template line that produced it."""

from __future__ import annotations

from conftest import write_chart

from chartgen.helm.options import RenderOptions
from chartgen.helm.provenance import Origin
from chartgen.helm.render import render_chart

TEMPLATE = b"""{{- /* a comment line */ -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "labels" . | nindent 4 }}
data:
  {{- toYaml .Values.data | nindent 2 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: second
"""
HELPERS = b"""{{- define "labels" -}}
app: demo
tier: web
{{- end }}
"""


def _documents(tmp_path):
    chart = write_chart(
        {
            "Chart.yaml": b"apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            "values.yaml": b"data:\n  a: one\n  b: two\n",
            "templates/cm.yaml": TEMPLATE,
            "templates/_helpers.tpl": HELPERS,
        },
        tmp_path / "demo",
    )
    return render_chart(chart, RenderOptions(release_name="rel")).documents


def _lines(document):
    return list(zip(document.content.splitlines(), document.origins, strict=True))


def test_literal_lines_map_to_their_own_template_lines(tmp_path):
    cm = _documents(tmp_path)[0]
    assert _lines(cm)[:3] == [
        ("apiVersion: v1", Origin("demo/templates/cm.yaml", 2)),
        ("kind: ConfigMap", Origin("demo/templates/cm.yaml", 3)),
        ("metadata:", Origin("demo/templates/cm.yaml", 4)),
    ]


def test_a_printed_value_maps_to_the_line_of_its_action(tmp_path):
    cm = _documents(tmp_path)[0]
    assert ("  name: rel", Origin("demo/templates/cm.yaml", 5)) in _lines(cm)


def test_every_line_of_a_multi_line_action_maps_to_the_action(tmp_path):
    cm = _documents(tmp_path)[0]
    lines = dict(_lines(cm))
    assert lines["  a: one"] == lines["  b: two"] == Origin("demo/templates/cm.yaml", 9)
    assert lines["    tier: web"] == Origin("demo/templates/cm.yaml", 7)


def test_a_second_document_keeps_counting_from_the_separator(tmp_path):
    secret = _documents(tmp_path)[1]
    assert _lines(secret)[0] == ("apiVersion: v1", Origin("demo/templates/cm.yaml", 11))
    assert _lines(secret)[-1] == ("  name: second", Origin("demo/templates/cm.yaml", 14))
