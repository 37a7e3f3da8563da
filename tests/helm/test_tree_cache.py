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


def test_the_short_tpl_texts_of_a_render_are_kept_in_one_entry_beside_the_templates(cache, tmp_path):
    engine._parse_cached.cache_clear()
    render_chart(_tpl_chart(tmp_path, "{{ .Release.Name }}"), trace=False)
    assert len(cache_files(cache)) == 2  # the template file's trees, and the render's short texts together


def test_a_long_tpl_text_is_kept(cache, tmp_path):
    engine._parse_cached.cache_clear()
    long_text = "{{ .Release.Name }}" + "x" * engine._SMALL_TPL_CHARS
    render_chart(_tpl_chart(tmp_path, long_text), trace=False)
    assert len(cache_files(cache)) == 2


# ------------------------------------------------------------------ short texts, kept together per chart

NAMES = ("chart/templates/a.yaml", "chart/templates/b.yaml")


@pytest.fixture
def texts_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Entries a process has loaded are kept in memory; each test starts as a new process would.
    monkeypatch.setattr(tree_cache, "_loaded", {})
    return cache


def keep(texts: list[str], names: tuple[str, ...] = NAMES, calls: list[int] | None = None) -> list[dict]:
    """One render's worth of short texts through a fresh TextTrees, saved at the end as the engine does."""
    tree_cache._loaded.clear()  # as a new process
    kept = tree_cache.TextTrees(names, FUNCS)
    out = [
        kept.trees("t.yaml", text, counting_parse("t.yaml", text, calls if calls is not None else [])) for text in texts
    ]
    kept.save()
    return out


def test_a_second_run_takes_its_short_texts_from_the_entry(texts_cache):
    calls: list[int] = []
    keep(["{{ .a }}", "{{ .b }}"], calls=calls)
    second = keep(["{{ .a }}", "{{ .b }}"], calls=calls)
    assert calls == [1, 1]
    assert [str(trees["t.yaml"].root) for trees in second] == ["{{.a}}", "{{.b}}"]


def test_the_short_texts_of_a_run_share_one_file(texts_cache):
    keep([f"{{{{ .v{i} }}}}" for i in range(50)])
    assert len(cache_files(texts_cache)) == 1


def test_a_text_new_to_the_run_is_parsed_and_kept_for_the_next(texts_cache):
    keep(["{{ .a }}"])
    calls: list[int] = []
    keep(["{{ .a }}", "{{ .b }}"], calls=calls)
    keep(["{{ .a }}", "{{ .b }}"], calls=calls)
    assert calls == [1]


def test_the_entry_holds_the_last_runs_texts_only(texts_cache):
    keep(["{{ .a }}", "{{ .b }}"])
    keep(["{{ .c }}"])
    calls: list[int] = []
    keep(["{{ .a }}"], calls=calls)
    assert calls == [1]


def test_another_charts_texts_are_kept_apart(texts_cache):
    keep(["{{ .a }}"])
    calls: list[int] = []
    keep(["{{ .a }}"], names=("other/templates/a.yaml",), calls=calls)
    assert calls == [1]
    assert len(cache_files(texts_cache)) == 2


def test_the_same_text_under_another_template_name_is_parsed_again(texts_cache):
    keep(["{{ .a }}"])
    kept = tree_cache.TextTrees(NAMES, FUNCS)
    tree_cache._loaded.clear()
    calls: list[int] = []
    trees = kept.trees("u.yaml", "{{ .a }}", lambda: (calls.append(1), parse("u.yaml", "{{ .a }}", FUNCS))[1])
    assert calls == [1] and list(trees) == ["u.yaml"]


def test_a_run_past_the_text_limit_keeps_only_the_first_texts(texts_cache, monkeypatch):
    monkeypatch.setattr(tree_cache, "TEXTS_PER_ENTRY", 3)
    keep([f"{{{{ .v{i} }}}}" for i in range(10)])
    calls: list[int] = []
    keep([f"{{{{ .v{i} }}}}" for i in range(10)], calls=calls)
    assert len(calls) == 7


def test_no_cache_setting_keeps_no_texts(texts_cache, monkeypatch):
    monkeypatch.setenv("CHARTGEN_NO_CACHE", "1")
    calls: list[int] = []
    keep(["{{ .a }}"], calls=calls)
    keep(["{{ .a }}"], calls=calls)
    assert calls == [1, 1]
    assert cache_files(texts_cache) == []


def test_a_planted_texts_entry_cannot_run_code(texts_cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keep(["{{ .a }}"])
    (path,) = cache_files(texts_cache)
    path.write_bytes(pickle.dumps({("t.yaml", "{{ .a }}"): {"t.yaml": _RunsCode()}}))
    calls: list[int] = []
    (trees,) = keep(["{{ .a }}"], calls=calls)
    assert not (tmp_path / "planted-code-ran").exists()
    assert calls == [1] and str(trees["t.yaml"].root) == "{{.a}}"


@pytest.mark.parametrize(
    "planted",
    [b"\x80\x05garbage", pickle.dumps([1, 2]), pickle.dumps({"t.yaml": {}}), pickle.dumps({("t.yaml",): {}})],
    ids=["damaged", "not-a-map", "key-not-a-pair", "key-too-short"],
)
def test_a_malformed_texts_entry_is_a_miss(texts_cache, planted):
    keep(["{{ .a }}"])
    (path,) = cache_files(texts_cache)
    path.write_bytes(planted)
    calls: list[int] = []
    keep(["{{ .a }}"], calls=calls)
    assert calls == [1]


def test_a_text_kept_under_another_text_is_not_taken_for_it(texts_cache):
    keep(["{{ .a }}"])
    (path,) = cache_files(texts_cache)
    path.write_bytes(pickle.dumps({("t.yaml", "{{ .b }}"): parse("t.yaml", "{{ .a }}", FUNCS)}))
    (trees,) = keep(["{{ .b }}"])
    assert str(trees["t.yaml"].root) == "{{.b}}"


def test_rendering_with_kept_texts_gives_the_same_bytes(texts_cache, tmp_path):
    chart = _tpl_chart(tmp_path, "{{ .Release.Name }}-{{ .Chart.Name }}")
    engine._parse_cached.cache_clear()
    cold = render_chart(chart, trace=False).text
    engine._parse_cached.cache_clear()
    tree_cache._loaded.clear()
    warm = render_chart(chart, trace=False).text
    assert warm == cold and "release-name-tpl" in warm
