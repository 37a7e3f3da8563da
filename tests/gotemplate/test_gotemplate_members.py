"""The allow-list of Go fields and methods (``chartgen.gotemplate.gomembers``): what a template can reach on a
value is what its Go type declares, and field chains never lead out of the modelled Go values."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.gomembers import (
    EMPTY,
    GoMethod,
    element_type,
    find_method,
    go_members,
    go_method,
    members_of,
)
from chartgen.gotemplate.parse import parse
from chartgen.helm.capabilities import default_capabilities
from chartgen.helm.chart_object import chart_object
from chartgen.helm.files import Files
from chartgen.helm.funcmap import helm_functions
from chartgen.helm.values_type import values_class
from chartgen.helmcompat.profile import HELM_3, profile_for
from chartgen.sprig.crypto import Certificate

# Every test runs with templates walked and with templates compiled (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("template_execution")

# ------------------------------------------------------------------------------------------------ declarations


@go_members(fields=["Name"], unexported=["secret"])
class _Box:
    go_type = "test.Box"
    go_kind = "struct"
    Name = "box"

    @go_method(results=("string",))
    def Value(self) -> str:  # noqa: N802 - Go method name
        return "value"

    @go_method(results=("string",), pointer=True)
    def Pointer(self) -> str:  # noqa: N802
        return "pointer"


@go_members()
class _PointerBox(_Box):
    go_type = "*test.Box"
    go_kind = "ptr"


def test_a_class_declares_its_fields_methods_and_unexported_names() -> None:
    members = members_of(_Box())
    assert (set(members.fields), set(members.methods), members.unexported) == (
        {"Name"},
        {"Value", "Pointer"},
        frozenset({"secret"}),
    )


def test_a_subclass_inherits_the_declaration() -> None:
    assert set(members_of(_PointerBox()).fields) == {"Name"}


def test_an_undeclared_class_exposes_nothing() -> None:
    assert members_of(object()) is EMPTY and members_of("text") is EMPTY and members_of({"a": 1}) is EMPTY


def test_pointer_methods_are_only_in_the_method_set_of_a_pointer_or_an_addressable_value() -> None:
    assert find_method(_Box(), "Value") is not None
    assert find_method(_Box(), "Pointer") is None
    assert find_method(_Box(), "Pointer", addressable=True) is not None
    assert find_method(_PointerBox(), "Pointer") is not None


def test_a_method_newer_than_the_go_release_is_absent() -> None:
    time_value = _run_value('(toDate "2006-01-02" "2020-01-02")', (1, 23))
    assert find_method(time_value, "AppendText", (1, 23)) is None
    assert find_method(time_value, "AppendText", (1, 24)) is not None


@pytest.mark.parametrize(
    ("results", "error"),
    [
        (("int",), None),
        (("int", "error"), None),
        (("string", "int"), "invalid function signature for M: second return value should be error; is int"),
        (("int", "int", "int"), "function M has 3 return values; should be 1 or 2"),
    ],
)
def test_go_refuses_to_call_a_method_with_the_wrong_result_shape(results: tuple[str, ...], error: str | None) -> None:
    assert GoMethod("M", results=results).shape_error() == error


@pytest.mark.parametrize(
    ("value", "element"),
    [
        ([1], "interface {}"),
        ({"a": 1}, "interface {}"),
        (Files({"a": b"x"}), "[]uint8"),
        (default_capabilities(HELM_3).APIVersions, "string"),
        (values_class(HELM_3)({"a": 1}), "interface {}"),
    ],
)
def test_element_types_follow_the_go_type(value: Any, element: str) -> None:
    assert element_type(value) == element


# ------------------------------------------------------------------------------------------------ property

# Every modelled value a template can hold, as the template expression that produces it.
ROOTS = {
    "dot": ".",
    "values": ".Values",
    "chart": ".Chart",
    "files": ".Files",
    "release": ".Release",
    "template": ".Template",
    "capabilities": ".Capabilities",
    "kube-version": ".Capabilities.KubeVersion",
    "api-versions": ".Capabilities.APIVersions",
    "helm-version": ".Capabilities.HelmVersion",
    "maintainer": "index .Chart.Maintainers 0",
    "dependency": "index .Chart.Dependencies 0",
    "metadata": ".Chart.Metadata",
    "annotations": ".Chart.Annotations",
    "time": '(toDate "2006-01-02 15:04" "2020-01-02 03:04")',
    "now": "now",
    "location": "(now).Location",
    "month": "(now).Month",
    "weekday": "(now).Weekday",
    "duration": '((toDate "2006-01-02" "2020-01-02").Sub (toDate "2006-01-02" "2020-01-01"))',
    "semver": '(semver "v1.2.3-rc.1+m")',
    "semver-value": '(semver "1.2.3").IncPatch',
    "uint64": '(semver "1.2.3").Major',
    "error": '((semver "1.2.3").Scan "x")',
    "nil-error": '((semver "1.2.3").Scan "2.0.0")',
    "certificate": ".Cert",
    "dict": '(dict "a" (dict "b" 1))',
    "list": "(list 1 now)",
    "strings": '(splitList "," "a,b")',
    "string-map": '(split "," "a,b")',
    "ints": "(until 3)",
    "chunks": "(chunk 1 (list 1 2))",
    "bytes": '(.Files.GetBytes "a.txt")',
    "int64": "(add 1 2)",
    "url": '(urlParse "https://u@h/p")',
}

_IDENTIFIER = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True)
_DUNDERS = ["__class__", "__dict__", "__init__", "__globals__", "__slots__", "__module__", "__call__"]
_ARGUMENTS = ["", ' "x"', " 1", " nil", " .", ' "a.txt"', " (now)", ' (semver "1.0.0")']


def _context(helm_major: int) -> dict[str, Any]:
    values = values_class(profile_for(helm_major))
    metadata = {
        "name": "c",
        "version": "0.1.0",
        "maintainers": [{"name": "m"}],
        "dependencies": [{"name": "d", "version": "1"}],
        "annotations": {"a": "b"},
    }
    return values(
        {
            "Chart": chart_object(SimpleNamespace(metadata=metadata, is_root=True), profile_for(helm_major)),
            "Files": Files({"a.txt": b"A"}),
            "Release": {"Name": "rel", "Namespace": "default", "Revision": 1, "IsInstall": True},
            "Capabilities": default_capabilities(profile_for(helm_major)),
            "Values": values({"a": {"b": 1}, "l": [1, "x"], "s": "str"}),
            "Template": values({"Name": "c/templates/t.yaml", "BasePath": "c/templates"}),
            "Subcharts": {},
            "Cert": Certificate("cert", "key"),
        }
    )


def _names() -> list[str]:
    """Every name the modelled types declare, and every Python attribute their objects have."""
    names = set(_DUNDERS)
    for helm_major in (3, 4):
        for expression in ROOTS.values():
            value = _run_value(expression, (1, 23) if helm_major == 3 else (1, 25), helm_major)
            members = members_of(value)
            names |= set(members.fields) | set(members.methods) | members.unexported
            names |= {name for name in dir(value) if name.isidentifier()}
    return sorted(names)


def _run_value(expression: str, go_version: tuple[int, int], helm_major: int = 3) -> Any:
    captured: list[Any] = []
    _execute(f"{{{{ capture ({expression}) }}}}", go_version, helm_major, captured)
    return captured[0]


def _execute(text: str, go_version: tuple[int, int], helm_major: int, captured: list[Any]) -> str:
    def capture(value: Any) -> str:
        captured.append(value)
        return ""

    tmpl = Template({**helm_functions(profile_for(helm_major)), "capture": capture}, go_version=go_version)
    tmpl.add(parse("t", text))
    return tmpl.execute("t", _context(helm_major))


NAMES = _names()


def is_go_value(value: Any) -> bool:
    """A value of the Go model: nil, a plain Go-shaped Python value, or an instance of a class declaring its Go
    type; never a function, method, class, module or other Python machinery."""
    if value is None or type(value) in (bool, int, float, complex, str, bytes):
        return True
    if type(value) in (list, tuple):
        return all(is_go_value(item) for item in value)
    if type(value) is dict:
        return all(isinstance(key, str) and is_go_value(item) for key, item in value.items())
    if not isinstance(getattr(type(value), "go_type", None), str) or callable(value):
        return False
    if isinstance(value, (list, dict)):
        return all(is_go_value(item) for item in (value.values() if isinstance(value, dict) else value))
    return True


def _declared_names(value: Any) -> list[str]:
    members = members_of(value)
    return sorted(
        set(members.fields) | set(members.methods) | members.unexported | set(value if type(value) is dict else ())
    )


@st.composite
def field_chains(draw: st.DrawFn) -> tuple[str, int, str]:
    """A root, a Helm major and a chain of names, most of them declared on the value reached so far (so chains
    go deep), the rest Python attribute names, dunders and random identifiers."""
    root = draw(st.sampled_from(sorted(ROOTS)))
    helm_major = draw(st.sampled_from([3, 4]))
    go_version = (1, 23) if helm_major == 3 else (1, 25)
    expression = f"({ROOTS[root]})"
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        try:
            declared = _declared_names(_run_value(expression, go_version, helm_major))
        except ExecError:
            declared = []
        if declared and draw(st.integers(0, 4)):  # mostly a declared name
            name = draw(st.sampled_from(declared))
        elif not declared and expression != f"({ROOTS[root]})" and draw(st.integers(0, 3)):
            break  # mostly stop at a value with nothing declared (a string, a number)
        else:
            name = draw(st.one_of(st.sampled_from(NAMES), _IDENTIFIER))
        expression += "." + name
    argument = draw(st.sampled_from(_ARGUMENTS)) if draw(st.integers(0, 2)) == 0 else ""
    return expression + argument, helm_major, root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=field_chains())
def test_field_chains_on_modelled_values_only_ever_yield_modelled_values(case: tuple[str, int, str]) -> None:
    check_field_chain(case)


def check_field_chain(case: tuple[str, int, str]) -> None:
    """The property, also driven with a larger budget by ``fuzz/fuzz_field_access.py``."""
    expression, helm_major, _ = case
    go_version = (1, 23) if helm_major == 3 else (1, 25)
    captured: list[Any] = []
    try:
        _execute(f"{{{{ capture ({expression}) }}}}", go_version, helm_major, captured)
    except ExecError:
        return  # Go's refusal: an unknown name, a wrong arity, a method's error
    assert captured and is_go_value(captured[0]), (expression, captured)


def test_every_root_is_itself_a_modelled_value() -> None:
    for helm_major, go_version in ((3, (1, 23)), (4, (1, 25))):
        for name, expression in ROOTS.items():
            assert is_go_value(_run_value(expression, go_version, helm_major)), name
