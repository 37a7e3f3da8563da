"""Parsed templates are kept on disk between runs; what comes back is what parsing would give, and a cache file
can neither run code nor stand in for a different template."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest
from conftest import cache_files

from chartgen.gotemplate.parse import TemplateParseError, parse
from chartgen.helm import engine, tree_cache
from chartgen.helm.render import render_chart

# Lines of the bundled chart that hold its generated CA and certificate.
GENERATED = re.compile(r"crt|key|caBundle")
FUNCS = frozenset({"include", "quote"})
TEXT = '{{ define "x" }}{{ .Values.a | quote }}{{ end }}{{ include "x" . }}\n'


@pytest.fixture
def cache(fresh_cache: Path) -> Path:
    return fresh_cache / "trees"


def counting_parse(name: str, text: str, calls: list[int]):
    def parse_text():
        calls.append(1)
        return parse(name, text, FUNCS)

    return parse_text


def test_a_second_parse_of_the_same_text_comes_from_the_cache(cache):
    calls: list[int] = []
    first = tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    second = tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    assert calls == [1]
    assert {k: str(v.root) for k, v in second.items()} == {k: str(v.root) for k, v in first.items()}
    assert second["x"].parse_name == "t.yaml" and second["t.yaml"].text == TEXT


@pytest.mark.parametrize(
    "change",
    [
        {"name": "other.yaml"},
        {"text": TEXT.replace(".a", ".b")},
        {"funcs": FUNCS | {"upper"}},
    ],
    ids=["name", "text", "functions"],
)
def test_a_change_to_name_text_or_functions_misses_the_cache(cache, change):
    calls: list[int] = []
    tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    name, text, funcs = change.get("name", "t.yaml"), change.get("text", TEXT), change.get("funcs", FUNCS)
    tree_cache.cached_parse(name, text, funcs, counting_parse(name, text, calls))
    assert calls == [1, 1]


def test_no_cache_setting_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    calls: list[int] = []
    for _ in range(2):
        tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    assert calls == [1, 1]
    assert cache_files(cache) == []


def test_parse_errors_are_not_cached(cache):
    bad = "{{ .Values.a "
    for _ in range(2):
        with pytest.raises(TemplateParseError):
            tree_cache.cached_parse("t.yaml", bad, FUNCS, lambda: parse("t.yaml", bad, FUNCS))
    assert cache_files(cache) == []


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch planted-code-ran",))


def test_a_planted_cache_file_cannot_run_code(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tree_cache.cached_parse("t.yaml", TEXT, FUNCS, lambda: parse("t.yaml", TEXT, FUNCS))
    (path,) = cache_files(cache)
    path.write_bytes(pickle.dumps({"t.yaml": _RunsCode()}))
    calls: list[int] = []
    trees = tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    assert not (tmp_path / "planted-code-ran").exists()
    assert calls == [1] and str(trees["t.yaml"].root) == str(parse("t.yaml", TEXT, FUNCS)["t.yaml"].root)


def test_a_damaged_cache_file_is_parsed_again_and_replaced(cache):
    tree_cache.cached_parse("t.yaml", TEXT, FUNCS, lambda: parse("t.yaml", TEXT, FUNCS))
    (path,) = cache_files(cache)
    path.write_bytes(b"\x80\x05garbage")
    calls: list[int] = []
    tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    assert calls == [1]


def test_an_unwritable_cache_only_means_parsing_again(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(blocker))
    calls: list[int] = []
    for _ in range(2):
        tree_cache.cached_parse("t.yaml", TEXT, FUNCS, counting_parse("t.yaml", TEXT, calls))
    assert calls == [1, 1]


def test_rendering_from_cached_trees_gives_the_same_bytes(cache, base_chart, monkeypatch):
    engine._parse_cached.cache_clear()
    cold = render_chart(base_chart, trace=False).text
    engine._parse_cached.cache_clear()
    warm = render_chart(base_chart, trace=False).text
    assert cache_files(cache)
    # The bundled chart makes a fresh CA on every render; everything else must agree byte for byte.
    strip = lambda text: [line for line in text.splitlines() if not GENERATED.search(line)]  # noqa: E731
    assert strip(warm) == strip(cold)


def _tpl_chart(tmp_path: Path, text: str) -> Path:
    chart = tmp_path / "tpl"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: tpl\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(f"text: {text!r}\n".replace("'", '"'))
    (chart / "templates" / "cm.yaml").write_text("kind: ConfigMap\ndata:\n  a: {{ tpl .Values.text . | quote }}\n")
    return chart


def test_a_short_tpl_text_is_parsed_rather_than_kept(cache, tmp_path):
    engine._parse_cached.cache_clear()
    render_chart(_tpl_chart(tmp_path, "{{ .Release.Name }}"), trace=False)
    assert len(cache_files(cache)) == 1  # the template file's trees only


def test_a_long_tpl_text_is_kept(cache, tmp_path):
    engine._parse_cached.cache_clear()
    long_text = "{{ .Release.Name }}" + "x" * engine._SMALL_TPL_CHARS
    render_chart(_tpl_chart(tmp_path, long_text), trace=False)
    assert len(cache_files(cache)) == 2
