"""What the http-proxy overlay's tests share: the proxy, the values of its credentials profile, a work kubeconfig
whose API server the proxy must reach, and the patch that applies the overlay."""

from __future__ import annotations

from pathlib import Path

PROXY = "http://proxy.corp.example:3128"
CREDENTIALS = [
    "--set", "httpProxy.credentials.secretName=proxy-credentials",
    "--set", "httpProxy.httpProxy=http://plain.corp.example:8080",
    "--set", "httpProxy.noProxy={10.0.0.0/8,.corp.example}",
]  # fmt: skip
WORK_KUBECONFIG = """\
apiVersion: v1
kind: Config
current-context: work
contexts:
- name: work
  context: {cluster: work, user: operator}
clusters:
- name: work
  cluster:
    server: https://api.work.example.com:6443
users:
- name: operator
  user: {token: abc}
"""


def patch_with_proxy(out: Path, *args: str) -> Path:
    """``chartgen patch --https-proxy PROXY ARGS -o OUT`` of the bundled chart, which must succeed."""
    from conftest import run_cli

    done = run_cli("patch", "--https-proxy", PROXY, *args, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    return out


def proxy_alone(tmp_path_factory) -> Path:
    """The bundled chart patched with http-proxy alone."""
    return patch_with_proxy(tmp_path_factory.mktemp("http-proxy") / "out", "--overlay", "http-proxy")


def proxy_with_remote_target(tmp_path_factory) -> Path:
    """The bundled chart patched with remote-target, then http-proxy."""
    out = tmp_path_factory.mktemp("composed") / "out"
    return patch_with_proxy(
        out, "--overlay", "remote-target", "--overlay", "http-proxy", "--remote-secret", "work-kubeconfig"
    )
