"""``.chartgen.yaml`` discovery: a file above the repository root or the home folder, written by someone else, must
not switch rules off; and every report says which config was used, so nothing is switched off invisibly.

The chart's template names a ConfigMap ``Bad_Name`` (a CG-CHART-012 warning); each "hostile" config disables that
rule, so ``--strict`` shows whether the config was read (exit 0) or not (exit 1).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_bounded, assert_refused, run_chartgen
from hostile.outputs_kit import write_chart

DISABLING = "lint:\n  disable: [CG-CHART-012, CG-CHART-006, CG-VALUES-004]\n"
SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared/reference/sarif/sarif-schema-2.1.0.json"


def lint(cwd: Path, *args: str, home: Path | None = None):
    outcome = run_chartgen("lint", *args, "--strict", cwd=cwd, env={"HOME": str(home or cwd)})
    assert_bounded(outcome)
    return outcome


def summary(outcome) -> str:
    return outcome.stdout.splitlines()[-1]


def test_a_config_above_the_home_folder_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    write_chart(tmp_path / "home" / "charts" / "c", object_name="Bad_Name")
    sandbox = Sandbox(tmp_path)
    outcome = lint(tmp_path / "home", "charts/c", home=tmp_path / "home")
    assert outcome.returncode == 1 and "CG-CHART-012" in outcome.stdout
    assert summary(outcome).endswith("; config: none")
    sandbox.assert_unchanged()


def test_a_config_above_the_repository_root_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    (tmp_path / "work" / "repo" / ".git").mkdir(parents=True)
    write_chart(tmp_path / "work" / "repo" / "charts" / "c", object_name="Bad_Name")
    outcome = lint(tmp_path / "work" / "repo", "charts/c", home=tmp_path / "elsewhere")
    assert outcome.returncode == 1 and summary(outcome).endswith("; config: none")


def test_a_broken_config_above_the_repository_root_is_not_even_read(tmp_path: Path) -> None:
    (tmp_path / ".chartgen.yaml").write_text("lint: [this is: not: valid\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write_chart(tmp_path / "repo" / "c")
    outcome = run_chartgen("lint", "c", cwd=tmp_path / "repo", env={"HOME": str(tmp_path / "elsewhere")})
    assert_bounded(outcome)
    assert outcome.returncode == 0, outcome.describe()


def test_a_chart_in_a_shared_folder_ignores_the_folder_above_it(tmp_path: Path) -> None:
    # Like a chart unpacked under /tmp: neither in a repository nor under home.
    (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    write_chart(tmp_path / "shared" / "c", object_name="Bad_Name")
    outcome = lint(tmp_path / "shared", "c", home=tmp_path / "someone")
    assert outcome.returncode == 1 and summary(outcome).endswith("; config: none")


def test_a_chart_in_a_shared_folder_reads_its_own_config(tmp_path: Path) -> None:
    write_chart(tmp_path / "shared" / "c", object_name="Bad_Name")
    (tmp_path / "shared" / "c" / ".chartgen.yaml").write_text(DISABLING)
    outcome = lint(tmp_path / "shared", "c", home=tmp_path / "someone")
    assert outcome.returncode == 0 and summary(outcome).endswith("; config: c/.chartgen.yaml")


def test_a_config_at_the_repository_root_is_used_and_named(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".chartgen.yaml").write_text(DISABLING)
    write_chart(tmp_path / "repo" / "charts" / "c", object_name="Bad_Name")
    outcome = lint(tmp_path / "repo", "charts/c", home=tmp_path / "elsewhere")
    assert outcome.returncode == 0 and summary(outcome).endswith("; config: .chartgen.yaml")


def test_the_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    write_chart(tmp_path / "c", object_name="Bad_Name")
    (tmp_path / "c" / ".chartgen.yaml").write_text("lint: {}\n")
    outcome = lint(tmp_path, "c")
    assert outcome.returncode == 1 and summary(outcome).endswith("; config: c/.chartgen.yaml")


def test_an_explicit_config_is_named(tmp_path: Path) -> None:
    write_chart(tmp_path / "c", object_name="Bad_Name")
    (tmp_path / "team.yaml").write_text(DISABLING)
    outcome = lint(tmp_path, "c", "--config", "team.yaml")
    assert outcome.returncode == 0 and summary(outcome).endswith("; config: team.yaml")


@pytest.mark.parametrize("present", [True, False], ids=["config", "none"])
def test_the_json_report_names_the_config(tmp_path: Path, present: bool) -> None:
    (tmp_path / ".git").mkdir()
    write_chart(tmp_path / "c", object_name="Bad_Name")
    if present:
        (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    report = json.loads(lint(tmp_path, "c", "--format", "json").stdout)
    assert report["config"] == (".chartgen.yaml" if present else None)
    assert report["version"] == 1


@pytest.mark.parametrize("present", [True, False], ids=["config", "none"])
def test_the_sarif_report_names_the_config_and_stays_valid(tmp_path: Path, present: bool) -> None:
    (tmp_path / ".git").mkdir()
    write_chart(tmp_path / "c", object_name="Bad_Name")
    if present:
        (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    document = json.loads(lint(tmp_path, "c", "--format", "sarif").stdout)
    run = document["runs"][0]
    assert run["invocations"][0]["properties"]["config"] == (".chartgen.yaml" if present else None)
    artifacts = run.get("artifacts", [])
    assert [a["location"]["uri"] for a in artifacts] == ([".chartgen.yaml"] if present else [])
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    import jsonschema

    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(document)


@pytest.mark.parametrize("present", [True, False], ids=["config", "none"])
def test_the_junit_report_names_the_config(tmp_path: Path, present: bool) -> None:
    (tmp_path / ".git").mkdir()
    write_chart(tmp_path / "c", object_name="Bad_Name")
    if present:
        (tmp_path / ".chartgen.yaml").write_text(DISABLING)
    root = ET.fromstring(lint(tmp_path, "c", "--format", "junit").stdout)
    values = {p.get("value") for p in root.iter("property") if p.get("name") == "config"}
    assert values == {".chartgen.yaml" if present else "none"}


def test_a_report_written_to_a_file_names_the_config_on_stderr(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_chart(tmp_path / "c")
    outcome = run_chartgen("lint", "c", "--format", "json", "--output", "r.json", cwd=tmp_path)
    assert outcome.returncode == 0 and outcome.stderr.rstrip().endswith("; config: none")


def test_a_config_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_chart(tmp_path / "c")
    (tmp_path / ".chartgen.yaml").write_bytes(b"lint:\n  disable: [\xff\xfe]\n")
    message = assert_refused(run_chartgen("lint", "c", cwd=tmp_path), ".chartgen.yaml", "not UTF-8")
    assert "codec" not in message
