"""fleet.yaml is checked against schemas/fleet.schema.json; every refusal names the file and the line."""

from __future__ import annotations

import pytest
from fleet_files import line_of, target, three_targets, write_fleet

from chartgen.fleet.spec import FleetError, load_fleet

VALID = """\
gitops:
  repo_url: https://git.example.com/ops/fleet.git
targets:
  - name: prod
    namespace: iko-prod
    secret: {name: work-prod}
    work:
      server: https://work-a.example.com:6443
"""


def refusal(tmp_path, text: str) -> str:
    path = tmp_path / "fleet.yaml"
    path.write_text(text)
    with pytest.raises(FleetError) as caught:
        load_fleet(str(path))
    return str(caught.value)


def test_a_valid_fleet_reads_with_its_defaults(tmp_path):
    (tmp_path / "fleet.yaml").write_text(VALID)
    fleet = load_fleet(str(tmp_path / "fleet.yaml"))
    (only,) = fleet.targets
    assert (only.release, only.secret_key, only.work_namespace, only.watch_namespaces) == (
        "prod",
        "config",
        "iko-prod",
        (),
    )
    assert (fleet.gitops.revision, fleet.gitops.path, fleet.gitops.argocd_namespace) == ("HEAD", ".", "argocd")


def test_an_unknown_key_is_refused_at_its_line(tmp_path):
    text = VALID.replace("    namespace: iko-prod\n", "    namespace: iko-prod\n    colour: blue\n")
    assert refusal(tmp_path, text).startswith(f"{tmp_path / 'fleet.yaml'}:4:")
    assert "'colour' was unexpected" in refusal(tmp_path, text)


def test_a_missing_required_key_is_refused_at_its_entry(tmp_path):
    text = VALID.replace("    secret: {name: work-prod}\n", "")
    message = refusal(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'fleet.yaml'}:4:")
    assert "'secret' is a required property" in message


def test_a_work_address_that_is_not_https_is_refused_at_its_line(tmp_path):
    message = refusal(tmp_path, VALID.replace("https://work-a", "http://work-a"))
    assert message.startswith(f"{tmp_path / 'fleet.yaml'}:8:")
    assert "targets.0.work.server" in message


@pytest.mark.parametrize("name", ["../x", "a/b", "Prod", "-x", "x" * 54])
def test_a_target_name_that_is_no_dns_label_is_refused_at_its_line(tmp_path, name):
    message = refusal(tmp_path, VALID.replace("name: prod", f"name: {name!r}"))
    assert message.startswith(f"{tmp_path / 'fleet.yaml'}:4:")
    assert "targets.0.name" in message


def test_broken_yaml_is_refused_at_its_line_and_column(tmp_path):
    assert refusal(tmp_path, VALID + "  - name: [unclosed\n").startswith(f"{tmp_path / 'fleet.yaml'}:10:")


def test_two_targets_of_one_name_are_refused_at_the_second(tmp_path):
    path = write_fleet(tmp_path, [target("prod"), target("prod", server="https://other:6443")])
    with pytest.raises(FleetError, match="target name 'prod' is used twice") as caught:
        load_fleet(str(path))
    assert caught.value.location.line == line_of(path, "- name: prod", 2)


def test_two_targets_that_are_one_helm_release_are_refused_naming_both(tmp_path):
    second = target("test", server="https://other:6443", release="prod", namespace="iko-prod")
    path = write_fleet(tmp_path, [target("prod"), second])
    with pytest.raises(FleetError, match="targets 'prod' and 'test' are both release 'prod' in namespace 'iko-prod'"):
        load_fleet(str(path))


def test_the_work_address_compares_without_case_or_default_port(tmp_path):
    path = write_fleet(
        tmp_path, [target("a", server="https://Work.example.com"), target("b", server="https://work.example.com:443/")]
    )
    first, second = load_fleet(str(path)).targets
    assert first.server_key == second.server_key == "https://work.example.com:443"


def test_chart_paths_are_read_relative_to_the_fleet_file(tmp_path):
    path = write_fleet(tmp_path, three_targets(), chart={"path": "charts/iko", "overlay_dirs": ["mine"]})
    fleet = load_fleet(str(path))
    assert fleet.chart.path == str(tmp_path / "charts" / "iko")
    assert fleet.chart.overlay_dirs == (str(tmp_path / "mine"),)


def test_values_are_read_as_helm_reads_a_values_file(tmp_path):
    text = VALID + "    values:\n      a: yes\n      b: 0755\n      c: 5\n      d: 1.5\n      e: 2024-01-01\n"
    (tmp_path / "fleet.yaml").write_text(text)
    (only,) = load_fleet(str(tmp_path / "fleet.yaml")).targets
    assert only.values == {"a": True, "b": 493, "c": 5, "d": 1.5, "e": "2024-01-01"}
