"""``.Files``: Get/GetBytes/Glob/Lines/AsConfig/AsSecrets as helm 3.17.3 and 4.1.4 behave (identical in both)."""

from __future__ import annotations

import pytest

from chartgen.gotemplate.exec import Template
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import go_kind, go_type_name
from chartgen.gotemplate.parse import parse
from chartgen.helm.chart_model import ChartFile
from chartgen.helm.files import Files

TREE = {
    "d/*.txt": b"*",
    "d/a.txt": b"A",
    "d/b.txt": b"B",
    "d/c.txt": b"C",
    "d/crlf.txt": b"a\r\nb\r\n",
    "d/e/c.txt": b"CC",
    "d/empty.txt": b"",
    "d/nl2.txt": b"a\n\n",
}
ALL = sorted(TREE)


@pytest.fixture
def files() -> Files:
    return Files(TREE)


@pytest.mark.parametrize(
    ("pattern", "matches"),
    [
        ("d/?.txt", ["d/*.txt", "d/a.txt", "d/b.txt", "d/c.txt"]),
        ("d?a.txt", []),
        ("d/[a-b].txt", ["d/a.txt", "d/b.txt"]),
        ("d/[!a].txt", ["d/*.txt", "d/b.txt", "d/c.txt"]),
        ("d/[^a].txt", ["d/a.txt"]),
        ("*/*.txt", [p for p in ALL if p.count("/") == 1]),
        ("d/**", ALL),
        ("**/c.txt", ["d/c.txt", "d/e/c.txt"]),
        ("d/\\*.txt", ["d/*.txt"]),
        ("{d/a,d/e/*}.txt", ["d/a.txt", "d/e/c.txt"]),
        ("d/a.txt}", []),
        ("d/{a,b}.txt,x", []),
        ("d/a.txt\\", ["d/a.txt"]),
        ("d[!a]e/c.txt", ["d/e/c.txt"]),
        ("d/{a,}.txt", ["d/a.txt"]),
        ("d/{{a,b},c}.txt", ["d/a.txt", "d/b.txt", "d/c.txt"]),
        ("{d/a.txt", ["d/a.txt"]),
        ("", []),
        ("d/*/", []),
        ("D/A.TXT", []),
    ],
)
def test_glob_follows_gobwas_semantics(files: Files, pattern: str, matches: list[str]) -> None:
    assert sorted(files.Glob(pattern)) == matches


@pytest.mark.parametrize("pattern", ["[", "d/[", "d/[].txt", "d/[a-].txt", "d/[b-a].txt", "d/[!]"])
def test_invalid_glob_pattern_matches_everything(files: Files, pattern: str) -> None:
    assert sorted(files.Glob(pattern)) == ALL


def test_glob_returns_files_object(files: Files) -> None:
    assert go_type_name(files.Glob("d/*")) == "engine.files"
    assert go_kind(files) == "map"


def test_get_and_getbytes(files: Files) -> None:
    assert files.Get("d/a.txt") == "A"
    assert files.Get("nope") == ""
    assert files.GetBytes("nope") == b""


def test_get_keeps_non_utf8_bytes() -> None:
    assert Files({"bin": b"bin\x00\x01\xff"}).Get("bin").encode("utf-8", "surrogateescape") == b"bin\x00\x01\xff"


def test_missing_key_reads_as_empty_bytes(files: Files) -> None:
    # Go's zero value of []byte: `.Files.nope` prints "[]" and typeOf is []uint8.
    assert files.get("nope") == b""


@pytest.mark.parametrize(
    ("path", "lines"),
    [("d/crlf.txt", ["a\r", "b\r"]), ("d/nl2.txt", ["a", ""]), ("d/a.txt", ["A"]), ("missing", [])],
)
def test_lines_drops_one_trailing_newline(files: Files, path: str, lines: list[str]) -> None:
    assert files.Lines(path) == lines
    assert go_type_name(files.Lines(path)) == "[]string"


def test_lines_of_empty_file_panics_like_helm(files: Files) -> None:
    with pytest.raises(FuncError, match=r"^runtime error: index out of range \[-1\]$"):
        files.Lines("d/empty.txt")


def test_files_from_chart_files() -> None:
    assert Files([ChartFile("a", b"x")]) == {"a": b"x"}


def test_as_config_and_as_secrets_key_by_base_name() -> None:
    chosen = Files({"files/a.txt": b"hello\nworld\n", "files/b.conf": b"k=v"})
    assert chosen.AsConfig() == "a.txt: |\n  hello\n  world\nb.conf: k=v"
    assert chosen.AsSecrets() == "a.txt: aGVsbG8Kd29ybGQK\nb.conf: az12"
    assert Files().AsConfig() == "{}"


def render(text: str, data: dict) -> str:
    tmpl = Template()
    tmpl.add(parse("t", text))
    return tmpl.execute("t", data)


def test_template_calls_methods_and_ranges_over_files(files: Files) -> None:
    text = '{{ .Files.Get "d/a.txt" }}|{{ range $p, $b := .Files.Glob "d/?.txt" }}{{ $p }}({{ len $b }}) {{ end }}'
    assert render(text, {"Files": files}) == "A|d/*.txt(1) d/a.txt(1) d/b.txt(1) d/c.txt(1) "


def test_template_unknown_field_of_files_is_empty_bytes(files: Files) -> None:
    assert render("{{ .Files.nope }}", {"Files": files}) == "[]"
