"""Offline kubeconfig checks: each mistake is found by its check, at the file:line:column of the offending field,
and no finding, error or output ever carries a credential.

Kubeconfigs are built in code; certificates are real ones made with ``cryptography``."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from chartgen.kubeconfig import (
    CHECKS,
    KubeconfigParseError,
    KubeconfigReadError,
    check_kubeconfig,
    load_kubeconfig,
    parse_kubeconfig,
)
from chartgen.lint.model import Finding, Severity

NOW = time.time()
DAY = 24 * 60 * 60

# Distinctive secret material: none of it may ever appear in a message, an exception or output.
SIGNATURE_CANARY = "c2VjcmV0LXNpZ25hdHVyZS1jYW5hcnk-zQ9xW"
SUBJECT_CANARY = "system:serviceaccount:canary:leaky-subject-7731"
OPAQUE_TOKEN_CANARY = "opaque-canary-token-5f1d9e2b7c"
PASSWORD_CANARY = "hunter2-canary-password"


# --- building kubeconfigs -----------------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(exp: float | None, subject: str = SUBJECT_CANARY) -> str:
    header = _b64url(json.dumps({"alg": "RS256", "kid": "canary"}).encode())
    claims: dict[str, Any] = {"iss": "kubernetes/serviceaccount", "sub": subject}
    if exp is not None:
        claims["exp"] = int(exp)
    return f"{header}.{_b64url(json.dumps(claims).encode())}.{SIGNATURE_CANARY}"


class Pki:
    """A CA, an expired CA and a client certificate with its key, as PEM bytes."""

    def __init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        def cert(name: str, key, issuer_name: str, issuer_key, not_after: dt.datetime, ca: bool) -> bytes:
            built = (
                x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
                .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(not_after - dt.timedelta(days=400))
                .not_valid_after(not_after)
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                .sign(issuer_key, hashes.SHA256())
            )
            return built.public_bytes(serialization.Encoding.PEM)

        now = dt.datetime.now(dt.timezone.utc)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = cert("canary-ca", ca_key, "canary-ca", ca_key, now + dt.timedelta(days=365), True)
        self.expired_ca = cert("old-ca", ca_key, "old-ca", ca_key, now - dt.timedelta(days=2), True)
        client_key = ec.generate_private_key(ec.SECP256R1())
        self.client = cert("operator", client_key, "canary-ca", ca_key, now + dt.timedelta(days=365), False)
        self.client_key = client_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


@pytest.fixture(scope="session")
def pki() -> Pki:
    return Pki()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def token_kubeconfig(pki: Pki, token: str | None = None) -> dict[str, Any]:
    """A kubeconfig the operator can use: a routable server, inline CA data and a long-lived JWT."""
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "work",
                "cluster": {"server": "https://10.20.30.40:6443", "certificate-authority-data": b64(pki.ca)},
            }
        ],
        "users": [{"name": "operator", "user": {"token": token or make_jwt(NOW + 365 * DAY)}}],
        "contexts": [{"name": "work", "context": {"cluster": "work", "user": "operator"}}],
        "current-context": "work",
    }


def cert_kubeconfig(pki: Pki) -> dict[str, Any]:
    config = token_kubeconfig(pki)
    config["users"][0]["user"] = {
        "client-certificate-data": b64(pki.client),
        "client-key-data": b64(pki.client_key),
    }
    return config


def write(tmp_path: Path, config: dict[str, Any] | str, name: str = "work.kubeconfig") -> Path:
    path = tmp_path / name
    text = config if isinstance(config, str) else yaml.safe_dump(config, sort_keys=False, width=100000)
    path.write_text(text)
    return path


def line_of(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` line containing ``needle``, at the needle's first character."""
    hits = [(i + 1, ln.index(needle) + 1) for i, ln in enumerate(path.read_text().splitlines()) if needle in ln]
    return hits[nth]


def only(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, findings
    return matching[0]


# --- clean kubeconfigs --------------------------------------------------------------------------------------------


def test_token_kubeconfig_has_no_findings(tmp_path, pki):
    assert check_kubeconfig(write(tmp_path, token_kubeconfig(pki)), now=NOW) == []


def test_client_certificate_kubeconfig_has_no_findings(tmp_path, pki):
    assert check_kubeconfig(write(tmp_path, cert_kubeconfig(pki)), now=NOW) == []


def test_json_kubeconfig_is_read_too(tmp_path, pki):
    assert check_kubeconfig(write(tmp_path, json.dumps(token_kubeconfig(pki), indent=2)), now=NOW) == []


def test_opaque_token_is_not_judged_for_expiry(tmp_path, pki):
    assert check_kubeconfig(write(tmp_path, token_kubeconfig(pki, OPAQUE_TOKEN_CANARY)), now=NOW) == []


def test_jwt_without_exp_is_not_judged_for_expiry(tmp_path, pki):
    assert check_kubeconfig(write(tmp_path, token_kubeconfig(pki, make_jwt(None))), now=NOW) == []


def test_every_check_has_metadata():
    ids = [c.id for c in CHECKS]
    assert ids == sorted(set(ids))
    for check in CHECKS:
        assert check.id.startswith("CG-KUBECONFIG-")
        assert check.summary and "\n" not in check.summary
        assert check.why and check.fix


# --- one fault each: rule, severity, field and place --------------------------------------------------------------

Mutation = Callable[[dict[str, Any], Pki], None]


def _cluster(c: dict) -> dict:
    return c["clusters"][0]["cluster"]


def _user(c: dict) -> dict:
    return c["users"][0]["user"]


def _set_user(**fields: Any) -> Mutation:
    def mutate(c: dict, pki: Pki) -> None:
        c["users"][0]["user"] = dict(fields)

    return mutate


FAULTS: list[tuple[str, Mutation, str, Severity, str, str]] = [
    # id, mutation, rule, severity, field, text on the reported line
    (
        "no-current-context",
        lambda c, p: c.pop("current-context"),
        "CG-KUBECONFIG-002",
        Severity.ERROR,
        "current-context",
        "apiVersion:",
    ),
    (
        "current-context-unknown",
        lambda c, p: c.update({"current-context": "home"}),
        "CG-KUBECONFIG-002",
        Severity.ERROR,
        "current-context",
        "current-context:",
    ),
    (
        "context-cluster-unknown",
        lambda c, p: c["contexts"][0]["context"].update(cluster="gone"),
        "CG-KUBECONFIG-002",
        Severity.ERROR,
        "contexts[0].context.cluster",
        "cluster: gone",
    ),
    (
        "context-user-unknown",
        lambda c, p: c["contexts"][0]["context"].update(user="gone"),
        "CG-KUBECONFIG-002",
        Severity.ERROR,
        "contexts[0].context.user",
        "user: gone",
    ),
    (
        "server-127",
        lambda c, p: _cluster(c).update(server="https://127.0.0.1:6443"),
        "CG-KUBECONFIG-003",
        Severity.ERROR,
        "clusters[0].cluster.server",
        "server:",
    ),
    (
        "server-missing",
        lambda c, p: _cluster(c).pop("server"),
        "CG-KUBECONFIG-003",
        Severity.ERROR,
        "clusters[0].cluster.server",
        "cluster:",
    ),
    (
        "exec-user",
        _set_user(exec={"apiVersion": "client.authentication.k8s.io/v1beta1", "command": "aws", "args": ["eks"]}),
        "CG-KUBECONFIG-004",
        Severity.ERROR,
        "users[0].user.exec",
        "exec:",
    ),
    (
        "auth-provider-user",
        _set_user(**{"auth-provider": {"name": "gcp", "config": {"access-token": OPAQUE_TOKEN_CANARY}}}),
        "CG-KUBECONFIG-004",
        Severity.ERROR,
        "users[0].user.auth-provider",
        "auth-provider:",
    ),
    (
        "ca-file",
        lambda c, p: c["clusters"][0].update(
            cluster={"server": "https://10.0.0.1", "certificate-authority": "/home/me/.minikube/ca.crt"}
        ),
        "CG-KUBECONFIG-005",
        Severity.ERROR,
        "clusters[0].cluster.certificate-authority",
        "certificate-authority:",
    ),
    (
        "client-certificate-file",
        lambda c, p: _user(c).update({"client-certificate": "/home/me/client.crt"}),
        "CG-KUBECONFIG-005",
        Severity.ERROR,
        "users[0].user.client-certificate",
        "client-certificate:",
    ),
    (
        "client-key-file",
        lambda c, p: _user(c).update({"client-key": "/home/me/client.key"}),
        "CG-KUBECONFIG-005",
        Severity.ERROR,
        "users[0].user.client-key",
        "client-key:",
    ),
    (
        "token-file",
        _set_user(tokenFile="/var/run/secrets/token"),
        "CG-KUBECONFIG-005",
        Severity.ERROR,
        "users[0].user.tokenFile",
        "tokenFile:",
    ),
    (
        "insecure",
        lambda c, p: c["clusters"][0].update(cluster={"server": "https://10.0.0.1", "insecure-skip-tls-verify": True}),
        "CG-KUBECONFIG-006",
        Severity.ERROR,
        "clusters[0].cluster.insecure-skip-tls-verify",
        "insecure-skip-tls-verify:",
    ),
    (
        "ca-data-missing",
        lambda c, p: _cluster(c).pop("certificate-authority-data"),
        "CG-KUBECONFIG-007",
        Severity.WARNING,
        "clusters[0].cluster.certificate-authority-data",
        "cluster:",
    ),
    (
        "ca-data-not-base64",
        lambda c, p: _cluster(c).update({"certificate-authority-data": "not base64!"}),
        "CG-KUBECONFIG-007",
        Severity.ERROR,
        "clusters[0].cluster.certificate-authority-data",
        "certificate-authority-data:",
    ),
    (
        "ca-data-not-pem",
        lambda c, p: _cluster(c).update({"certificate-authority-data": b64(b"just some bytes")}),
        "CG-KUBECONFIG-007",
        Severity.ERROR,
        "clusters[0].cluster.certificate-authority-data",
        "certificate-authority-data:",
    ),
    (
        "ca-data-is-a-key",
        lambda c, p: _cluster(c).update({"certificate-authority-data": b64(p.client_key)}),
        "CG-KUBECONFIG-007",
        Severity.ERROR,
        "clusters[0].cluster.certificate-authority-data",
        "certificate-authority-data:",
    ),
    (
        "ca-data-expired",
        lambda c, p: _cluster(c).update({"certificate-authority-data": b64(p.expired_ca)}),
        "CG-KUBECONFIG-007",
        Severity.ERROR,
        "clusters[0].cluster.certificate-authority-data",
        "certificate-authority-data:",
    ),
    (
        "token-expired",
        lambda c, p: _user(c).update(token=make_jwt(NOW - 60)),
        "CG-KUBECONFIG-008",
        Severity.ERROR,
        "users[0].user.token",
        "token:",
    ),
    (
        "token-expires-within-a-day",
        lambda c, p: _user(c).update(token=make_jwt(NOW + 3600)),
        "CG-KUBECONFIG-008",
        Severity.WARNING,
        "users[0].user.token",
        "token:",
    ),
    (
        "no-credentials",
        _set_user(),
        "CG-KUBECONFIG-009",
        Severity.ERROR,
        "users[0].user",
        "user: {}",
    ),
    (
        "basic-auth-only",
        _set_user(username="admin", password=PASSWORD_CANARY),
        "CG-KUBECONFIG-009",
        Severity.ERROR,
        "users[0].user",
        "user:",
    ),
    (
        "certificate-without-key",
        lambda c, p: c["users"][0].update(user={"client-certificate-data": b64(p.client)}),
        "CG-KUBECONFIG-009",
        Severity.ERROR,
        "users[0].user.client-certificate-data",
        "client-certificate-data:",
    ),
    (
        "client-certificate-data-not-pem",
        lambda c, p: c["users"][0].update(
            user={"client-certificate-data": b64(b"junk"), "client-key-data": b64(p.client_key)}
        ),
        "CG-KUBECONFIG-009",
        Severity.ERROR,
        "users[0].user.client-certificate-data",
        "client-certificate-data:",
    ),
    (
        "other-contexts",
        lambda c, p: c["contexts"].append({"name": "home", "context": {"cluster": "work", "user": "operator"}}),
        "CG-KUBECONFIG-010",
        Severity.NOTE,
        "contexts",
        "contexts:",
    ),
]


def faulty(pki: Pki, mutation: Mutation) -> dict[str, Any]:
    config = copy.deepcopy(token_kubeconfig(pki))
    mutation(config, pki)
    return config


@pytest.mark.parametrize(
    ("mutation", "rule_id", "severity", "field", "on_line"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_each_fault_is_found_by_its_check_at_its_field(tmp_path, pki, mutation, rule_id, severity, field, on_line):
    path = write(tmp_path, faulty(pki, mutation))
    findings = check_kubeconfig(path, now=NOW)
    assert [f.rule_id for f in findings] == [rule_id], findings
    found = findings[0]
    assert found.severity == severity
    assert found.location.path == str(path)
    assert found.location.field == field
    assert field in found.message
    assert (found.location.line, found.location.column) == line_of(path, on_line)


# --- details of single checks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "server",
    [
        "https://127.0.0.1:6443",
        "https://127.3.2.1",
        "https://localhost:8443",
        "https://LOCALHOST",
        "https://[::1]:6443",
        "https://0.0.0.0:6443",
        "https://[::]:6443",
        "https://[::ffff:127.0.0.1]:6443",
        "127.0.0.1:6443",
        "https://api.localhost",
    ],
)
def test_loopback_servers_are_unreachable_from_another_cluster(tmp_path, pki, server):
    config = token_kubeconfig(pki)
    _cluster(config)["server"] = server
    assert only(check_kubeconfig(write(tmp_path, config), now=NOW), "CG-KUBECONFIG-003").severity == Severity.ERROR


@pytest.mark.parametrize(
    "server",
    ["https://10.0.0.1:6443", "https://kind-control-plane:6443", "https://api.example.com", "https://[fd00::1]:443"],
)
def test_routable_servers_pass(tmp_path, pki, server):
    config = token_kubeconfig(pki)
    _cluster(config)["server"] = server
    assert check_kubeconfig(write(tmp_path, config), now=NOW) == []


def test_kind_cluster_on_loopback_suggests_the_internal_kubeconfig(tmp_path, pki):
    config = token_kubeconfig(pki)
    config["clusters"][0]["name"] = "kind-dev"
    config["contexts"][0].update(name="kind-dev", context={"cluster": "kind-dev", "user": "operator"})
    config["current-context"] = "kind-dev"
    _cluster(config)["server"] = "https://127.0.0.1:41235"
    found = only(check_kubeconfig(write(tmp_path, config), now=NOW), "CG-KUBECONFIG-003")
    assert "`kind get kubeconfig --internal --name dev`" in found.message


def test_non_kind_loopback_does_not_mention_kind(tmp_path, pki):
    config = token_kubeconfig(pki)
    _cluster(config)["server"] = "https://127.0.0.1:6443"
    assert "kind" not in only(check_kubeconfig(write(tmp_path, config), now=NOW), "CG-KUBECONFIG-003").message


@pytest.mark.parametrize(
    ("command", "binary"),
    [
        ("aws", "aws"),
        ("/usr/local/bin/aws", "aws"),
        ("gke-gcloud-auth-plugin", "gke-gcloud-auth-plugin"),
        ("kubelogin", "kubelogin"),
        ("C:\\Program Files\\kubelogin\\kubelogin.exe", "kubelogin.exe"),
    ],
)
def test_exec_user_names_the_binary_the_image_would_need(tmp_path, pki, command, binary):
    config = token_kubeconfig(pki)
    config["users"][0]["user"] = {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": command}}
    found = only(check_kubeconfig(write(tmp_path, config), now=NOW), "CG-KUBECONFIG-004")
    assert f"`{binary}`" in found.message


@pytest.mark.parametrize(
    ("provider", "tool"),
    [
        ({"name": "gcp"}, "gke-gcloud-auth-plugin"),
        ({"name": "azure"}, "kubelogin"),
        ({"name": "gcp", "config": {"cmd-path": "/opt/google-cloud-sdk/bin/gcloud"}}, "gcloud"),
    ],
)
def test_auth_provider_user_names_the_tool_it_needs(tmp_path, pki, provider, tool):
    config = token_kubeconfig(pki)
    config["users"][0]["user"] = {"auth-provider": provider}
    found = only(check_kubeconfig(write(tmp_path, config), now=NOW), "CG-KUBECONFIG-004")
    assert f"`{tool}`" in found.message


def test_plugin_user_is_not_also_reported_as_lacking_credentials(tmp_path, pki):
    config = token_kubeconfig(pki)
    config["users"][0]["user"] = {"exec": {"command": "aws"}}
    assert [f.rule_id for f in check_kubeconfig(write(tmp_path, config), now=NOW)] == ["CG-KUBECONFIG-004"]


def test_yaml_1_1_yes_skips_tls_verification_as_kubectl_reads_it(tmp_path, pki):
    text = yaml.safe_dump(token_kubeconfig(pki), sort_keys=False, width=100000)
    text = text.replace("    server:", "    insecure-skip-tls-verify: yes\n    server:", 1)
    found = only(check_kubeconfig(write(tmp_path, text), now=NOW), "CG-KUBECONFIG-006")
    assert "client-go refuses" in found.message  # CA data is also set


def test_token_expiring_in_two_days_passes(tmp_path, pki):
    config = token_kubeconfig(pki, make_jwt(NOW + 2 * DAY))
    assert check_kubeconfig(write(tmp_path, config), now=NOW) == []


def test_expiry_is_judged_against_the_given_time(tmp_path, pki):
    path = write(tmp_path, token_kubeconfig(pki, make_jwt(NOW + 10 * DAY)))
    assert check_kubeconfig(path, now=NOW) == []
    assert only(check_kubeconfig(path, now=NOW + 11 * DAY), "CG-KUBECONFIG-008").severity == Severity.ERROR


def test_http_server_without_ca_data_is_not_asked_for_one(tmp_path, pki):
    config = token_kubeconfig(pki)
    _cluster(config).pop("certificate-authority-data")
    _cluster(config)["server"] = "http://10.0.0.1:8080"
    assert check_kubeconfig(write(tmp_path, config), now=NOW) == []


def test_only_the_current_context_is_judged(tmp_path, pki):
    config = token_kubeconfig(pki)
    config["clusters"].append({"name": "local", "cluster": {"server": "https://127.0.0.1:6443"}})
    config["users"].append({"name": "sso", "user": {"exec": {"command": "kubelogin"}}})
    config["contexts"].append({"name": "local", "context": {"cluster": "local", "user": "sso"}})
    findings = check_kubeconfig(write(tmp_path, config), now=NOW)
    assert [f.rule_id for f in findings] == ["CG-KUBECONFIG-010"]
    assert "kubectl config view --minify --flatten" in findings[0].message


def test_checks_of_the_current_context_stop_when_it_is_missing(tmp_path, pki):
    config = token_kubeconfig(pki)
    _cluster(config)["server"] = "https://127.0.0.1"
    config["current-context"] = "nowhere"
    assert [f.rule_id for f in check_kubeconfig(write(tmp_path, config), now=NOW)] == ["CG-KUBECONFIG-002"]


# --- files that are not (loadable) kubeconfigs --------------------------------------------------------------------

NOT_KUBECONFIGS = [
    # id, text, message fragment, (line, column) or None
    ("empty", "", "the file is empty", None),
    ("comment-only", "# nothing\n", "the file is empty", None),
    ("a-list", "- a\n- b\n", "the top level is a list", (1, 1)),
    ("a-secret", "apiVersion: v1\nkind: Secret\ndata: {}\n", "not the Secret", (2, 1)),
    ("unrelated-yaml", "replicaCount: 2\n", "none of clusters, users, contexts", (1, 1)),
    ("broken-yaml", "clusters:\n- name: a\n  cluster: {server: x\nusers: []\n", "invalid YAML", (4, 6)),
    ("users-a-mapping", "users:\n  a: 1\n", "users must be a list, not a mapping", (1, 1)),
    (
        "token-a-number",
        "users:\n- name: u\n  user:\n    token: 12345\n",
        "users[0].user.token must be a string",
        (4, 5),
    ),
    (
        "server-a-list",
        "clusters:\n- name: c\n  cluster:\n    server: [a]\n",
        "clusters[0].cluster.server must be a string",
        (4, 5),
    ),
    (
        "insecure-a-string",
        "clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: 'true'\n",
        "must be a boolean",
        (4, 5),
    ),
    ("exec-a-string", "users:\n- name: u\n  user:\n    exec: aws\n", "users[0].user.exec must be a mapping", (4, 5)),
    ("item-not-a-mapping", "contexts:\n- just-a-name\n", "contexts[0] must be a mapping", (2, 3)),
    (
        "duplicate-names",
        "clusters:\n- name: a\n  cluster: {}\n- name: a\n  cluster: {}\n",
        "clusters[1] repeats the name 'a' of clusters[0]",
        (4, 3),
    ),
    ("duplicate-keys", "users:\n- name: u\n  user: {token: one, token: two}\n", "duplicate key 'token'", (3, 22)),
]


@pytest.mark.parametrize(
    ("text", "fragment", "position"), [n[1:] for n in NOT_KUBECONFIGS], ids=[n[0] for n in NOT_KUBECONFIGS]
)
def test_a_file_kubectl_would_not_load_is_one_parse_finding(tmp_path, text, fragment, position):
    path = write(tmp_path, text)
    findings = check_kubeconfig(path, now=NOW)
    assert [(f.rule_id, f.severity) for f in findings] == [("CG-KUBECONFIG-001", Severity.ERROR)]
    assert fragment in findings[0].message
    assert findings[0].location.path == str(path)
    line_col = (findings[0].location.line, findings[0].location.column)
    assert line_col == (position or (None, None))


def test_parse_error_is_raised_by_the_loader_with_its_location(tmp_path):
    with pytest.raises(KubeconfigParseError) as caught:
        load_kubeconfig(write(tmp_path, "replicaCount: 2\n"))
    assert str(caught.value).startswith(f"{tmp_path / 'work.kubeconfig'}:1:1: not a kubeconfig")


def test_missing_file_cannot_be_read(tmp_path):
    with pytest.raises(KubeconfigReadError) as caught:
        check_kubeconfig(tmp_path / "absent.kubeconfig")
    assert caught.value.exit_code == 2
    assert "no such file" in str(caught.value)


def test_directory_cannot_be_read(tmp_path):
    with pytest.raises(KubeconfigReadError, match="directory"):
        check_kubeconfig(tmp_path)


def test_binary_file_is_refused_as_not_text(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(KubeconfigReadError, match="not UTF-8 text"):
        check_kubeconfig(path)


def test_missing_name_reads_as_empty_like_client_go():
    doc = parse_kubeconfig("clusters:\n- cluster: {server: 'https://x'}\n", "k")
    assert doc.clusters[0].name == ""


def test_location_is_the_path_as_given(tmp_path, pki, monkeypatch):
    path = write(tmp_path, faulty(pki, lambda c, p: c.update({"current-context": "home"})))
    monkeypatch.chdir(tmp_path)
    [found] = check_kubeconfig("work.kubeconfig", now=NOW)
    line, column = line_of(path, "current-context:")
    assert str(found.location) == f"work.kubeconfig:{line}:{column}"


# --- secrecy ------------------------------------------------------------------------------------------------------


def _secret_texts(pki: Pki) -> list[str]:
    token = make_jwt(NOW - DAY)
    header, payload, _ = token.split(".")
    texts = [
        token,
        payload,
        SIGNATURE_CANARY,
        SUBJECT_CANARY,
        OPAQUE_TOKEN_CANARY,
        PASSWORD_CANARY,
        b64(pki.client_key),
        b64(pki.client),
        b64(pki.ca),
    ]
    # Fragments too: a message quoting part of a line (a YAML snippet) would leak them.
    texts += [t[10:40] for t in texts if len(t) > 40]
    texts += [ln for ln in pki.client_key.decode().splitlines() if "PRIVATE KEY" not in ln]
    return texts


def _leaky_kubeconfigs(pki: Pki) -> list[str]:
    """Kubeconfigs that trip every check (and every parse error) while holding the canary secrets."""
    expired = make_jwt(NOW - DAY)
    full = token_kubeconfig(pki, expired)
    _cluster(full).update(
        {"server": "https://127.0.0.1:6443", "insecure-skip-tls-verify": True, "certificate-authority": "/ca.crt"}
    )
    _user(full).update(
        {
            "client-certificate-data": b64(pki.client),
            "client-key-data": b64(pki.client_key),
            "password": PASSWORD_CANARY,
            "auth-provider": {"name": "oidc", "config": {"id-token": OPAQUE_TOKEN_CANARY}},
            "exec": {"command": "aws", "env": [{"name": "AWS_SECRET", "value": OPAQUE_TOKEN_CANARY}]},
        }
    )
    full["contexts"].append({"name": "x", "context": {"cluster": "work", "user": "operator"}})
    bad_ca = token_kubeconfig(pki, expired)
    _cluster(bad_ca)["certificate-authority-data"] = b64(pki.client_key)
    cert_no_key = token_kubeconfig(pki)
    cert_no_key["users"][0]["user"] = {"client-certificate-data": b64(pki.client_key), "password": PASSWORD_CANARY}
    soon = token_kubeconfig(pki, make_jwt(NOW + 60))
    lost = token_kubeconfig(pki, expired)
    lost["current-context"] = "elsewhere"
    dump = [yaml.safe_dump(c, sort_keys=False, width=100000) for c in (full, bad_ca, cert_no_key, soon, lost)]
    return [
        *dump,
        f"users:\n- name: u\n  user: {{token: {expired}, token: {OPAQUE_TOKEN_CANARY}}}\n",
        f"users:\n- name: u\n  user:\n    token: {expired}\n  bad: [\n",
        f"users:\n- name: u\n  user:\n    token: [{expired}]\n",
        f"users:\n- name: u\n  user:\n    token: {OPAQUE_TOKEN_CANARY}\n    token: *{OPAQUE_TOKEN_CANARY}\n",
        f"- {expired}\n",
        f"kind: {OPAQUE_TOKEN_CANARY}{OPAQUE_TOKEN_CANARY}{OPAQUE_TOKEN_CANARY}\nclusters: []\n",
        f"users:\n- name: {OPAQUE_TOKEN_CANARY * 3}\n  user: {{}}\n- name: {OPAQUE_TOKEN_CANARY * 3}\n  user: {{}}\n",
        f"\t{expired}: x\n",
    ]


def test_no_secret_reaches_findings_errors_or_output(tmp_path, pki, capsys):
    secrets = _secret_texts(pki)
    seen: list[str] = []
    rules_hit: set[str] = set()
    for index, text in enumerate(_leaky_kubeconfigs(pki)):
        path = write(tmp_path, text, f"leaky-{index}.kubeconfig")
        try:
            findings = check_kubeconfig(path, now=NOW)
        except Exception as exc:  # noqa: BLE001  (any exception text counts)
            seen.append(str(exc))
            seen.append(repr(exc))
            continue
        rules_hit.update(f.rule_id for f in findings)
        seen.extend(f.message for f in findings)
        seen.extend(str(f.location) for f in findings)
        for doc_error in (KubeconfigParseError,):
            try:
                load_kubeconfig(path)
            except doc_error as exc:
                seen.extend([str(exc), repr(exc)])
    captured = capsys.readouterr()
    seen.extend([captured.out, captured.err])
    assert rules_hit == {c.id for c in CHECKS}, "the leaky kubeconfigs must trip every check"
    for secret in secrets:
        for text in seen:
            assert secret not in text
