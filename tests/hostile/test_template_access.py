"""A chart's templates reach only what Go's text/template reaches (issue 10).

The payloads climb from a template value into Python's machinery (``__class__.__init__.__globals__.os``) to read
the working directory or the environment, or to run a command. Each must end in the error Helm prints for the same
template, through every command that renders a chart, with nothing of the host in the output and nothing
written. The environment carries a canary that a successful escape would print.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from chartgen.resources import base_chart_dir
from hostile.harness import Outcome, Sandbox, assert_bounded, assert_refused, run_chartgen, run_module

CANARY = "chartgen-canary-5d1e9"
ENV = {"CHARTGEN_CANARY": CANARY}
PWNED = "pwned"

# name -> (template action, Helm 3's error text for it)
PAYLOADS = {
    "getcwd": (
        "{{ (now).__class__.__init__.__globals__.os.getcwd }}",
        "can't evaluate field __class__ in type time.Time",
    ),
    "system": (
        f'{{{{ (now).__class__.__init__.__globals__.os.system "touch {PWNED}" }}}}',
        "can't evaluate field __class__ in type time.Time",
    ),
    "environ": (
        "{{ (now).__class__.__init__.__globals__.os.environ.CHARTGEN_CANARY }}",
        "can't evaluate field __class__ in type time.Time",
    ),
    "lower-case-field": ("{{ (now).sec }}", "can't evaluate field sec in type time.Time"),
    "unexported-field": ("{{ (now).loc }}", "loc is an unexported field of struct type time.Time"),
    "python-method": ("{{ (now).Location.lookup 0 }}", "can't evaluate field lookup in type *time.Location"),
    "values-globals": (
        "{{ .Values.__class__.__init__.__globals__.os.getcwd }}",
        "nil pointer evaluating interface {}.__init__",
    ),
    "capabilities": (
        "{{ .Capabilities.__class__.__init__.__globals__ }}",
        "can't evaluate field __class__ in type interface {}",
    ),
    "chart": ("{{ .Chart.__dict__ }}", "can't evaluate field __dict__ in type interface {}"),
    "semver": ('{{ (semver "1.0.0").__init__.__globals__ }}', "can't evaluate field __init__ in type *semver.Version"),
    "certificate": ('{{ (genCA "x" 1).__slots__ }}', "can't evaluate field __slots__ in type sprig.certificate"),
    "range-element": (
        "{{ range list now }}{{ .__class__.__init__.__globals__ }}{{ end }}",
        "can't evaluate field __class__ in type interface {}",
    ),
    "tpl": ('{{ tpl "{{ (now).__class__ }}" . }}', "can't evaluate field __class__ in type time.Time"),
    "method-value": ('{{ call .Files.Get "x" }}', "wrong number of args for Get: want 1 got 0"),
}
# The ones every rendering command is tried with; render and the Helm comparison take them all.
COMMAND_PAYLOADS = ["getcwd", "system", "environ", "lower-case-field"]

CHART_YAML = "apiVersion: v2\nname: c\nversion: 0.1.0\n"


def _chart(root: Path, action: str) -> Path:
    chart = root / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART_YAML)
    (chart / "templates" / "t.yaml").write_text(f"# {action}\n")
    return chart


def _hostile_base_chart(root: Path, action: str) -> Path:
    """The bundled IKO chart with one hostile template added: what ``diff`` and ``target bundle`` read."""
    chart = root / "iko"
    shutil.copytree(base_chart_dir(), chart)
    (chart / "templates" / "zz-hostile.yaml").write_text(f"# {action}\n")
    return chart


def assert_no_host_information(outcome: Outcome, root: Path) -> None:
    """Nothing a successful escape would print: the working directory, the environment's canary."""
    for stream in (outcome.stdout, outcome.stderr):
        assert CANARY not in stream, outcome.describe()
        assert str(root) not in stream, outcome.describe()
    assert not (root / PWNED).exists(), "the payload ran a command"


def helm_message(stderr: str) -> str:
    """Helm's error text: after ``Error: ``, without the ``--debug`` hint."""
    match = re.search(r"(?m)^Error: ", stderr)
    assert match is not None, stderr
    return stderr[match.end() :].split("\n\nUse --debug flag", 1)[0].rstrip()


# ---------------------------------------------------------------------------------------------------- render


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_render_refuses_the_payload_with_gos_error(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _chart(tmp_path, action)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", "c", cwd=tmp_path, env=ENV)
    message = assert_refused(outcome, expected)
    assert message.startswith("template: c/templates/t.yaml:1:"), message
    assert_no_host_information(outcome, tmp_path)
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_render_gives_helms_verdict_and_text(tmp_path: Path, name: str, helm) -> None:
    chart = _chart(tmp_path, PAYLOADS[name][0])
    expected = helm.run("template", "rel", str(chart), check=False)
    outcome = run_chartgen("render", "c", "--release-name", "rel", "--helm-compat", str(helm.major), cwd=tmp_path)
    assert_bounded(outcome)
    if expected.returncode == 0:  # Helm 4's .Chart is a map: .Chart.__dict__ is a missing key, nothing more
        assert (outcome.returncode, outcome.stdout) == (0, expected.stdout), outcome.describe()
    else:
        # Helm 4's message spans lines; chartgen's error is always one line, so its whitespace runs become spaces.
        assert outcome.returncode == 2, outcome.describe()
        assert outcome.stderr.rstrip("\n") == "chartgen: error: " + " ".join(helm_message(expected.stderr).split())


# ---------------------------------------------------------------------------------------------------- lint


@pytest.mark.parametrize("name", COMMAND_PAYLOADS)
def test_lint_reports_the_payload_as_gos_render_error(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _chart(tmp_path, action)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("lint", "c", cwd=tmp_path, env=ENV)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    assert re.search(r"(?m)^c/templates/t\.yaml:1:\d+: error CG-CHART-009 template: ", outcome.stdout), outcome.stdout
    assert expected in outcome.stdout, outcome.describe()
    assert_no_host_information(outcome, tmp_path)
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", COMMAND_PAYLOADS)
def test_lint_json_report_holds_no_host_information(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _chart(tmp_path, action)
    outcome = run_chartgen("lint", "c", "--format", "json", cwd=tmp_path, env=ENV)
    assert_bounded(outcome)
    assert outcome.returncode == 1, outcome.describe()
    assert expected in outcome.stdout
    assert_no_host_information(outcome, tmp_path)


# ---------------------------------------------------------------------------------------------------- diff, bundle


@pytest.mark.parametrize("name", COMMAND_PAYLOADS)
def test_diff_refuses_a_chart_carrying_the_payload(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _hostile_base_chart(tmp_path, action)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("diff", "--chart", "iko", cwd=tmp_path, env=ENV, seconds=60)
    assert_refused(outcome, "templates/zz-hostile.yaml:1:", expected)
    assert_no_host_information(outcome, tmp_path)
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", COMMAND_PAYLOADS)
def test_target_bundle_refuses_a_chart_carrying_the_payload_and_writes_nothing(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _hostile_base_chart(tmp_path, action)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(
        "target", "bundle", "--chart", "iko", "-n", "iris", "-o", "out", cwd=tmp_path, env=ENV, seconds=60
    )
    assert_refused(outcome, "templates/zz-hostile.yaml:1:", expected)
    assert_no_host_information(outcome, tmp_path)
    sandbox.assert_unchanged()


# ---------------------------------------------------------------------------------------------------- snapshot


@pytest.mark.parametrize("name", COMMAND_PAYLOADS)
def test_snapshot_tests_fail_on_the_payload_without_recording_it(tmp_path: Path, name: str) -> None:
    action, expected = PAYLOADS[name]
    _chart(tmp_path, action)
    assert_bounded(run_chartgen("snapshot", "init", "c", "snap", cwd=tmp_path, env=ENV))
    sandbox = Sandbox(tmp_path)
    # The plugin renders in the pytest process, where a successful escape would run.
    outcome = run_module(
        "pytest", "snap", "--snapshot-update", "-p", "no:cacheprovider", "-q", cwd=tmp_path, env=ENV, seconds=120
    )
    assert outcome.returncode == 1, outcome.describe()
    assert expected in outcome.stdout, outcome.describe()
    assert CANARY not in outcome.stdout + outcome.stderr
    assert not (tmp_path / PWNED).exists(), "the payload ran a command"
    sandbox.assert_unchanged()
