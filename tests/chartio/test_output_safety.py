"""The pieces behind safe outputs, one by one: chart paths, Python literals for generated code, the exchange
rename, staged multi-file writes, redaction of error lines and goyaml's reading of bytes that are not UTF-8."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.chartio.atomic_rename import exchange, rename_no_replace
from chartgen.chartio.output import FileOutput, commit, is_rendered_dir
from chartgen.chartio.paths import UnsafePath, inside
from chartgen.errors import OutputError
from chartgen.helm.yaml_load import utf8_problem
from chartgen.redact import REDACTED, redact, remember
from chartgen.snapshot.emit_tests import python_literal


@pytest.mark.parametrize(
    ("path", "normal"),
    [("templates/x.yaml", "templates/x.yaml"), ("templates/./a/../x.yaml", "templates/x.yaml"), ("a//b", "a/b")],
)
def test_a_path_inside_the_chart_is_normalised(path: str, normal: str) -> None:
    assert inside(path) == normal


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("", "is empty"),
        ("/etc/passwd", "is absolute"),
        ("C:/x", "is absolute"),
        ("templates\\..\\x", "backslash"),
        ("../x", "leaves the chart"),
        ("templates/../../x", "leaves the chart"),
        ("..", "leaves the chart"),
        (".", "names the chart itself"),
        ("a\nb", "control character"),
    ],
)
def test_a_path_leaving_the_chart_is_refused_with_the_reason(path: str, why: str) -> None:
    with pytest.raises(UnsafePath, match=why):
        inside(path)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_python_literal_evaluates_to_its_text_and_is_one_ascii_token(text: str) -> None:
    literal = python_literal(text)
    assert literal.isascii() and "\n" not in literal
    assert ast.literal_eval(literal) == text
    assert isinstance(ast.parse(f"x = {literal}").body[0], ast.Assign)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_python_literal_body_cannot_close_a_docstring(text: str) -> None:
    body = python_literal(text)[1:-1]
    module = ast.parse(f'"""Doc {body} end."""\n')
    assert ast.get_docstring(module, clean=False) == f"Doc {text} end."


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one").touch()
    (tmp_path / "b").mkdir()
    if not exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no renameat2 exchange on this system")
    assert (tmp_path / "b" / "one").exists() and not (tmp_path / "a" / "one").exists()


def test_rename_without_replacing_refuses_an_existing_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "there").mkdir()
    try:
        supported = rename_no_replace(tmp_path / "new", tmp_path / "elsewhere")
    except OSError:
        supported = False
    if not supported:
        pytest.skip("no renameat2 on this system")
    (tmp_path / "new").mkdir()
    with pytest.raises(FileExistsError):
        rename_no_replace(tmp_path / "new", tmp_path / "there")


def test_commit_refuses_before_writing_any_output(tmp_path: Path) -> None:
    (tmp_path / "second").write_text("mine")
    outputs = [FileOutput(b"1", tmp_path / "first", False), FileOutput(b"2", tmp_path / "second", False)]
    with pytest.raises(OutputError, match="second already exists"):
        commit(outputs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["second"]


def test_commit_removes_what_it_staged_and_the_folders_it_made_when_staging_fails(tmp_path, monkeypatch) -> None:
    real = FileOutput.stage

    def stage(self: FileOutput) -> None:
        if self.target.name == "b":
            raise OutputError(f"cannot write {self.target}: No space left on device")
        real(self)

    monkeypatch.setattr(FileOutput, "stage", stage)
    outputs = [FileOutput(b"1", tmp_path / "new" / "deep" / "a", False), FileOutput(b"2", tmp_path / "b", False)]
    with pytest.raises(OutputError, match="No space left"):
        commit(outputs)
    assert list(tmp_path.iterdir()) == []


def test_commit_refuses_the_same_target_twice(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="named twice"):
        commit([FileOutput(b"1", tmp_path / "a", False), FileOutput(b"2", tmp_path / "." / "a", False)])


@pytest.mark.parametrize(
    ("files", "dirs", "expected"),
    [
        ({"c/templates/a.yaml": "---\n# Source: c/templates/a.yaml\n"}, [], True),
        ({}, [], False),
        ({}, ["a", "a/b"], False),
        ({"c/a.yaml": "---\n# Source: c/a.yaml\n"}, ["empty"], False),
        ({"c/a.yaml": "mine\n"}, [], False),
    ],
)
def test_a_rendered_folder_is_recognised_by_its_content(tmp_path: Path, files, dirs, expected: bool) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    for rel in dirs:
        (tmp_path / rel).mkdir(parents=True, exist_ok=True)
    assert is_rendered_dir(tmp_path) is expected


def test_a_link_makes_a_folder_not_a_rendered_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("---\n# Source: c/a.yaml\n")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert not is_rendered_dir(tmp_path)


def test_a_remembered_secret_is_redacted_wherever_it_appears() -> None:
    remember("s3cr3t-value-0123456789", 42, None, "short")
    assert redact("x s3cr3t-value-0123456789 y") == f"x {REDACTED} y"
    assert redact("a short word stays") == "a short word stays"


def test_pattern_redaction_spares_ordinary_words_and_paths() -> None:
    text = "cannot read /home/user/charts/iris-operator/templates/deployment.yaml at line 4"
    assert redact(text, patterns=True) == text


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"a: \xff\n", "invalid leading UTF-8 octet"),
        (b"a: \x80\n", "invalid leading UTF-8 octet"),
        (b"a: \xc3(\n", "invalid trailing UTF-8 octet"),
        (b"a: \xc3", "incomplete UTF-8 octet sequence"),
        (b"a: \xc0\x80\n", "invalid length of a UTF-8 sequence"),
        (b"a: \xed\xa0\x80\n", "invalid Unicode character"),
        (b"a: \xf4\x90\x80\x80\n", "invalid Unicode character"),
        ("a: é\n".encode(), None),
    ],
)
def test_bytes_that_are_not_utf8_get_goyamls_reader_error(raw: bytes, problem: str | None) -> None:
    assert utf8_problem(raw.decode("utf-8", "surrogateescape")) == problem
