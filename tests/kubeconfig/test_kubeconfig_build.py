"""``chartgen kubeconfig build``: a minimal kubeconfig for the operator's identity at work, from a CA and a token.

What it writes passes ``chartgen kubeconfig check`` with no findings; bad inputs get one line on stderr and exit 2;
and no output ever carries the token or key material (every CLI run here goes through :func:`cli`, which asserts
that, unless ``-o -`` asked for the kubeconfig on stdout)."""

from __future__ import annotations

import base64
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CliResult, run_cli
from test_kubeconfig_checks import Pki, make_jwt

from chartgen.kubeconfig import check_kubeconfig
from chartgen.kubeconfig.build import KubeconfigBuildError, build_kubeconfig, check_token

# Distinctive secret material: it may appear in written files, never in anything printed.
TOKEN_CANARY = "tok-canary-build-Qx7Zr2Lm9Vw4"
ADMIN_TOKEN_CANARY = "admin-canary-token-Jd83kPq0"
SERVER = "https://work-control-plane:6443"
YEAR = 365 * 24 * 60 * 60


# One set of real certificates for the module; its client key is secret material too.
PKI = Pki()


@pytest.fixture
def pki() -> Pki:
    return PKI


def leaks() -> tuple[str, ...]:
    """Strings whose appearance in printed output would be a leak: the tokens and the private key."""
    key_lines = PKI.client_key.decode().splitlines()[1:-1]
    return (TOKEN_CANARY, ADMIN_TOKEN_CANARY, *key_lines, base64.b64encode(PKI.client_key).decode()[:40])


def cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run chartgen and assert that nothing it printed holds a token or a key (unless -o - asked for the file)."""
    result = run_cli(*args, cwd=cwd)
    to_stdout = "-o" in args and args[args.index("-o") + 1] == "-"
    for leak in leaks():
        assert leak not in result.stderr
        if not to_stdout:
            assert leak not in result.stdout
    return result


# --- input files ---------------------------------------------------------------------------------------------------


def b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def write(path: Path, data: bytes | str | dict[str, Any]) -> Path:
    if isinstance(data, dict):
        data = yaml.safe_dump(data, sort_keys=False)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def token_secret(token: str | None = TOKEN_CANARY, ca: bytes | None = None) -> dict[str, Any]:
    """A service-account-token Secret as `kubectl get secret NAME -o yaml` prints it."""
    data: dict[str, str] = {"namespace": b64("iko")}
    if token is not None:
        data["token"] = b64(token)
    if ca is not None:
        data["ca.crt"] = b64(ca)
    return {
        "apiVersion": "v1",
        "data": data,
        "kind": "Secret",
        "metadata": {
            "annotations": {"kubernetes.io/service-account.name": "iko-operator"},
            "name": "iko-operator-token",
            "namespace": "iko",
            "resourceVersion": "1234",
            "uid": "0b7c2f7e-0000-4000-8000-000000000000",
        },
        "type": "kubernetes.io/service-account-token",
    }


def admin_kubeconfig(pki: Pki, server: str = "https://127.0.0.1:41234", current: str | None = "kind-work") -> dict:
    """What `kind get kubeconfig --name work` writes: a loopback server and cluster-admin client credentials."""
    config: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": "kind-work", "cluster": {"server": server, "certificate-authority-data": b64(pki.ca)}},
            {"name": "other", "cluster": {"server": "https://10.9.9.9:6443", "certificate-authority-data": "eA=="}},
        ],
        "users": [
            {
                "name": "kind-work",
                "user": {"client-certificate-data": b64(pki.client), "client-key-data": b64(pki.client_key)},
            },
            {"name": "other", "user": {"token": ADMIN_TOKEN_CANARY}},
        ],
        "contexts": [
            {"name": "kind-work", "context": {"cluster": "kind-work", "user": "kind-work"}},
            {"name": "other", "context": {"cluster": "other", "user": "other"}},
        ],
    }
    if current is not None:
        config["current-context"] = current
    return config


@pytest.fixture
def files(tmp_path: Path, pki: Pki) -> dict[str, Path]:
    return {
        "ca": write(tmp_path / "ca.crt", pki.ca),
        "token": write(tmp_path / "token", TOKEN_CANARY + "\n"),
        "secret": write(tmp_path / "token-secret.yaml", token_secret()),
        "admin": write(tmp_path / "admin.kubeconfig", admin_kubeconfig(pki)),
    }


def read_config(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


# --- what is built -------------------------------------------------------------------------------------------------


def test_built_from_ca_and_token_files_passes_the_checks_with_no_findings(tmp_path, files):
    out = tmp_path / "work.kubeconfig"
    result = cli(
        "kubeconfig", "build", "--server", SERVER, "--ca-file", str(files["ca"]), "--token-file", str(files["token"]),
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert check_kubeconfig(out) == []


def test_built_from_admin_kubeconfig_and_token_secret_passes_the_checks_with_no_findings(tmp_path, files):
    out = tmp_path / "work.kubeconfig"
    result = cli(
        "kubeconfig", "build", "--from-kubeconfig", str(files["admin"]), "--token-secret", str(files["secret"]),
        "--server", SERVER, "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert check_kubeconfig(out) == []


def test_the_kubeconfig_has_one_cluster_user_and_context_with_embedded_ca_and_inline_token(tmp_path, files, pki):
    out = tmp_path / "work.kubeconfig"
    cli(
        "kubeconfig", "build", "--server", SERVER, "--ca-file", str(files["ca"]), "--token-file", str(files["token"]),
        "--name", "ikowork", "--namespace", "iko", "-o", str(out),
    )  # fmt: skip
    assert read_config(out) == {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "ikowork", "cluster": {"server": SERVER, "certificate-authority-data": b64(pki.ca)}}],
        "users": [{"name": "ikowork", "user": {"token": TOKEN_CANARY}}],
        "contexts": [{"name": "ikowork", "context": {"cluster": "ikowork", "user": "ikowork", "namespace": "iko"}}],
        "current-context": "ikowork",
        "preferences": {},
    }


def test_from_kubeconfig_takes_server_and_ca_but_never_the_admin_credentials(tmp_path, pki):
    admin = write(tmp_path / "admin.kubeconfig", admin_kubeconfig(pki, server="https://10.1.2.3:6443"))
    secret = write(tmp_path / "s.yaml", token_secret())
    out = tmp_path / "work.kubeconfig"
    assert cli("kubeconfig", "build", "--from-kubeconfig", str(admin), "--token-secret", str(secret), "-o", str(out))
    config = read_config(out)
    assert config["clusters"][0]["cluster"] == {
        "server": "https://10.1.2.3:6443",
        "certificate-authority-data": b64(pki.ca),
    }
    assert config["users"] == [{"name": "work", "user": {"token": TOKEN_CANARY}}]
    text = out.read_text()
    assert b64(pki.client_key) not in text and b64(pki.client) not in text and ADMIN_TOKEN_CANARY not in text


def test_server_option_overrides_the_admin_kubeconfig_server(tmp_path, files):
    out = tmp_path / "work.kubeconfig"
    cli(
        "kubeconfig", "build", "--from-kubeconfig", str(files["admin"]), "--token-file", str(files["token"]),
        "--server", SERVER, "-o", str(out),
    )  # fmt: skip
    assert read_config(out)["clusters"][0]["cluster"]["server"] == SERVER


def test_context_option_picks_that_contexts_cluster(tmp_path, pki):
    config = admin_kubeconfig(pki)
    config["clusters"][1]["cluster"] = {"server": "https://10.9.9.9:6443", "certificate-authority-data": b64(pki.ca)}
    admin = write(tmp_path / "admin.kubeconfig", config)
    token = write(tmp_path / "token", TOKEN_CANARY)
    out = tmp_path / "work.kubeconfig"
    result = cli(
        "kubeconfig", "build", "--from-kubeconfig", str(admin), "--context", "other", "--token-file", str(token),
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert read_config(out)["clusters"][0]["cluster"]["server"] == "https://10.9.9.9:6443"


def test_a_relative_certificate_authority_path_in_the_admin_kubeconfig_is_read_next_to_it(tmp_path, pki):
    (tmp_path / "pki").mkdir()
    write(tmp_path / "pki" / "ca.crt", pki.ca)
    config = admin_kubeconfig(pki, server="https://10.1.2.3:6443")
    config["clusters"][0]["cluster"] = {"server": "https://10.1.2.3:6443", "certificate-authority": "pki/ca.crt"}
    admin = write(tmp_path / "admin.kubeconfig", config)
    out = tmp_path / "work.kubeconfig"
    token = write(tmp_path / "token", TOKEN_CANARY)
    assert cli("kubeconfig", "build", "--from-kubeconfig", str(admin), "--token-file", str(token), "-o", str(out))
    assert read_config(out)["clusters"][0]["cluster"]["certificate-authority-data"] == b64(pki.ca)


def test_the_token_secrets_ca_crt_is_the_ca_when_no_other_is_given(tmp_path, pki):
    secret = write(tmp_path / "s.yaml", token_secret(ca=pki.ca))
    out = tmp_path / "work.kubeconfig"
    result = cli("kubeconfig", "build", "--server", SERVER, "--token-secret", str(secret), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert read_config(out)["clusters"][0]["cluster"]["certificate-authority-data"] == b64(pki.ca)
    assert check_kubeconfig(out) == []


def test_a_token_secret_exported_as_json_is_read(tmp_path, files):
    import json

    secret = write(tmp_path / "s.json", json.dumps(token_secret()))
    out = tmp_path / "work.kubeconfig"
    result = cli(
        "kubeconfig", "build", "--server", SERVER, "--ca-file", str(files["ca"]), "--token-secret", str(secret),
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert read_config(out)["users"][0]["user"]["token"] == TOKEN_CANARY


def test_text_around_the_pem_block_is_not_embedded(tmp_path, files, pki):
    ca = write(tmp_path / "ca-with-text.crt", b"Certificate:\n    Data: (openssl x509 -text)\n" + pki.ca)
    out = tmp_path / "work.kubeconfig"
    cli(
        "kubeconfig", "build", "--server", SERVER, "--ca-file", str(ca), "--token-file", str(files["token"]),
        "-o", str(out),
    )  # fmt: skip
    assert read_config(out)["clusters"][0]["cluster"]["certificate-authority-data"] == b64(pki.ca)


# --- where it goes -------------------------------------------------------------------------------------------------


def build_args(files: dict[str, Path]) -> list[str]:
    return [
        "kubeconfig",
        "build",
        "--server",
        SERVER,
        "--ca-file",
        str(files["ca"]),
        "--token-file",
        str(files["token"]),
    ]


def test_the_file_is_written_with_mode_0600(tmp_path, files):
    out = tmp_path / "work.kubeconfig"
    cli(*build_args(files), "-o", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_the_default_output_is_work_kubeconfig_and_nothing_secret_is_printed(tmp_path, files):
    result = cli(*build_args(files), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "work.kubeconfig").is_file()
    assert "Wrote work.kubeconfig" in result.stdout


def test_an_existing_output_is_not_overwritten_without_force(tmp_path, files):
    out = write(tmp_path / "work.kubeconfig", "keep me\n")
    result = cli(*build_args(files), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ") and "--force" in result.stderr
    assert out.read_text() == "keep me\n"


def test_force_replaces_an_existing_output(tmp_path, files):
    out = write(tmp_path / "work.kubeconfig", "old\n")
    assert cli(*build_args(files), "-o", str(out), "--force").exit_code == 0
    assert read_config(out)["current-context"] == "work"


def test_dash_output_prints_the_kubeconfig_and_writes_no_file(tmp_path, files):
    result = cli(*build_args(files), "-o", "-", cwd=tmp_path)
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["users"][0]["user"]["token"] == TOKEN_CANARY
    assert not (tmp_path / "work.kubeconfig").exists()


def test_a_jwt_expiring_within_a_day_is_written_with_a_warning(tmp_path, files):
    token = write(tmp_path / "jwt", make_jwt(time.time() + 3600))
    out = tmp_path / "work.kubeconfig"
    result = cli(
        "kubeconfig", "build", "--server", SERVER, "--ca-file", str(files["ca"]), "--token-file", str(token),
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.startswith("chartgen: warning: ") and "expires within a day" in result.stderr
    assert out.is_file()


# --- refusals --------------------------------------------------------------------------------------------------------


def _bad_inputs(tmp: Path, pki: Pki) -> dict[str, tuple[list[str], str]]:
    """name -> (arguments, a phrase the one-line error must hold)."""
    ca, token = str(write(tmp / "ca.crt", pki.ca)), str(write(tmp / "token", TOKEN_CANARY))
    der = pki.ca.split(b"\n", 1)[1].rsplit(b"-----END", 1)[0]
    keyed = write(tmp / "keyed.pem", pki.ca + pki.client_key)
    no_current = write(tmp / "nocurrent.kubeconfig", admin_kubeconfig(pki, current=None))
    admin = write(tmp / "admin.kubeconfig", admin_kubeconfig(pki))
    files_ = {
        "text-ca": write(tmp / "text.crt", "this is not a certificate\n"),
        "der-ca": write(tmp / "der.crt", base64.b64decode(der)),
        "empty-token": write(tmp / "empty", "\n\n"),
        "spaced-token": write(tmp / "spaced", f"{TOKEN_CANARY} {TOKEN_CANARY}\n"),
        "unprintable-token": write(tmp / "ctrl", f"{TOKEN_CANARY}\x07\n"),
        "no-token-secret": write(tmp / "pending.yaml", token_secret(token=None)),
        "not-a-secret": write(tmp / "cm.yaml", {"apiVersion": "v1", "kind": "ConfigMap", "data": {"token": "eA=="}}),
        "secret-bad-token": write(tmp / "badtok.yaml", token_secret(token=f"has space {TOKEN_CANARY}")),
    }
    server = ["--server", SERVER]
    return {
        "CA file that is not PEM": ([*server, "--ca-file", str(files_["text-ca"]), "--token-file", token], "not a PEM certificate"),
        "CA file in DER": ([*server, "--ca-file", str(files_["der-ca"]), "--token-file", token], "DER"),
        "CA file holding a private key": ([*server, "--ca-file", str(keyed), "--token-file", token], "private key"),
        "empty token": ([*server, "--ca-file", ca, "--token-file", str(files_["empty-token"])], "is empty"),
        "whitespace inside token": ([*server, "--ca-file", ca, "--token-file", str(files_["spaced-token"])], "whitespace"),
        "unprintable token": ([*server, "--ca-file", ca, "--token-file", str(files_["unprintable-token"])], "unprintable"),
        "Secret without data.token": ([*server, "--ca-file", ca, "--token-secret", str(files_["no-token-secret"])], "no data.token"),
        "not a Secret": ([*server, "--ca-file", ca, "--token-secret", str(files_["not-a-secret"])], "not a Secret manifest"),
        "Secret token with whitespace": ([*server, "--ca-file", ca, "--token-secret", str(files_["secret-bad-token"])], "whitespace"),
        "admin kubeconfig without current context": (["--from-kubeconfig", str(no_current), "--token-file", token], "no current-context"),
        "unknown context": (["--from-kubeconfig", str(admin), "--context", "nope", "--token-file", token], "'nope' is not a context"),
        "loopback server from kind": (["--from-kubeconfig", str(admin), "--token-file", token], "--server"),
        "plain http server": (["--server", "http://10.0.0.1:8080", "--ca-file", ca, "--token-file", token], "https://"),
        "server URL with credentials": (["--server", f"https://u:{TOKEN_CANARY}@h:6443", "--ca-file", ca, "--token-file", token], "credentials"),
        "missing token file": ([*server, "--ca-file", ca, "--token-file", str(tmp / "nope")], "no such file"),
        "both CA sources": ([*server, "--ca-file", ca, "--from-kubeconfig", str(admin), "--token-file", token], "not both"),
        "no token source": ([*server, "--ca-file", ca], "exactly one"),
        "two token sources": ([*server, "--ca-file", ca, "--token-file", token, "--token-secret", token], "exactly one"),
        "no server": (["--ca-file", ca, "--token-file", token], "--server"),
        "context without kubeconfig": ([*server, "--ca-file", ca, "--context", "x", "--token-file", token], "--from-kubeconfig"),
        "bad entry name": ([*server, "--ca-file", ca, "--token-file", token, "--name", "a b"], "--name"),
        "bad namespace": ([*server, "--ca-file", ca, "--token-file", token, "--namespace", "Bad_NS"], "--namespace"),
    }  # fmt: skip


BAD_INPUT_NAMES = [
    "CA file that is not PEM", "CA file in DER", "CA file holding a private key", "empty token",
    "whitespace inside token", "unprintable token", "Secret without data.token", "not a Secret",
    "Secret token with whitespace", "admin kubeconfig without current context", "unknown context",
    "loopback server from kind", "plain http server", "server URL with credentials", "missing token file",
    "both CA sources", "no token source", "two token sources", "no server", "context without kubeconfig",
    "bad entry name", "bad namespace",
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUT_NAMES)
def test_a_bad_input_is_refused_with_one_line_and_exit_2(tmp_path, pki, case):
    args, phrase = _bad_inputs(tmp_path, pki)[case]
    out = tmp_path / "out.kubeconfig"
    result = cli("kubeconfig", "build", *args, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert phrase in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_every_bad_input_case_is_in_the_table(tmp_path, pki):
    assert sorted(_bad_inputs(tmp_path, pki)) == sorted(BAD_INPUT_NAMES)


# --- the library ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(b"abc.def-ghi_JKL\n", "abc.def-ghi_JKL"), (b"  tok  \r\n", "tok"), (b"a/b+c=", "a/b+c=")],
)
def test_check_token_strips_surrounding_whitespace_only(raw, expected):
    assert check_token(raw, "f", "token file") == expected


@pytest.mark.parametrize("raw", [b"", b" \n", b"a b", b"a\tb", b"a\nb", b"caf\xc3\xa9", b"\xff\xfe", b"a\x00b"])
def test_check_token_refuses_what_is_not_a_token_without_quoting_it(raw):
    with pytest.raises(KubeconfigBuildError, match="^f: token file is not a token: "):
        check_token(raw, "f", "token file")


def test_build_kubeconfig_refuses_a_loopback_server_naming_the_server_option(pki):
    with pytest.raises(KubeconfigBuildError, match="--server"):
        build_kubeconfig("https://localhost:6443", pki.ca, TOKEN_CANARY)


def test_build_kubeconfig_refuses_an_expired_ca(pki):
    with pytest.raises(KubeconfigBuildError, match="expired") as caught:
        build_kubeconfig(SERVER, pki.expired_ca, TOKEN_CANARY)
    assert TOKEN_CANARY not in str(caught.value)


def test_build_kubeconfig_text_is_stable(pki):
    one = build_kubeconfig(SERVER, pki.ca, TOKEN_CANARY, name="w").text
    assert one == build_kubeconfig(SERVER, pki.ca, TOKEN_CANARY, name="w").text
    assert one.startswith("apiVersion: v1\nclusters:\n- cluster:\n")


def test_a_year_long_jwt_gives_no_warning(pki):
    assert build_kubeconfig(SERVER, pki.ca, make_jwt(time.time() + YEAR)).warnings == []
