"""What `chartgen fleet` writes: per target its values, bundle and Secret steps; for HOME a helmfile and Argo CD
manifests that parse back to the releases; the same bytes every run; atomically, and replaced only with --force."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from fleet_files import line_of, target, write_fleet

CHART = "charts/iris-operator-amd"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    write_fleet(folder)
    result = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=folder)
    assert result.exit_code == 0, result.stderr
    return folder / "out"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_each_target_gets_its_values_bundle_and_steps(written):
    for name in ("prod", "test", "lab"):
        folder = written / "targets" / name
        assert (folder / "values.yaml").is_file() and (folder / "next-steps.txt").is_file()
        assert (folder / "work-cluster" / "20-serviceaccount.yaml").is_file()


def test_the_values_name_the_targets_secret(written):
    values = yaml.safe_load((written / "targets" / "lab" / "values.yaml").read_text())
    assert values == {"logLevel": 5, "remoteTarget": {"secretName": "work-lab", "secretKey": "config"}}


def test_the_bundle_is_the_one_target_bundle_writes(written, tmp_path):
    result = run_cli(
        "target",
        "bundle",
        "--chart",
        str(written / CHART),
        "-f",
        str(written / "targets/prod/values.yaml"),
        "-n",
        "iko-prod",
        "--release",
        "prod",
        "--watch-namespace",
        "iris-prod",
        "-o",
        str(tmp_path / "b"),
    )
    assert result.exit_code == 0, result.stderr
    assert _digest(tmp_path / "b") == _digest(written / "targets/prod/work-cluster")


def test_the_helmfile_has_one_release_per_target(written):
    helmfile = yaml.safe_load((written / "helmfile.yaml").read_text())
    assert helmfile["releases"] == [
        {
            "name": n,
            "namespace": f"iko-{n}",
            "chart": f"./{CHART}",
            "createNamespace": True,
            "values": [f"./targets/{n}/values.yaml"],
        }
        for n in ("prod", "test", "lab")
    ]
    for release in helmfile["releases"]:
        assert (written / release["chart"]).is_dir() and (written / release["values"][0]).is_file()


def test_each_argo_application_installs_its_release_at_home(written):
    app = yaml.safe_load((written / "argocd" / "test.yaml").read_text())
    assert (app["apiVersion"], app["kind"], app["metadata"]) == (
        "argoproj.io/v1alpha1",
        "Application",
        {"name": "test", "namespace": "argocd"},
    )
    source = app["spec"]["source"]
    assert source["repoURL"] == "https://git.example.com/ops/fleet.git"
    assert source["targetRevision"] == "HEAD"
    assert source["path"] == f"deploy/fleet/{CHART}"
    assert source["helm"] == {"releaseName": "test", "valueFiles": ["../../targets/test/values.yaml"]}
    assert app["spec"]["destination"] == {"server": "https://kubernetes.default.svc", "namespace": "iko-test"}
    # The value file, read as Argo CD reads it: relative to the chart's folder in the repository.
    assert (written / CHART / source["helm"]["valueFiles"][0]).resolve() == (
        written / "targets/test/values.yaml"
    ).resolve()


def test_an_application_set_lists_every_target_and_renders_the_same_applications(tmp_path, written):
    write_fleet(tmp_path)
    assert run_cli("fleet", "fleet.yaml", "-o", "out", "--application-set", cwd=tmp_path).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out" / "argocd").iterdir()) == ["applicationset.yaml"]
    appset = yaml.safe_load((tmp_path / "out" / "argocd" / "applicationset.yaml").read_text())
    assert appset["kind"] == "ApplicationSet"
    (generator,) = appset["spec"]["generators"]
    template = yaml.safe_dump(appset["spec"]["template"])
    for element in generator["list"]["elements"]:
        rendered = template
        for key, value in element.items():
            rendered = rendered.replace("{{" + key + "}}", value)
        app = yaml.safe_load((written / "argocd" / f"{element['target']}.yaml").read_text())
        assert yaml.safe_load(rendered) == {"metadata": {"name": element["target"]}, "spec": app["spec"]}


def test_the_output_is_the_same_bytes_every_run(tmp_path, written):
    write_fleet(tmp_path)
    assert run_cli("fleet", "fleet.yaml", "-o", "again", cwd=tmp_path).exit_code == 0
    assert _digest(tmp_path / "again") == _digest(written)


def test_an_existing_output_is_replaced_only_with_force(tmp_path):
    write_fleet(tmp_path)
    assert run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    before = _digest(tmp_path / "out")
    refused = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path)
    assert refused.exit_code == 2 and "chartgen: error:" in refused.stderr and "--force" in refused.stderr
    write_fleet(tmp_path, [target("solo", watch=["iris"])])
    assert run_cli("fleet", "fleet.yaml", "-o", "out", "--force", cwd=tmp_path).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out" / "targets").iterdir()) == ["solo"]
    assert _digest(tmp_path / "out") != before


def test_force_never_replaces_a_folder_fleet_did_not_write(tmp_path):
    write_fleet(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep me")
    result = run_cli("fleet", "fleet.yaml", "-o", "out", "--force", cwd=tmp_path)
    assert result.exit_code == 2 and "refusing to replace it even with --force" in result.stderr
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep me"


def test_a_collision_writes_nothing(tmp_path):
    write_fleet(tmp_path, [target("prod"), target("test")])
    result = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("chartgen: error:") == 1 and "targets 'prod' and 'test'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.yaml"]


def test_a_failure_after_checks_leaves_the_previous_output_whole(tmp_path, monkeypatch):
    write_fleet(tmp_path)
    assert run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    before = _digest(tmp_path / "out")
    import chartgen.chartio.output as output

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_swap_into_place", broken)
    result = run_cli("fleet", "fleet.yaml", "-o", "out", "--force", cwd=tmp_path)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert _digest(tmp_path / "out") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_bad_values_entry_is_reported_at_the_targets_line(tmp_path):
    write_fleet(tmp_path, [target("prod", values={"logLevel": "five"})])
    result = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 2
    line = line_of(tmp_path / "fleet.yaml", "- name: prod")
    assert result.stderr.startswith(f"chartgen: error: fleet.yaml:{line}:")
    assert "target 'prod': values don't meet the specifications" in result.stderr


def test_a_chart_chartgen_patched_is_installed_as_it_is(tmp_path):
    assert run_cli("patch", "--remote-secret", "any", "-o", str(tmp_path / "patched")).exit_code == 0
    write_fleet(tmp_path, [target("prod")], chart={"path": "patched"})
    assert run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    assert _digest(tmp_path / "out" / CHART) == _digest(tmp_path / "patched")


def test_an_unknown_overlay_is_reported_at_the_targets_line(tmp_path):
    write_fleet(tmp_path, [target("prod", overlays=["no-such-overlay"])])
    result = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path)
    line = line_of(tmp_path / "fleet.yaml", "- name: prod")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"chartgen: error: fleet.yaml:{line}:")
    assert "the chart of target 'prod': no overlay named 'no-such-overlay'" in result.stderr


@pytest.mark.parametrize("name", ["..", "a/../../b", "."])
def test_a_chart_whose_name_is_no_folder_name_is_refused(tmp_path, name):
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name!r}\nversion: 0.1.0\n")
    write_fleet(tmp_path, [target("prod")], chart={"path": "c"})
    result = run_cli("fleet", "fleet.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 2 and result.stderr.count("chartgen: error:") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "fleet.yaml"]
