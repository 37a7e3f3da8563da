"""The http-proxy overlay: the operator's proxy variables, alone and composed with remote-target, judged by both
real helms, by chartgen's renderer and lint, and by the overlay's invariants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from http_proxy_kit import (
    CREDENTIALS,
    PROXY,
    WORK_KUBECONFIG,
    patch_with_proxy,
    proxy_alone,
    proxy_with_remote_target,
)

from chartgen.lint.runner import LintOptions, run_lint

HOME_ENTRIES = "$(KUBERNETES_SERVICE_HOST),.svc,.cluster.local"
OFF = ["--set", "httpProxy.enabled=false"]


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Path:
    return proxy_alone(tmp_path_factory)


@pytest.fixture(scope="module")
def composed(tmp_path_factory) -> Path:
    return proxy_with_remote_target(tmp_path_factory)


def _env(docs: list[dict]) -> list[dict]:
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    (operator,) = [c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == "operator"]
    return operator.get("env", [])


def _value(env: list[dict], name: str) -> str | None:
    found = [e for e in env if e["name"] == name]
    return found[-1].get("value") if found else None


def test_both_helms_lint_the_overlay_alone_in_each_profile(helm, alone):
    helm.lint(alone)
    helm.lint(alone, *CREDENTIALS)
    helm.lint(alone, *OFF)


def test_both_helms_lint_it_composed_with_remote_target(helm, composed):
    helm.lint(composed)
    helm.lint(composed, *CREDENTIALS)


def test_the_operator_gets_the_proxy_and_keeps_the_home_api_off_it(helm, alone):
    env = _env(helm.template(alone))
    assert _value(env, "HTTPS_PROXY") == PROXY
    assert _value(env, "NO_PROXY") == HOME_ENTRIES
    assert _value(env, "HTTP_PROXY") is None  # no plain-http proxy given


def test_composed_the_proxy_variables_sit_beside_the_kubeconfig(helm, composed):
    env = _env(helm.template(composed))
    assert _value(env, "KUBECONFIG") == "/airgap/.kube/config"
    assert _value(env, "HTTPS_PROXY") == PROXY and _value(env, "NO_PROXY") == HOME_ENTRIES


def test_the_order_of_the_two_overlays_does_not_matter(tmp_path, helm):
    out = patch_with_proxy(
        tmp_path / "out", "--overlay", "http-proxy", "--overlay", "remote-target", "--remote-secret", "work-kubeconfig"
    )
    env = _env(helm.template(out))
    assert _value(env, "KUBECONFIG") and _value(env, "HTTPS_PROXY") == PROXY


def test_credentials_come_from_the_secret_and_are_expanded_by_the_kubelet(helm, alone):
    env = _env(helm.template(alone, *CREDENTIALS))
    names = [e["name"] for e in env]
    # $(NAME) expands only from variables defined above it.
    assert names.index("CHARTGEN_PROXY_PASSWORD") < names.index("HTTPS_PROXY")
    (password,) = [e for e in env if e["name"] == "CHARTGEN_PROXY_PASSWORD"]
    assert password["valueFrom"] == {"secretKeyRef": {"name": "proxy-credentials", "key": "password"}}
    userinfo = "$(CHARTGEN_PROXY_USERNAME):$(CHARTGEN_PROXY_PASSWORD)@"
    assert _value(env, "HTTPS_PROXY") == f"http://{userinfo}proxy.corp.example:3128"
    assert _value(env, "HTTP_PROXY") == f"http://{userinfo}plain.corp.example:8080"
    assert _value(env, "NO_PROXY") == HOME_ENTRIES + ",10.0.0.0/8,.corp.example"


def test_the_cluster_domain_is_taken_from_values(helm, alone):
    env = _env(helm.template(alone, "--set", "httpProxy.clusterDomain=home.internal"))
    assert _value(env, "NO_PROXY") == "$(KUBERNETES_SERVICE_HOST),.svc,.home.internal"


def test_switched_off_no_proxy_variable_is_set(helm, alone):
    assert not {"HTTPS_PROXY", "NO_PROXY"} & {e["name"] for e in _env(helm.template(alone, *OFF))}


@pytest.mark.parametrize(
    "setting",
    [
        "httpProxy.httpsProxy=http://user:secret@proxy:3128",  # credentials belong in the Secret
        "httpProxy.httpsProxy=socks5://proxy:1080",
        "httpProxy.httpsProxy=proxy:3128",
        "httpProxy.noProxy={a,b c}",
        "httpProxy.noProxy={$(HOME)}",
        "httpProxy.clusterDomain=Cluster.Local",
    ],
)
def test_both_helms_refuse_values_the_schema_forbids(helm, alone, setting):
    done = helm.run("lint", str(alone), "--set", setting, check=False)
    assert done.returncode != 0 and "httpProxy" in done.stdout + done.stderr


def test_chartgen_renders_what_helm_renders(helm, composed):
    from conftest import run_cli

    for args in ([], CREDENTIALS, OFF):
        compat = ["--helm-compat", str(helm.major)]
        done = run_cli("render", str(composed), "--release-name", "intersystems", *compat, *args)
        assert done.exit_code == 0, done.stderr
        ours = [d for d in yaml.safe_load_all(done.stdout) if d]
        assert _env(ours) == _env(helm.template(composed, *args))


def test_chartgen_lint_finds_no_error_or_warning(alone, composed):
    for chart in (alone, composed):
        for values in ([], ["httpProxy.credentials.secretName=proxy-credentials"]):
            report = run_lint(LintOptions(chart=chart, set_values=values))
            assert not [f for f in report.findings if f.severity.label in ("error", "warning")]


def _proxy_findings(chart: Path, tmp_path: Path, *set_values: str) -> list:
    (tmp_path / "work.kubeconfig").write_text(WORK_KUBECONFIG)
    options = LintOptions(chart=chart, set_values=list(set_values), kubeconfig=tmp_path / "work.kubeconfig")
    return [f for f in run_lint(options).findings if f.rule_id.startswith("CG-PROXY-")]


def test_lint_with_the_kubeconfig_accepts_no_proxy_entries_that_miss_the_work_api(composed, tmp_path):
    assert _proxy_findings(composed, tmp_path, "httpProxy.noProxy={10.0.0.0/8,.corp.example}") == []


@pytest.mark.parametrize("entry", [".example.com", "api.work.example.com", "*"])
def test_a_no_proxy_entry_excluding_the_work_api_is_caught_at_the_template_line(composed, tmp_path, entry):
    (finding,) = _proxy_findings(composed, tmp_path, f"httpProxy.noProxy={{{entry}}}")
    assert finding.rule_id == "CG-PROXY-002"
    assert f"NO_PROXY entry {entry!r} sends the work cluster's API server 'api.work.example.com'" in finding.message
    lines = (composed / "templates/deployment.yaml").read_text().split("\n")
    assert 'include "chartgen.httpProxy.noProxy"' in lines[finding.location.line - 1]


def test_a_hand_edit_dropping_https_proxy_is_caught(composed, tmp_path):
    chart = Path(shutil.copytree(composed, tmp_path / "chart"))
    deployment = chart / "templates/deployment.yaml"
    text = deployment.read_text()
    assert text.count("- name: HTTPS_PROXY") == 1
    deployment.write_text(text.replace("- name: HTTPS_PROXY", "- name: HTTPS_PROXY_UNUSED"))
    (finding,) = _proxy_findings(chart, tmp_path)
    assert finding.rule_id == "CG-PROXY-001" and "sets no HTTPS_PROXY variable" in finding.message


def test_the_invariants_hold_only_while_the_proxy_is_on(composed, tmp_path):
    assert _proxy_findings(composed, tmp_path, "httpProxy.enabled=false", "httpProxy.noProxy={*}") == []


def test_the_https_proxy_option_is_required(tmp_path):
    from conftest import run_cli

    done = run_cli("patch", "--overlay", "http-proxy", "-o", str(tmp_path / "out"))
    assert done.exit_code == 2 and "the http-proxy overlay needs --https-proxy URL" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_proxy_url_with_credentials_is_refused_before_anything_is_written(tmp_path):
    from conftest import run_cli

    url = "http://user:s3cr@t-pw@proxy:3128"
    done = run_cli("patch", "--overlay", "http-proxy", "--https-proxy", url, "-o", str(tmp_path / "o"))
    assert done.exit_code == 2 and "invalid httpsProxy 'http://<redacted>@proxy:3128'" in done.stderr
    assert "s3cr" not in done.stderr and "t-pw" not in done.stderr
    assert not (tmp_path / "o").exists()


def test_a_values_file_with_proxy_credentials_is_refused_without_echoing_them(tmp_path):
    from conftest import run_cli

    (tmp_path / "v.yaml").write_text("httpProxy:\n  httpsProxy: http://user:s3cret-pw@proxy:3128\n")
    args = ["--https-proxy", PROXY, "-f", str(tmp_path / "v.yaml"), "-o", str(tmp_path / "o")]
    done = run_cli("patch", "--overlay", "http-proxy", *args)
    assert done.exit_code == 2 and "v.yaml:2:" in done.stderr and "httpProxy.httpsProxy" in done.stderr
    assert "s3cret" not in done.stderr


def test_a_chart_that_already_sets_a_proxy_is_refused(tmp_path, base_chart):
    from conftest import run_cli

    chart = Path(shutil.copytree(base_chart, tmp_path / "chart"))
    deployment = chart / "templates/deployment.yaml"
    text = deployment.read_text()
    deployment.write_text(
        text.replace("        env:\n", "        env:\n        - name: HTTPS_PROXY\n          value: x\n", 1)
    )
    done = run_cli(
        "patch", "--chart", str(chart), "--overlay", "http-proxy", "--https-proxy", PROXY, "-o", str(tmp_path / "o")
    )
    assert done.exit_code == 2 and "HTTPS_PROXY" in done.stderr


def test_emitted_snapshot_tests_run_through_both_overlays_profiles(tmp_path):
    import subprocess
    import sys
    from importlib.metadata import entry_points

    from conftest import run_cli

    from chartgen.snapshot.profiles import load_profiles

    args = ["--overlay", "remote-target", "--overlay", "http-proxy", "--remote-secret", "work-kubeconfig"]
    done = run_cli("patch", "--https-proxy", PROXY, *args, "--emit-tests", "tests/", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    (profiles,) = (tmp_path / "tests").glob("*.profiles.yaml")
    assert {"remote-target-off", "http-proxy-off", "proxy-credentials", "custom-cluster-domain"} <= set(
        load_profiles(profiles)
    )
    # Named explicitly only for a checkout where the pytest11 entry point is not installed.
    registered = any(ep.value == "chartgen.snapshot.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if registered else ["-p", "chartgen.snapshot.pytest_plugin"]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin]
    recorded = subprocess.run([*command, "tests", "--snapshot-update"], cwd=tmp_path, capture_output=True, text=True)
    assert recorded.returncode == 0, recorded.stdout
    checked = subprocess.run([*command, "tests"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    snapshot = next((tmp_path / "tests" / "__snapshots__").rglob("*proxy-credentials*"))
    assert "$(CHARTGEN_PROXY_PASSWORD)@proxy.example:3128" in snapshot.read_text()


@pytest.mark.parametrize("credentials", [True, False])
def test_the_next_steps_create_the_credentials_secret_only_when_one_is_named(tmp_path, credentials):
    from conftest import run_cli

    named = ["--proxy-credentials", "proxy-creds"] if credentials else []
    args = ["--overlay", "http-proxy", "--https-proxy", PROXY, *named, "-n", "iko", "-o", str(tmp_path / "out")]
    done = run_cli("patch", *args)
    assert done.exit_code == 0, done.stderr
    assert ("--namespace iko create secret generic proxy-creds" in done.stdout) is credentials
    assert f"chartgen lint {tmp_path / 'out'} --kubeconfig work.kubeconfig" in done.stdout
