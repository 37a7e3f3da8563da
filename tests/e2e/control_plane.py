"""Run Kubernetes control planes (etcd, kube-apiserver, kube-controller-manager) on loopback ports.

Each control plane is independent: its own etcd data folder, CA, serving and client certificates,
service-account keys and ports. There is no scheduler and no kubelet, so objects are stored, validated,
defaulted and reconciled by the controllers, but no pod ever runs.

Every process starts in its own process group and is told by the kernel to die with the process that started
it (``PR_SET_PDEATHSIG``), so a test session killed outright leaves nothing behind; ``stop`` ends each group.
Processes are started from the calling thread only: the kernel's parent-death signal follows the thread that
forked, not the process.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import ipaddress
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chartgen.kubeconfig.checks import loopback_kind

from .kube_build import KubeBinaries
from .pki import CertificateAuthority, Issued, KeyPair, service_account_keys

SERVICE_CIDR = "10.0.0.0/24"
FIRST_SERVICE_IP = "10.0.0.1"
ISSUER = "https://kubernetes.default.svc.cluster.local"
IN_CLUSTER_NAMES = (
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
)
# Controllers that need nodes, a cloud, volumes or certificate signing: none of those exist here.
DISABLED_CONTROLLERS = (
    "nodeipam",
    "nodelifecycle",
    "cloud-node-lifecycle",
    "route",
    "service",
    "attachdetach",
    "persistentvolume-binder",
    "persistentvolume-expander",
    "pv-protection",
    "pvc-protection",
    "ephemeral-volume",
    "csrapproving",
    "csrcleaner",
    "csrsigning",
    "ttl",
    "bootstrapsigner",
    "tokencleaner",
)
_PR_SET_PDEATHSIG = 1
_STARTUP_SECONDS = 90.0


class ControlPlaneError(RuntimeError):
    """A control-plane process did not start or become healthy; the message carries its log's tail."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LoopbackName:
    """A host name that is not a loopback name but resolves, on this machine, to a loopback address only."""

    name: str
    address: str


def loopback_host_name(hosts_file: Path = Path("/etc/hosts")) -> LoopbackName | None:
    """The machine's own host name if it resolves to loopback (as Debian's /etc/hosts maps it), else another name
    the hosts file maps to loopback, else None."""
    candidates = [socket.gethostname(), socket.getfqdn()]
    try:
        for line in hosts_file.read_text().splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) > 1 and fields[0].startswith("127."):
                candidates += fields[1:]
    except OSError:
        pass
    for name in candidates:
        found = _resolves_to_loopback_only(name)
        if found is not None:
            return found
    return None


def _resolves_to_loopback_only(name: str) -> LoopbackName | None:
    # The same judgement `kubeconfig check` makes of a server's host (loopback names and addresses).
    if not name or loopback_kind(name) is not None:
        return None
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    ipv4 = [a for a in addresses if a.version == 4]
    if not ipv4 or not all(a.is_loopback for a in addresses):
        return None
    return LoopbackName(name, str(ipv4[0]))


_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


@dataclass
class _Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def check_running(self, cluster: str) -> None:
        code = self.popen.poll()
        if code is not None:
            raise ControlPlaneError(
                f"{cluster}: {self.name} exited with {code}; last lines of {self.log}:\n{self.tail()}"
            )

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the process group, SIGKILL after ``grace`` seconds; none of these processes forks helpers."""
        if self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


@dataclass
class ControlPlane:
    """One cluster. ``server`` is its loopback URL; ``named_server`` reaches it by a host name that is not a
    loopback name (as a pod in another cluster would need), when the machine has one."""

    name: str
    folder: Path
    binaries: KubeBinaries = field(repr=False)
    reachable_as: LoopbackName | None = None
    etcd_port: int = field(default_factory=free_port)
    etcd_peer_port: int = field(default_factory=free_port)
    port: int = field(default_factory=free_port)
    controller_manager_port: int = field(default_factory=free_port)
    timings: dict[str, float] = field(default_factory=dict)
    _processes: list[_Process] = field(default_factory=list, init=False, repr=False)
    _serving: Issued = field(init=False, repr=False)
    _service_accounts: KeyPair = field(init=False, repr=False)
    _started: float = field(default=0.0, init=False, repr=False)

    @property
    def address(self) -> str:
        return self.reachable_as.address if self.reachable_as else "127.0.0.1"

    @property
    def server(self) -> str:
        return f"https://{self.address}:{self.port}"

    @property
    def named_server(self) -> str | None:
        return f"https://{self.reachable_as.name}:{self.port}" if self.reachable_as else None

    @property
    def ca(self) -> Path:
        return self.folder / "pki" / "ca.crt"

    @property
    def admin_kubeconfig(self) -> Path:
        return self.folder / "admin.kubeconfig"

    def kubectl(
        self, *args: str, kubeconfig: Path | None = None, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """kubectl against this cluster, as the admin unless another kubeconfig is given."""
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(self.folder / "kubectl-home")}
        command = [str(self.binaries.kubectl), "--kubeconfig", str(kubeconfig or self.admin_kubeconfig), *args]
        done = subprocess.run(command, capture_output=True, text=True, input=input, env=env, timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} at {self.name} failed ({done.returncode}):\n{done.stderr}")
        return done

    # --- start-up, in stages so that several control planes start side by side ---------------------------------

    def prepare(self) -> None:
        pki = self.folder / "pki"
        pki.mkdir(parents=True)
        ca = CertificateAuthority(pki, f"{self.name}-ca")
        names = ("localhost", *IN_CLUSTER_NAMES, *([self.reachable_as.name] if self.reachable_as else []))
        addresses = tuple(dict.fromkeys(("127.0.0.1", self.address, FIRST_SERVICE_IP)))
        self._serving = ca.issue("apiserver", "kube-apiserver", dns_names=names, ip_addresses=addresses)
        admin = ca.issue("admin", "admin", organisations=("system:masters",))
        manager = ca.issue("controller-manager", "system:kube-controller-manager")
        self._service_accounts = service_account_keys(pki)
        _write_kubeconfig(self.admin_kubeconfig, self.name, self.server, ca.pem, admin)
        _write_kubeconfig(self.folder / "controller-manager.kubeconfig", self.name, self.server, ca.pem, manager)
        self._started = time.monotonic()

    def start_etcd(self) -> None:
        client = f"http://127.0.0.1:{self.etcd_port}"
        peer = f"http://127.0.0.1:{self.etcd_peer_port}"
        self._spawn(
            "etcd",
            self.binaries.etcd,
            f"--name={self.name}",
            f"--data-dir={self.folder / 'etcd'}",
            f"--listen-client-urls={client}",
            f"--advertise-client-urls={client}",
            f"--listen-peer-urls={peer}",
            f"--initial-advertise-peer-urls={peer}",
            f"--initial-cluster={self.name}={peer}",
            f"--initial-cluster-token={self.name}-{os.getpid()}",
            "--initial-cluster-state=new",
        )

    def wait_etcd(self) -> None:
        url = f"http://127.0.0.1:{self.etcd_port}/health"
        self._wait("etcd", lambda: json.loads(_get(url, None)).get("health") == "true")

    def start_apiserver(self) -> None:
        pki = self.folder / "pki"
        self._spawn(
            "kube-apiserver",
            self.binaries.kube_apiserver,
            f"--etcd-servers=http://127.0.0.1:{self.etcd_port}",
            f"--bind-address={self.address}",
            f"--advertise-address={self.address}",
            f"--secure-port={self.port}",
            "--insecure-port=0",
            f"--cert-dir={self.folder / 'apiserver-certs'}",
            f"--tls-cert-file={self._serving.cert}",
            f"--tls-private-key-file={self._serving.key}",
            f"--client-ca-file={pki / 'ca.crt'}",
            "--authorization-mode=RBAC",
            f"--service-account-key-file={self._service_accounts.public}",
            f"--service-account-signing-key-file={self._service_accounts.private}",
            f"--service-account-issuer={ISSUER}",
            f"--api-audiences={ISSUER}",
            f"--service-cluster-ip-range={SERVICE_CIDR}",
            "--enable-priority-and-fairness=false",
            # Endpoints may not hold a loopback address; without this the server complains every 10 s.
            "--endpoint-reconciler-type=none",
            "--profiling=false",
        )

    def wait_apiserver(self) -> None:
        context = self.tls_context()
        self._wait("kube-apiserver", lambda: _get(f"{self.server}/readyz", context) == "ok")
        self.timings["apiserver_ready"] = time.monotonic() - self._started

    def start_controller_manager(self) -> None:
        kubeconfig = self.folder / "controller-manager.kubeconfig"
        self._spawn(
            "kube-controller-manager",
            self.binaries.kube_controller_manager,
            f"--kubeconfig={kubeconfig}",
            f"--authentication-kubeconfig={kubeconfig}",
            f"--authorization-kubeconfig={kubeconfig}",
            f"--service-account-private-key-file={self._service_accounts.private}",
            f"--root-ca-file={self.ca}",
            "--use-service-account-credentials=true",
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            f"--secure-port={self.controller_manager_port}",
            "--port=0",
            f"--cert-dir={self.folder / 'controller-manager-certs'}",
            f"--controllers=*,{','.join('-' + name for name in DISABLED_CONTROLLERS)}",
            "--profiling=false",
        )

    def wait_controller_manager(self) -> None:
        # It serves /healthz with a certificate it made up itself; only its answer matters here.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        url = f"https://127.0.0.1:{self.controller_manager_port}/healthz"
        self._wait("kube-controller-manager", lambda: _get(url, context) == "ok")
        self.timings["controller_manager_healthy"] = time.monotonic() - self._started

    def tls_context(self) -> ssl.SSLContext:
        """Trusts this cluster's CA and presents the admin certificate."""
        context = ssl.create_default_context(cafile=str(self.ca))
        context.load_cert_chain(self.folder / "pki" / "admin.crt", self.folder / "pki" / "admin.key")
        return context

    def stop(self) -> None:
        # Controller-manager first, etcd last, so no process spends its last seconds retrying a dead backend.
        for process in reversed(self._processes):
            process.stop()
        self._processes.clear()
        # etcd preallocates 64 MB of write-ahead log; the logs stay for a post-mortem.
        shutil.rmtree(self.folder / "etcd", ignore_errors=True)

    def _spawn(self, name: str, binary: Path, *args: str) -> None:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [str(binary), *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                env={"PATH": "/usr/bin:/bin", "HOME": str(self.folder)},
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self._processes.append(_Process(name, popen, log))

    def _wait(self, name: str, ready: Callable[[], bool]) -> None:
        process = next(p for p in self._processes if p.name == name)
        deadline = time.monotonic() + _STARTUP_SECONDS
        while True:
            process.check_running(self.name)
            try:
                if ready():
                    return
            except (OSError, ValueError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise ControlPlaneError(
                    f"{self.name}: {name} not ready after {_STARTUP_SECONDS:.0f} s; last lines of {process.log}:\n"
                    + process.tail()
                )
            time.sleep(0.1)


def _get(url: str, context: ssl.SSLContext | None) -> str:
    with urllib.request.urlopen(url, context=context, timeout=5) as response:
        return response.read().decode()


def _write_kubeconfig(path: Path, name: str, server: str, ca_pem: bytes, client: Issued) -> None:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": {"server": server, "certificate-authority-data": b64(ca_pem)}}],
        "users": [
            {
                "name": f"{name}-{client.cert.stem}",
                "user": {
                    "client-certificate-data": b64(client.cert.read_bytes()),
                    "client-key-data": b64(client.key.read_bytes()),
                },
            }
        ],
        "contexts": [{"name": name, "context": {"cluster": name, "user": f"{name}-{client.cert.stem}"}}],
        "current-context": name,
    }
    path.touch(mode=0o600)
    path.write_text(json.dumps(config, indent=2) + "\n")


def start_all(planes: Sequence[ControlPlane]) -> None:
    """Start the control planes side by side: each stage is launched for all of them, then awaited for all."""
    for plane in planes:
        plane.prepare()
    stages = (
        ("start_etcd", "wait_etcd"),
        ("start_apiserver", "wait_apiserver"),
        ("start_controller_manager", "wait_controller_manager"),
    )
    for start, wait in stages:
        for plane in planes:
            getattr(plane, start)()
        for plane in planes:
            getattr(plane, wait)()
