"""Runaway templates stop with an error instead of exhausting memory (helm itself crashes on these)."""

from __future__ import annotations

import pytest
from conftest import write_chart

from chartgen.errors import RenderError
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart


def _render(tmp_path, template: str) -> str:
    chart = write_chart(
        {"Chart.yaml": b"apiVersion: v2\nname: c\nversion: 0.1.0\n", "templates/t.yaml": template.encode()},
        tmp_path / "c",
    )
    return render_chart(chart, RenderOptions(release_name="rel")).text


def test_a_list_beyond_the_limit_is_refused(tmp_path):
    with pytest.raises(RenderError, match=r"error calling until: refusing to build a list of 10000000000000 elements"):
        _render(tmp_path, "{{ len (until 10000000000000) }}")


def test_a_string_beyond_the_limit_is_refused(tmp_path):
    with pytest.raises(RenderError, match=r"error calling repeat: refusing to build a string"):
        _render(tmp_path, '{{ repeat 100000000000 "x" }}')


def test_self_including_template_stops_at_helms_include_limit(tmp_path):
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}')
    assert caught.value.message.endswith(
        "rendering template has a nested reference name: r: unable to execute template"
    )
    assert caught.value.message.count("error calling include") == 1002


def test_output_beyond_the_limit_stops_the_template():
    from chartgen.gotemplate.exec import ExecError, Template
    from chartgen.gotemplate.parse import parse

    template = Template()
    template.max_output = 1000
    template.add(parse("t", '{{ range $i := until 100 }}{{ printf "%020d" $i }}{{ end }}', None))
    template.funcs["until"] = lambda n: list(range(n))
    with pytest.raises(ExecError, match=r"template output exceeds 1000 characters \(chartgen's limit\)"):
        template.execute("t", {})
