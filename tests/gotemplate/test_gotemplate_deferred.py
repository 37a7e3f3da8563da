"""Function map entries whose function is loaded at the first call (``DeferredFunction``)."""

from __future__ import annotations

from chartgen.gotemplate.exec import Template
from chartgen.gotemplate.funcs import DeferredFunction
from chartgen.gotemplate.parse import parse


def _shout(text: str) -> str:
    return text.upper()


def _template(text: str, loads: list[str]) -> Template:
    def load():
        loads.append("shout")
        return _shout

    template = Template({"shout": DeferredFunction(load)})
    template.add(parse("t", text, set(template.funcs)))
    return template


def test_a_deferred_function_is_not_loaded_by_parsing():
    loads: list[str] = []
    _template("{{ if false }}{{ shout . }}{{ end }}", loads).execute("t", "x")
    assert loads == []


def test_a_deferred_function_is_loaded_once_and_then_kept_in_the_map():
    loads: list[str] = []
    template = _template("{{ shout . }}{{ . | shout }}", loads)
    assert template.execute("t", "x") == "XX"
    assert loads == ["shout"]
    assert template.funcs["shout"] is _shout
