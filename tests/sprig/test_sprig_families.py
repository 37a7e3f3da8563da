"""The Sprig function map: every family's names are listed up front, and a family is imported at its first call."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.parse import parse
from chartgen.helmcompat.profile import HELM_3, HELM_4
from chartgen.sprig import FAMILIES, FUNCTION_NAMES, family_functions, sprig_functions


@pytest.mark.parametrize("profile", [HELM_3, HELM_4], ids=["helm3", "helm4"])
@pytest.mark.parametrize("family", FAMILIES)
def test_the_listed_names_are_the_functions_the_family_module_defines(family, profile):
    module = importlib.import_module(f"chartgen.sprig.{family}")
    by_profile = getattr(module, "funcs_for", None)
    defined = by_profile(profile) if by_profile else module.FUNCS
    assert FUNCTION_NAMES[family].split() == list(defined)


def test_no_name_is_listed_by_two_families():
    names = [name for listed in FUNCTION_NAMES.values() for name in listed.split()]
    assert len(names) == len(set(names))


def test_building_the_map_imports_no_family():
    code = (
        "import sys\n"
        "from chartgen.sprig import sprig_functions\n"
        "funcs = sprig_functions()\n"
        "print(len(funcs), ' '.join(m for m in sys.modules if m.startswith('chartgen.sprig.')))\n"
    )
    count, *loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(count) == sum(len(names.split()) for names in FUNCTION_NAMES.values())
    families = {f"chartgen.sprig.{family}" for family in FAMILIES}
    assert [name for name in loaded if name in families] == []


def _template(text: str, profile=HELM_3) -> Template:
    template = Template(sprig_functions(profile))
    template.add(parse("t", text, set(template.funcs)))
    return template


def test_calling_a_deferred_function_runs_the_family_function():
    assert _template('{{ "a" | upper }}-{{ 3 | add1 }}', HELM_4).execute("t", {}) == "A-4"


def test_a_deferred_function_reports_a_wrong_argument_count_as_go_does():
    with pytest.raises(ExecError, match="wrong number of args for trunc: want 2 got 1"):
        _template('{{ trunc "x" }}').execute("t", {})


def test_a_loaded_family_is_in_the_map_as_its_functions():
    loaded = family_functions("flow", HELM_3)
    assert sprig_functions(HELM_3)["default"] is loaded["default"]
