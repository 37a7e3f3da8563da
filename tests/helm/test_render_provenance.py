"""Every rendered line can be traced to the template line that produced it."""

from __future__ import annotations

import time

from conftest import write_chart
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.helm.options import RenderOptions
from chartgen.helm.provenance import Origin, TemplateLines
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


def _counted_origins(text, trace, start, length):
    """The definition: a line's origin is the piece that wrote its first character; inside a literal piece the
    template line advances by the newlines written since the piece began."""
    out = []
    position, end = start, start + length
    while position <= end:
        pieces = [entry for entry in trace if entry[0] <= position]
        if not pieces:
            out.append(None)
        else:
            offset, template, line, literal = pieces[-1]
            out.append(Origin(template, line + (text.count("\n", offset, position) if literal else 0)))
        newline = text.find("\n", position, end)
        if newline < 0:
            break
        position = newline + 1
    return out


@given(
    pieces=st.lists(
        st.tuples(st.text(alphabet="ab\n", max_size=12), st.integers(1, 50), st.booleans()), min_size=1, max_size=12
    ),
    data=st.data(),
)
@settings(max_examples=150, deadline=None)
def test_origins_follow_the_newline_count_definition(pieces, data):
    text, trace = "", []
    for piece, line, literal in pieces:
        trace.append((len(text), "c/templates/t.yaml", line, literal))
        text += piece
    start = data.draw(st.integers(0, len(text)))
    length = data.draw(st.integers(0, len(text) - start))
    assert TemplateLines(text, trace).origins(start, length) == _counted_origins(text, trace, start, length)


def test_origins_of_a_huge_literal_take_linear_time():
    # 200 000 lines in one literal piece: counting from the piece's start for every line scans ~40 GB; an
    # index of newlines answers in well under a second, so the generous bound only catches the quadratic walk.
    text = "key: value\n" * 200_000
    lines = TemplateLines(text, [(0, "c/templates/big.yaml", 1, True)])
    started = time.perf_counter()
    origins = lines.origins(0, len(text) - 1)
    assert time.perf_counter() - started < 10
    assert origins[-1] == Origin("c/templates/big.yaml", 200_000)


def test_render_leaves_provenance_uncomputed_until_it_is_read(tmp_path, monkeypatch):
    asked = []
    real = TemplateLines.origins
    monkeypatch.setattr(TemplateLines, "origins", lambda self, *args: asked.append(args) or real(self, *args))
    documents = _documents(tmp_path)
    assert asked == []
    assert documents[1].origins[0] == Origin("demo/templates/cm.yaml", 11)
    assert len(asked) == 1


def test_a_render_without_trace_carries_no_origins(tmp_path):
    chart = write_chart(
        {
            "Chart.yaml": b"apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            "templates/cm.yaml": TEMPLATE,
            "templates/_helpers.tpl": HELPERS,
        },
        tmp_path / "demo",
    )
    documents = render_chart(chart, RenderOptions(release_name="rel"), trace=False).documents
    assert [list(d.origins) for d in documents] == [[], []]
