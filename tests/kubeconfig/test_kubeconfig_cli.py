"""``chartgen kubeconfig check``: the standalone offline check of a work-cluster kubeconfig."""

from __future__ import annotations

import json

from conftest import run_cli
from test_kubeconfig_checks import SIGNATURE_CANARY, SUBJECT_CANARY, make_jwt, pki, token_kubeconfig, write  # noqa: F401


def test_a_good_kubeconfig_exits_zero(tmp_path, pki):  # noqa: F811
    result = run_cli("kubeconfig", "check", str(write(tmp_path, token_kubeconfig(pki))))
    assert result.exit_code == 0, result.stdout


def test_a_loopback_server_fails_with_a_located_finding(tmp_path, pki):  # noqa: F811
    config = token_kubeconfig(pki)
    config["clusters"][0]["cluster"]["server"] = "https://127.0.0.1:6443"
    path = write(tmp_path, config)
    result = run_cli("kubeconfig", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout and "CG-KUBECONFIG-003" in result.stdout


def test_json_output_names_fields_never_token_values(tmp_path, pki):  # noqa: F811
    path = write(tmp_path, token_kubeconfig(pki, token=make_jwt(exp=1.0)))
    result = run_cli("kubeconfig", "check", str(path), "--format", "json")
    report = json.loads(result.stdout)
    assert [f["ruleId"] for f in report["findings"]] == ["CG-KUBECONFIG-008"]
    for canary in (SIGNATURE_CANARY, SUBJECT_CANARY):
        assert canary not in result.stdout and canary not in result.stderr


def test_a_missing_file_is_bad_input(tmp_path):
    result = run_cli("kubeconfig", "check", str(tmp_path / "missing.kubeconfig"))
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ")
