"""The heads of rendered documents are kept on disk: a repeated render prints the same bytes without reading a
head, a changed document is read again alone, a head Helm refuses is refused again in the same words, and a
damaged or planted entry is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cache_files

from chartgen.errors import RenderError
from chartgen.helm import render
from chartgen.helm.head_cache import KIND
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart

TEMPLATES = {
    "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: b\n",
    "hook.yaml": (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\n  annotations:\n"
        '    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "1"\n'
    ),
    "two.yaml": "kind: Service\nmetadata:\n  name: svc\n---\nkind: ServiceAccount\nmetadata:\n  name: sa\n",
}


@pytest.fixture
def cache(fresh_cache: Path) -> Path:
    return fresh_cache / KIND


@pytest.fixture
def heads_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = render.read_manifest_head

    def counting(content, path, *, profile):
        calls.append(content)
        return real(content, path, profile=profile)

    monkeypatch.setattr(render, "read_manifest_head", counting)
    return calls


def chart_of(root: Path, templates: dict[str, str] = TEMPLATES) -> Path:
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    for name, text in templates.items():
        (chart / "templates" / name).write_text(text)
    return chart


def test_a_repeated_render_prints_the_same_bytes_without_reading_a_head(cache, heads_read, tmp_path):
    chart = chart_of(tmp_path)
    first = render_chart(chart)
    assert len(heads_read) == 4
    second = render_chart(chart)
    assert second.text == first.text and second.warnings == first.warnings
    assert [(d.source, d.kind, d.is_hook) for d in second.documents] == [
        (d.source, d.kind, d.is_hook) for d in first.documents
    ]
    assert len(heads_read) == 4


def test_only_a_changed_document_is_read_again(cache, heads_read, tmp_path):
    chart = chart_of(tmp_path)
    render_chart(chart)
    (chart / "templates" / "cm.yaml").write_text(TEMPLATES["cm.yaml"].replace("a: b", "a: c"))
    render_chart(chart)
    assert len(heads_read) == 5 and "a: c" in heads_read[-1]


def test_each_helm_profile_keeps_its_own_heads(cache, heads_read, tmp_path):
    chart = chart_of(tmp_path)
    render_chart(chart)
    render_chart(chart, RenderOptions(helm_compat=4))
    assert len(heads_read) == 8


def test_a_head_helm_refuses_is_refused_again_in_the_same_words(cache, heads_read, tmp_path):
    chart = chart_of(tmp_path, {**TEMPLATES, "bad.yaml": "kind: [ConfigMap\n"})
    messages = []
    for _ in range(2):
        with pytest.raises(RenderError) as caught:
            render_chart(chart)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "YAML parse error on c/templates/bad.yaml" in messages[0]
    assert cache_files(cache) == []


HEAD = '{"apiVersion": "v1", "kind": "K", "metadata": null}'


@pytest.mark.parametrize(
    "planted",
    [
        b"not json",
        b"[1, 2]",
        b'{"x": {"apiVersion": "v1", "kind": "K", "metadata": null}}',
        b'{"heads": {"x": {"apiVersion": "v1", "kind": 7, "metadata": null}}, "skeletons": {}}',
        b'{"heads": {"x": {"apiVersion": "v1", "kind": "K", "metadata": {"name": "n", "annotations": {"a": 1}}}}, '
        b'"skeletons": {}}',
        b'{"heads": {"x": {"apiVersion": "v1", "kind": "K"}}, "skeletons": {}}',
        b'{"heads": {"x": ' + HEAD.encode() + b'}, "skeletons": {"y": "s"}}',
        b'{"heads": {"x": ' + HEAD.encode() + b'}, "skeletons": {"x": 1}}',
        b'{"heads": {"x": ' + HEAD.encode() + b"}}",
    ],
    ids=[
        "garbage",
        "list",
        "heads-without-skeletons",
        "kind-not-a-string",
        "annotation-not-a-string",
        "missing-field",
        "skeleton-of-no-head",
        "skeleton-not-a-string",
        "no-skeleton-map",
    ],
)
def test_a_damaged_or_planted_entry_is_read_again_and_replaced(cache, heads_read, tmp_path, planted):
    chart = chart_of(tmp_path)
    expected = render_chart(chart).text
    (path,) = cache_files(cache)
    path.write_bytes(planted)
    assert render_chart(chart).text == expected
    assert render_chart(chart).text == expected
    assert len(heads_read) == 8


def test_no_cache_setting_reads_every_head_every_time(cache, heads_read, tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    chart = chart_of(tmp_path)
    render_chart(chart)
    render_chart(chart)
    assert len(heads_read) == 8 and cache_files(cache) == []


def test_a_document_whose_generated_certificate_changed_is_not_read_again(cache, heads_read, tmp_path):
    secret = (
        '{{- $ca := genCA "ca" 365 }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-tls\n'
        "data:\n  tls.crt: {{ $ca.Cert | b64enc }}\n  tls.key: {{ $ca.Key | b64enc }}\n"
    )
    chart = chart_of(tmp_path, {**TEMPLATES, "secret.yaml": secret})
    first = render_chart(chart)
    second = render_chart(chart)
    assert first.text != second.text  # a new certificate
    assert [(d.source, d.kind, d.is_hook) for d in second.documents] == [
        (d.source, d.kind, d.is_hook) for d in first.documents
    ]
    assert len(heads_read) == 5
