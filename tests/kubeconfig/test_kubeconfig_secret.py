"""``chartgen kubeconfig secret``: the home-cluster Secret holding the work cluster's minified kubeconfig.

The Secret round-trips (its data decodes to the minified kubeconfig), carries only the current context's
credentials, is written 0600 and never printed unless ``-o -``; a kubeconfig the checks reject is refused with the
located findings. Every CLI run goes through :func:`cli`, which asserts no token or key reaches the terminal."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CliResult, run_cli
from test_kubeconfig_build import PKI, SERVER, TOKEN_CANARY, b64, leaks, write

from chartgen.kubeconfig import check_kubeconfig, load_kubeconfig
from chartgen.kubeconfig.build import KubeconfigBuildError, build_kubeconfig
from chartgen.kubeconfig.secret import default_secret_key, minify, secret_manifest
from chartgen.patch.overlay_spec import load_overlay

OTHER_TOKEN_CANARY = "other-context-canary-token-Hh4Ty"


def cli(*args: str, cwd: Path | None = None) -> CliResult:
    result = run_cli(*args, cwd=cwd)
    to_stdout = "-o" in args and args[args.index("-o") + 1] == "-"
    for leak in (*leaks(), OTHER_TOKEN_CANARY):
        assert leak not in result.stderr
        if not to_stdout:
            assert leak not in result.stdout
    return result


def two_context_kubeconfig() -> dict[str, Any]:
    """A usable current context ('work', token user) plus another context with its own credentials."""
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": "work", "cluster": {"server": SERVER, "certificate-authority-data": b64(PKI.ca)}},
            {"name": "lab", "cluster": {"server": "https://10.7.7.7:6443", "certificate-authority-data": b64(PKI.ca)}},
        ],
        "users": [
            {"name": "lab-admin", "user": {"token": OTHER_TOKEN_CANARY}},
            {
                "name": "operator",
                "user": {"client-certificate-data": b64(PKI.client), "client-key-data": b64(PKI.client_key)},
            },
        ],
        "contexts": [
            {"name": "lab", "context": {"cluster": "lab", "user": "lab-admin"}},
            {"name": "work", "context": {"cluster": "work", "user": "operator", "namespace": "iko"}},
        ],
        "current-context": "work",
        "preferences": {},
    }


MINIFIED = {
    "apiVersion": "v1",
    "kind": "Config",
    "clusters": [{"name": "work", "cluster": {"server": SERVER, "certificate-authority-data": b64(PKI.ca)}}],
    "users": [
        {
            "name": "operator",
            "user": {"client-certificate-data": b64(PKI.client), "client-key-data": b64(PKI.client_key)},
        }
    ],
    "contexts": [{"name": "work", "context": {"cluster": "work", "user": "operator", "namespace": "iko"}}],
    "current-context": "work",
    "preferences": {},
}


@pytest.fixture
def kubeconfig(tmp_path: Path) -> Path:
    return write(tmp_path / "work.kubeconfig", two_context_kubeconfig())


def secret_args(path: Path, *extra: str) -> list[str]:
    return ["kubeconfig", "secret", str(path), "--name", "work-kubeconfig", "-n", "iko", *extra]


def load_secret(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def decoded(secret: dict[str, Any], key: str = "config") -> dict[str, Any]:
    return yaml.safe_load(base64.b64decode(secret["data"][key]))


# --- the manifest --------------------------------------------------------------------------------------------------


def test_the_secret_round_trips_to_the_minified_kubeconfig(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    result = cli(*secret_args(kubeconfig, "-o", str(out)))
    assert result.exit_code == 0, result.stderr
    assert decoded(load_secret(out)) == MINIFIED


def test_minify_keeps_only_the_current_context_its_cluster_and_user(kubeconfig):
    assert minify(load_kubeconfig(kubeconfig)) == MINIFIED


def test_other_contexts_credentials_do_not_reach_the_secret(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    data = base64.b64decode(load_secret(out)["data"]["config"]).decode()
    assert OTHER_TOKEN_CANARY not in data and "10.7.7.7" not in data


def test_the_manifest_is_an_opaque_secret_with_name_namespace_and_key(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    secret = load_secret(out)
    assert {k: v for k, v in secret.items() if k != "data"} == {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "work-kubeconfig", "namespace": "iko"},
        "type": "Opaque",
    }
    assert list(secret["data"]) == ["config"]


def test_the_manifest_header_says_it_is_for_the_home_cluster(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    header = out.read_text().split("apiVersion:", 1)[0]
    assert header.startswith("# For the HOME cluster") and "NOT the work cluster" in header


def test_the_default_key_is_the_remote_target_overlays_default_secret_key():
    assert default_secret_key() == load_overlay("remote-target").parameters["secretKey"]["default"] == "config"


def test_key_option_names_the_data_key(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "--key", "work.conf", "-o", str(out)))
    assert decoded(load_secret(out), "work.conf") == MINIFIED


def test_a_built_kubeconfig_round_trips_through_the_secret(tmp_path):
    built = build_kubeconfig(SERVER, PKI.ca, TOKEN_CANARY, namespace="iko")
    path = write(tmp_path / "built.kubeconfig", built.text)
    manifest = secret_manifest(load_kubeconfig(path), "work-kubeconfig", "iko", "config")
    assert yaml.safe_load(base64.b64decode(yaml.safe_load(manifest.text)["data"]["config"])) == yaml.safe_load(
        built.text
    )


def test_the_minified_kubeconfig_still_passes_the_checks(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    inner = write(tmp_path / "inner.kubeconfig", base64.b64decode(load_secret(out)["data"]["config"]))
    assert check_kubeconfig(inner) == []


@pytest.mark.parametrize(("name", "namespace"), [("123", "true"), ("yes", "no"), ("null", "on")])
def test_names_yaml_would_misread_stay_strings(tmp_path, kubeconfig, name, namespace):
    out = tmp_path / "secret.yaml"
    cli("kubeconfig", "secret", str(kubeconfig), "--name", name, "-n", namespace, "-o", str(out))
    assert load_secret(out)["metadata"] == {"name": name, "namespace": namespace}


# --- where it goes -------------------------------------------------------------------------------------------------


def test_the_file_is_written_with_mode_0600(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_the_default_output_is_work_kubeconfig_secret_yaml(tmp_path, kubeconfig):
    result = cli(*secret_args(kubeconfig), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "work-kubeconfig-secret.yaml").is_file()
    assert "HOME cluster" in result.stdout


def test_an_existing_output_is_not_overwritten_without_force(tmp_path, kubeconfig):
    out = write(tmp_path / "secret.yaml", "keep\n")
    result = cli(*secret_args(kubeconfig, "-o", str(out)))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text() == "keep\n"


def test_force_replaces_an_existing_output(tmp_path, kubeconfig):
    out = write(tmp_path / "secret.yaml", "old\n")
    assert cli(*secret_args(kubeconfig, "-o", str(out), "--force")).exit_code == 0
    assert load_secret(out)["kind"] == "Secret"


def test_dash_output_prints_the_manifest_and_writes_no_file(tmp_path, kubeconfig):
    result = cli(*secret_args(kubeconfig, "-o", "-"), cwd=tmp_path)
    assert result.exit_code == 0
    assert decoded(yaml.safe_load(result.stdout)) == MINIFIED
    assert not (tmp_path / "work-kubeconfig-secret.yaml").exists()


# --- refusals --------------------------------------------------------------------------------------------------------


def test_a_kubeconfig_failing_the_checks_is_refused_with_its_located_findings(tmp_path):
    config = two_context_kubeconfig()
    config["clusters"][0]["cluster"]["server"] = "https://127.0.0.1:6443"
    path = write(tmp_path / "loop.kubeconfig", config)
    out = tmp_path / "secret.yaml"
    result = cli(*secret_args(path, "-o", str(out)))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:") and "CG-KUBECONFIG-003" in lines[0]
    assert lines[-1].startswith("chartgen: error: ") and "--allow-check-errors" in lines[-1]
    assert not out.exists()


def loopback_kubeconfig(folder: Path) -> Path:
    """A kubeconfig that fails the checks: its server is a loopback address."""
    config = two_context_kubeconfig()
    config["clusters"][0]["cluster"]["server"] = "https://127.0.0.1:6443"
    return write(folder / "loop.kubeconfig", config)


def test_allow_check_errors_writes_despite_check_errors(tmp_path):
    path = loopback_kubeconfig(tmp_path)
    out = tmp_path / "secret.yaml"
    result = cli(*secret_args(path, "-o", str(out), "--allow-check-errors"))
    assert result.exit_code == 0
    assert "CG-KUBECONFIG-003" in result.stderr
    assert decoded(load_secret(out))["clusters"][0]["cluster"]["server"] == "https://127.0.0.1:6443"


def test_force_alone_does_not_override_check_errors(tmp_path):
    path = loopback_kubeconfig(tmp_path)
    out = tmp_path / "secret.yaml"
    result = cli(*secret_args(path, "-o", str(out), "--force"))
    assert result.exit_code == 2 and "--allow-check-errors" in result.stderr
    assert not out.exists()


def test_allow_check_errors_alone_does_not_overwrite(tmp_path, kubeconfig):
    out = write(tmp_path / "secret.yaml", "keep\n")
    result = cli(*secret_args(kubeconfig, "-o", str(out), "--allow-check-errors"))
    assert result.exit_code == 2 and "use --force" in result.stderr
    assert out.read_text() == "keep\n"


def _bad(tmp: Path) -> dict[str, tuple[list[str], str]]:
    no_current = two_context_kubeconfig()
    del no_current["current-context"]
    dangling = two_context_kubeconfig()
    dangling["current-context"] = "gone"
    missing_user = two_context_kubeconfig()
    missing_user["contexts"][1]["context"]["user"] = "ghost"
    secret = {"apiVersion": "v1", "kind": "Secret", "data": {"config": "eA=="}}
    good = write(tmp / "good.kubeconfig", two_context_kubeconfig())
    return {
        "no current context": ([str(write(tmp / "a", no_current)), "--name", "s", "-n", "iko"], "no current-context"),
        "unknown current context": ([str(write(tmp / "b", dangling)), "--name", "s", "-n", "iko"], "'gone'"),
        "missing user": ([str(write(tmp / "c", missing_user)), "--name", "s", "-n", "iko"], "'ghost'"),
        "a Secret instead of a kubeconfig": ([str(write(tmp / "d", secret)), "--name", "s", "-n", "iko"], "Secret"),
        "missing file": ([str(tmp / "nope"), "--name", "s", "-n", "iko"], "no such file"),
        "bad Secret name": ([str(good), "--name", "Work_Kubeconfig", "-n", "iko"], "--name"),
        "bad namespace": ([str(good), "--name", "s", "-n", "IKO"], "--namespace"),
        "bad key": ([str(good), "--name", "s", "-n", "iko", "--key", "a/b"], "--key"),
    }


BAD_NAMES = [
    "no current context",
    "unknown current context",
    "missing user",
    "a Secret instead of a kubeconfig",
    "missing file",
    "bad Secret name",
    "bad namespace",
    "bad key",
]


@pytest.mark.parametrize("case", BAD_NAMES)
def test_a_bad_input_is_refused_with_one_line_and_exit_2(tmp_path, case):
    args, phrase = _bad(tmp_path)[case]
    out = tmp_path / "secret.yaml"
    result = cli("kubeconfig", "secret", *args, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert phrase in result.stderr
    assert not out.exists()


def test_every_bad_input_case_is_in_the_table(tmp_path):
    assert sorted(_bad(tmp_path)) == sorted(BAD_NAMES)


def test_library_errors_never_quote_credentials(tmp_path):
    config = two_context_kubeconfig()
    config["current-context"] = "lab"
    config["contexts"][0]["context"]["user"] = "nobody"
    doc = load_kubeconfig(write(tmp_path / "k", config))
    with pytest.raises(KubeconfigBuildError) as caught:
        secret_manifest(doc, "s", "iko", "config")
    assert OTHER_TOKEN_CANARY not in str(caught.value)


def test_a_custom_key_is_named_in_the_headers_patch_command(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "--key", "work.conf", "-o", str(out)))
    assert "chartgen patch --remote-secret work-kubeconfig --secret-key work.conf" in out.read_text()


def test_the_default_key_needs_no_secret_key_option_in_the_header(tmp_path, kubeconfig):
    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    assert "`chartgen patch --remote-secret work-kubeconfig` mounts" in out.read_text()


def test_the_manifest_validates_against_the_kubernetes_secret_schema(tmp_path, kubeconfig):
    # The same strict schemas lint's manifest rules use.
    from chartgen.lint.rules import manifests

    out = tmp_path / "secret.yaml"
    cli(*secret_args(kubeconfig, "-o", str(out)))
    validator = manifests._schemas(manifests.nearest_bundled(manifests.default_minor())).validator("v1", "Secret")
    assert [error.message for error in validator.iter_errors(load_secret(out))] == []
