"""``chartgen render`` with plain arguments runs without click (``chartgen/cli_render.py``), and is the same command.

The plain reading must give click's parameters wherever it answers, and hand everything else to click; a process
taking either way must print the same bytes and exit with the same status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import write_chart
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen import cli
from chartgen.cli_render import DEFAULTS, OPTIONS, plain_arguments

CHART = {
    "Chart.yaml": b"apiVersion: v2\nname: demo\nversion: 0.1.0\n",
    "values.yaml": b"name: one\n",
    "templates/cm.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
}


def _click_reading(args: list[str]) -> dict:
    with cli.render.make_context("render", list(args)) as ctx:
        return dict(ctx.params)


def test_the_options_table_is_the_click_commands_options():
    declared = {}
    for param in cli.render.params:
        if isinstance(param, click.Argument):
            assert param.name == "chart"
            continue
        kind = "flag" if param.is_flag else "multiple" if param.multiple else "value"
        choices = tuple(param.type.choices) if isinstance(param.type, click.Choice) else None
        declared[tuple(param.opts + param.secondary_opts)] = (param.name, kind, choices)
    assert declared == OPTIONS


def test_the_defaults_are_the_click_commands_defaults():
    assert _click_reading(["chart"]) == {**plain_arguments(["chart"]), "chart": "chart"}
    assert all(_click_reading(["chart"])[name] == value for name, value in DEFAULTS.items())


PLAIN = [
    ["chart"],
    ["chart", "-f", "a.yaml", "--values", "b.yaml", "-f", "c.yaml"],
    ["-f", "a.yaml", "chart", "--set", "x=1,y=2", "--set=z=3"],
    ["chart", "--set-string", "a=b", "--set-file", "k=path", "--set-json", 'k={"a":1}', "--set-literal", "k=a,b"],
    ["chart", "--release-name", "r1", "--release-name", "r2", "-n", "ns"],
    ["chart", "--namespace=ns", "--kube-version", "1.30.0", "-a", "v1,apps/v1", "--api-versions", "x/v1"],
    ["chart", "-s", "templates/a.yaml", "--show-only", "templates/b.yaml"],
    ["chart", "--include-crds", "--skip-tests", "--no-hooks", "--is-upgrade", "--force"],
    ["chart", "--engine", "helm", "--helm", "/bin/helm", "--helm-compat", "4", "-o", "out"],
    ["chart", "--engine=builtin", "--helm-compat=3", "--output-dir=out"],
    ["chart", "--set", ""],
    ["chart", "--set="],
]


@pytest.mark.parametrize("args", PLAIN, ids=lambda a: " ".join(a))
def test_plain_arguments_read_as_click_reads_them(args):
    assert plain_arguments(args) == _click_reading(args)


NOT_PLAIN = [
    [],  # no chart: click says so
    ["a", "b"],  # an extra argument
    ["chart", "--help"],
    ["chart", "-h"],
    ["chart", "--bogus"],
    ["chart", "--set"],  # a missing value
    ["chart", "--set", "-x"],  # a value that could be an option
    ["chart", "-fvalues.yaml"],  # a value joined to a short option
    ["chart", "-f=values.yaml"],
    ["chart", "--include-crds=yes"],  # a flag given a value
    ["chart", "--helm-compat", "5"],  # a choice click refuses
    ["chart", "--engine", "Helm"],
    ["--", "chart"],
    ["-"],
]


@pytest.mark.parametrize("args", NOT_PLAIN, ids=lambda a: " ".join(a) or "nothing")
def test_arguments_that_need_interpreting_are_left_to_click(args):
    assert plain_arguments(args) is None


_WORDS = st.sampled_from(
    [flag for flags in OPTIONS for flag in flags]
    + ["chart", "other", "a=b", "-", "--", "3", "4", "helm", "builtin", "-x", "--bogus", "--set=a=b", "-n=x", ""]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=8))
def test_any_command_line_read_plainly_reads_as_click_reads_it(args):
    plain = plain_arguments(args)
    if plain is not None:
        assert plain == _click_reading(args)


def _run(chart_dir: Path, *args: str, through_click: bool) -> subprocess.CompletedProcess[bytes]:
    """``chartgen render ARGS`` in a new process, by the plain way in or forced through click."""
    entry = "chartgen.cli:main" if through_click else "chartgen.__main__:main"
    module, _, function = entry.partition(":")
    code = (
        f"import sys\nfrom {module} import {function} as run\nsys.argv = ['chartgen', 'render', *sys.argv[1:]]\nrun()\n"
    )
    env = {**os.environ, "CHARTGEN_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=chart_dir.parent, capture_output=True, env=env)


@pytest.mark.parametrize(
    "args",
    [
        ["demo"],
        ["demo", "--set", "name=two", "-n", "ns", "--helm-compat", "4"],
        ["demo", "--set", "name={{"],  # Helm's error for a value that is not a template
        ["demo", "-f", "missing.yaml"],
        ["missing-chart"],
        ["demo", "--show-only", "templates/none.yaml"],
    ],
    ids=lambda a: " ".join(a),
)
def test_both_ways_in_print_the_same_bytes_and_exit_alike(tmp_path, args):
    chart = write_chart(CHART, tmp_path / "demo")
    plain = _run(chart, *args, through_click=False)
    clicked = _run(chart, *args, through_click=True)
    assert (plain.returncode, plain.stdout, plain.stderr) == (clicked.returncode, clicked.stdout, clicked.stderr)
