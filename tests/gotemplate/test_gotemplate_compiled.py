"""When a tree is compiled, and what its compiled form must still leave to the walker's rules."""

from __future__ import annotations

import pytest

from chartgen.gotemplate import compiled
from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.gomembers import go_members, go_method
from chartgen.gotemplate.parse import parse


def _template(text: str) -> Template:
    template = Template()
    template.add(parse("t", text))
    return template


def test_a_tree_is_walked_on_its_first_run_and_compiled_on_its_second() -> None:
    template = _template("{{ .a }}")
    tree = template.lookup("t")
    assert compiled.compiled(tree) is None
    first = compiled.compiled(tree)
    assert first is not None
    assert compiled.compiled(tree) is first


def test_every_run_of_a_tree_prints_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "RUNS_BEFORE_COMPILING", 1)
    template = _template('{{ range $k, $v := .m }}{{ $k }}={{ $v | printf "%03d" }};{{ end }}')
    outputs = {template.execute("t", {"m": {"b": 2, "a": 1}}) for _ in range(3)}
    assert outputs == {"a=001;b=002;"}


def test_a_template_nested_past_the_compiled_depth_runs_through_the_walker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "RUNS_BEFORE_COMPILING", 0)
    depth = 200
    template = _template("{{ if .a }}" * depth + "{{ .a }}" + "{{ end }}" * depth)
    assert template.execute("t", {"a": "deep"}) == "deep"


def test_an_error_deep_in_a_compiled_argument_names_the_node_the_walker_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    messages = []
    for runs in (1 << 62, 0):
        monkeypatch.setattr(compiled, "RUNS_BEFORE_COMPILING", runs)
        template = _template('{{ printf "%s" (index .l 5) | upper }}')
        with pytest.raises(ExecError) as caught:
            template.execute("t", {"l": [1]})
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "at <index .l 5>" in messages[0]


@go_members()
class _Keyed(dict):
    """A map type with a method of its own, as Helm's chartutil.Values has."""

    @go_method(results=("string",))
    def Name(self) -> str:  # noqa: N802 - Go method name
        return "method"


def test_a_map_types_method_wins_over_its_key_of_the_same_name_when_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "RUNS_BEFORE_COMPILING", 0)
    template = _template("{{ .m.Name }} {{ .m.other }}")
    assert template.execute("t", {"m": _Keyed(Name="key", other="key")}) == "method key"
