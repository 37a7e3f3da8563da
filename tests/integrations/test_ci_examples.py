"""The CI examples under examples/ci/ run as written: each file's shell commands are executed in a folder laid out
as a checkout (the patched chart at $CHART), and the reports they leave for upload are checked.

Replaced, and only this: the step that installs chartgen (GitHub's step named "Install chartgen", GitLab's
``before_script``) is not run; the chartgen of this test environment is first on PATH instead. Steps that
``uses:`` an action (checkout, setup-python, the uploads) are GitHub's, not shell; for the uploads the test checks
that the files they name exist.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_lint_formats import validate_sarif

from chartgen.chartio.output import write_directory
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart

pytestmark = pytest.mark.slow  # chartgen lint in subprocesses

EXAMPLES = REPO / "examples" / "ci"
INSTALL_STEP = "Install chartgen"


def _github_job(path: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """(environment, shell scripts in order, files named by upload steps) of the example's one job."""
    workflow = yaml.safe_load(path.read_text())
    (job,) = workflow["jobs"].values()
    env = {**workflow.get("env", {}), **job.get("env", {})}
    scripts, uploads = [], []
    for step in job["steps"]:
        if step.get("name") == INSTALL_STEP:
            continue
        if "run" in step:
            scripts.append(step["run"])
        elif step["uses"].startswith(("github/codeql-action/upload-sarif@", "actions/upload-artifact@")):
            uploads.append(step["with"].get("sarif_file") or step["with"]["path"])
    return env, scripts, uploads


def _gitlab_job(path: Path) -> tuple[dict[str, str], list[str], list[str]]:
    pipeline = yaml.safe_load(path.read_text())
    (job,) = pipeline.values()
    artifacts = job["artifacts"]
    uploads = [*artifacts["paths"], artifacts["reports"]["junit"]]
    # GitLab runs a job's script lines in one shell, in order; before_script is the install, replaced.
    return dict(job.get("variables", {})), ["\n".join(job["script"])], uploads


def _run(scripts: list[str], env: dict[str, str], cwd: Path) -> int:
    """Each script as the runner runs it (bash, stop at the first failing command); the job's exit status."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full = {**os.environ, **env, "PATH": path}
    for script in scripts:
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=full)
        if done.returncode != 0:
            return done.returncode
    return 0


@pytest.fixture(scope="module")
def patched_files() -> dict[str, bytes]:
    return patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}})).files


JOBS = {"github-actions.yml": _github_job, "gitlab-ci.yml": _gitlab_job}


@pytest.mark.parametrize("example", sorted(JOBS))
def test_every_example_installs_chartgen_in_the_replaced_step(example):
    text = (EXAMPLES / example).read_text()
    install = 'python -m pip install "$CHARTGEN_PACKAGE"'
    assert text.count(install) == 1
    _, scripts, _ = JOBS[example](EXAMPLES / example)
    assert all(install not in script for script in scripts)  # the only line the test does not run


@pytest.mark.parametrize("example", sorted(JOBS))
def test_a_clean_chart_passes_and_leaves_valid_reports(example, tmp_path, patched_files):
    env, scripts, uploads = JOBS[example](EXAMPLES / example)
    chart = tmp_path / env["CHART"]
    write_directory(patched_files, chart, False)
    assert _run(scripts, env, tmp_path) == 0
    assert all((tmp_path / name).is_file() for name in uploads)
    validate_sarif(json.loads((tmp_path / "chartgen.sarif").read_text()))
    suites = ET.parse(tmp_path / "chartgen-junit.xml").getroot()
    cases = [case.get("name", "").split(" ")[0] for case in suites.iter("testcase")]
    report = run_lint(LintOptions(chart))
    assert sorted(cases) == sorted(rule.id for rule in report.rules)  # one testcase per rule that ran
    assert suites.get("failures") == "0"


@pytest.mark.parametrize("example", sorted(JOBS))
def test_lint_errors_fail_the_job_and_are_in_both_reports(example, tmp_path, patched_files):
    env, scripts, uploads = JOBS[example](EXAMPLES / example)
    chart = tmp_path / env["CHART"]
    write_directory(patched_files, chart, False)
    template = chart / "templates" / "deployment.yaml"
    template.write_text(template.read_text() + "\n{{ .Values.nowhere.deeper }}\n")
    assert _run(scripts, env, tmp_path) == 1
    assert all((tmp_path / name).is_file() for name in uploads)
    sarif = json.loads((tmp_path / "chartgen.sarif").read_text())
    validate_sarif(sarif)
    errors = [r for r in sarif["runs"][0]["results"] if r["level"] == "error"]
    assert [r["ruleId"] for r in errors] == ["CG-CHART-009"]
    failed = [
        c for c in ET.parse(tmp_path / "chartgen-junit.xml").getroot().iter("testcase") if c.find("failure") is not None
    ]
    assert [c.get("name", "").split(" ")[0] for c in failed] == ["CG-CHART-009"]
