"""Build Kubernetes v1.20.2's kube-apiserver and kube-controller-manager from Debian's packages, once, into a cache.

Everything comes from Debian's archive through a private apt (``debian_archive``): the ``kubernetes`` source
package (whose orig tarball is the whole upstream v1.20.2 tree with ``vendor/``), Debian's Go 1.19 to build it
(``go_tool``), and ``etcd-server`` and ``kubernetes-client`` (kubectl v1.20.2) for their binaries. Before the build
the tree gets the OpenAPI definitions ``make`` would have generated (``openapi_gen``) and the reflect2 mend Go 1.18+
needs (``reflect2_fix``); the binaries are stamped with the version, as Kubernetes' own build does through ldflags.

The cache holds only the four binaries and ``stamp.json``; the stamp records the inputs (source, Go, etcd and
kubectl versions, the mend's and this recipe's digests) and each binary's sha256, and an entry counts only when
all of them match. The work folder (apt state, downloads, Go toolchain, unpacked source, Go build cache; 2.3 GB
in 50,000 files) is deleted after a successful build unless ``CHARTGEN_KUBE_KEEP_WORK=1``: a rebuild is needed
only when a pin or the recipe changes, so keeping it would rarely pay for its size. A lock file makes concurrent
sessions wait for one build instead of building twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from helm_binaries import file_sha256

from . import openapi_gen
from .debian_archive import ArchiveUnavailable, PrivateApt, unpack_deb
from .go_tool import BuildStepFailed, GoTool, duration, run
from .reflect2_fix import Reflect2FixError
from .reflect2_fix import apply as apply_reflect2_fix

Log = Callable[[str], None]

KUBE_VERSION = "v1.20.2"
# Debian bookworm's `kubernetes`: its orig tarball is upstream v1.20.2; only kubectl is packaged as a binary.
DEBIAN_KUBERNETES = "1.20.5+really1.20.2-1.1+deb12u1"
ORIG_TARBALL = "kubernetes_1.20.5+really1.20.2.orig.tar.gz"
ORIG_TARBALL_SHA256 = "b83c0780efb182d928dc63d46488a847f161f04e40a94b96bf5247dd671ecdfc"
# Upstream's commit for the v1.20.2 tag, as Debian's kubectl of the same source reports it.
GIT_COMMIT = "faecb196815e248d3ecfb03c680a4507229c2a56"


@dataclass(frozen=True)
class DebPin:
    package: str
    version: str


GO_DEBS = (DebPin("golang-1.19-go", "1.19.8-2"), DebPin("golang-1.19-src", "1.19.8-2"))
GOROOT_IN_DEB = Path("usr/lib/go-1.19")
ETCD_DEB = DebPin("etcd-server", "3.4.23-4+b4")
KUBECTL_DEB = DebPin("kubernetes-client", DEBIAN_KUBERNETES)

SERVER_COMMANDS = ("kube-apiserver", "kube-controller-manager")
BUILD_TAGS = "selinux,notest"
VERSION_PACKAGES = ("component-base/version", "client-go/pkg/version")

# What each binary must say about itself: (arguments, text that must appear in the output).
VERSION_CHECKS = {
    "kube-apiserver": (("--version",), f"Kubernetes {KUBE_VERSION}"),
    "kube-controller-manager": (("--version",), f"Kubernetes {KUBE_VERSION}"),
    "etcd": (("--version",), "etcd Version: 3.4.23"),
    "kubectl": (("version", "--client", "--short"), f"Client Version: {KUBE_VERSION}"),
}


class KubeBuildError(RuntimeError):
    """The control-plane binaries could not be obtained; the message says which step failed and why."""


@dataclass(frozen=True)
class KubeBinaries:
    kube_apiserver: Path
    kube_controller_manager: Path
    etcd: Path
    kubectl: Path
    stamp: dict
    built_now: bool = False


def cache_root() -> Path:
    env = os.environ.get("CHARTGEN_KUBE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "chartgen-tests" / "kube"


def version_dir() -> Path:
    return cache_root() / KUBE_VERSION


def _recipe() -> dict:
    """What, besides the pinned packages, decides the binaries' content."""
    return {
        "tags": BUILD_TAGS,
        "ldflags": _ldflags("<build date>"),
        "openapi_excluded": list(openapi_gen.EXCLUDED),
        "commands": list(SERVER_COMMANDS),
    }


def expected_inputs() -> dict:
    patch = Path(__file__).with_name("reflect2_fix.py")
    recipe = json.dumps(_recipe(), sort_keys=True).encode()
    return {
        "kubernetes": KUBE_VERSION,
        "source": f"kubernetes {DEBIAN_KUBERNETES}",
        "orig_tarball_sha256": ORIG_TARBALL_SHA256,
        "go": [f"{p.package} {p.version}" for p in GO_DEBS],
        "etcd": f"{ETCD_DEB.package} {ETCD_DEB.version}",
        "kubectl": f"{KUBECTL_DEB.package} {KUBECTL_DEB.version}",
        "reflect2_fix_sha256": file_sha256(patch),
        "recipe_sha256": hashlib.sha256(recipe).hexdigest(),
    }


def cached() -> KubeBinaries | None:
    """The cached binaries if the stamp matches today's inputs and every binary its recorded sha256."""
    where = version_dir()
    try:
        stamp = json.loads((where / "stamp.json").read_text())
    except (OSError, ValueError):
        return None
    if stamp.get("inputs") != expected_inputs():
        return None
    sums = stamp.get("sha256", {})
    if set(sums) != set(VERSION_CHECKS):
        return None
    for name, digest in sums.items():
        path = where / "bin" / name
        if not path.is_file() or file_sha256(path) != digest:
            return None
    found = where / "bin"
    return KubeBinaries(
        found / "kube-apiserver", found / "kube-controller-manager", found / "etcd", found / "kubectl", stamp
    )


def ensure_binaries(log: Log) -> KubeBinaries:
    """The cached binaries, building them first if the cache has no valid entry (waiting for a concurrent build)."""
    found = cached()
    if found is not None:
        return found
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise KubeBuildError(f"the control planes are built from Debian's amd64 packages, not {platform.machine()}")
    with _build_lock(log):
        found = cached()
        if found is not None:
            log("kube-build: another session built the binaries meanwhile")
            return found
        return _build(log)


@contextmanager
def _build_lock(log: Log) -> Iterator[None]:
    cache_root().mkdir(parents=True, exist_ok=True)
    with open(cache_root() / f"{KUBE_VERSION}.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"kube-build: waiting for another session's build ({lock.name})")
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _Clock:
    """Progress lines stamped with the time since the build started."""

    def __init__(self, log: Log) -> None:
        self.start = time.monotonic()
        self._log = log

    def log(self, message: str) -> None:
        self._log(f"kube-build [{duration(time.monotonic() - self.start)}]: {message}")


def _build(log: Log) -> KubeBinaries:
    clock = _Clock(log)
    where = version_dir()
    work = where / "work"
    clock.log(f"building Kubernetes {KUBE_VERSION} from Debian's packages into {where} (about 10 minutes on 2 cores)")
    try:
        staged, stamp = _build_into(work, clock)
    except (ArchiveUnavailable, BuildStepFailed, Reflect2FixError, OSError, subprocess.SubprocessError) as exc:
        raise KubeBuildError(f"{type(exc).__name__}: {exc} (work folder kept: {work})") from exc
    bin_dir = where / "bin"
    shutil.rmtree(bin_dir, ignore_errors=True)
    staged.rename(bin_dir)
    stamp["build_seconds"] = round(time.monotonic() - clock.start, 1)
    _write_atomically(where / "stamp.json", json.dumps(stamp, indent=2, sort_keys=True) + "\n")
    if os.environ.get("CHARTGEN_KUBE_KEEP_WORK") != "1":
        clock.log(f"removing the work folder {work} (set CHARTGEN_KUBE_KEEP_WORK=1 to keep it)")
        shutil.rmtree(work, ignore_errors=True)
    clock.log(f"done: {', '.join(sorted(stamp['sha256']))} cached in {bin_dir}")
    built = cached()
    if built is None:
        raise KubeBuildError(f"the fresh build in {where} does not verify against its own stamp")
    return replace(built, built_now=True)


def _build_into(work: Path, clock: _Clock) -> tuple[Path, dict]:
    """Fetch, patch, generate and build in ``work``; return the folder of verified binaries and their stamp."""
    apt = PrivateApt(work / "apt", clock.log)
    downloads = work / "downloads"
    source = apt.source("kubernetes", DEBIAN_KUBERNETES, downloads)
    orig = next((f for f in source if f.path.name == ORIG_TARBALL), None)
    if orig is None or orig.sha256 != ORIG_TARBALL_SHA256:
        raise ArchiveUnavailable(f"{ORIG_TARBALL} is missing or its sha256 differs from the pin")
    debs = {pin: apt.download(pin.package, pin.version, downloads) for pin in (*GO_DEBS, ETCD_DEB, KUBECTL_DEB)}

    clock.log("unpacking Go, etcd and kubectl")
    packages = work / "debs"
    shutil.rmtree(packages, ignore_errors=True)
    for fetched in debs.values():
        unpack_deb(fetched.path, packages)
    goroot = packages / GOROOT_IN_DEB
    go = GoTool(goroot, work, BUILD_TAGS)
    go_version = go.version()
    if not go_version.startswith("go1.19"):
        raise KubeBuildError(f"{GO_DEBS[0].package} {GO_DEBS[0].version} says it is {go_version}, not Go 1.19")

    tree = work / "gopath" / "src" / "k8s.io" / "kubernetes"
    clock.log(f"unpacking {ORIG_TARBALL}")
    shutil.rmtree(work / "gopath", ignore_errors=True)
    tree.mkdir(parents=True)
    run(["tar", "-xzf", str(orig.path), "-C", str(tree), "--strip-components=1"])
    patched = apply_reflect2_fix(tree, goroot)
    clock.log(f"reflect2 mended for {go_version} (patched files sha256 {patched[:12]})")

    openapi_gen.generate(go, tree, work, clock.log)

    staged = work / "bin"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    build_date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for command in SERVER_COMMANDS:
        go.build(f"k8s.io/kubernetes/cmd/{command}", staged / command, tree, _ldflags(build_date), clock.log)
    shutil.copy2(packages / "usr/bin/etcd", staged / "etcd")
    shutil.copy2(packages / "usr/bin/kubectl", staged / "kubectl")

    versions = {}
    for name, (args, expected) in VERSION_CHECKS.items():
        out = run([str(staged / name), *args]).strip()
        if expected not in out:
            raise KubeBuildError(f"{name} {' '.join(args)} printed {out!r}, expected it to contain {expected!r}")
        versions[name] = out.splitlines()[0]
        clock.log(f"verified {name}: {versions[name]}")
    stamp = {
        "inputs": expected_inputs(),
        "go_version": go_version,
        "reflect2_patched_sha256": patched,
        "build_date": build_date,
        "versions": versions,
        "sha256": {name: file_sha256(staged / name) for name in VERSION_CHECKS},
    }
    return staged, stamp


def _ldflags(build_date: str) -> str:
    values = {
        "gitVersion": KUBE_VERSION,
        "gitMajor": "1",
        "gitMinor": "20",
        "gitCommit": GIT_COMMIT,
        # Kubernetes' own name for a build from a source archive rather than a git checkout.
        "gitTreeState": "archive",
        "buildDate": build_date,
    }
    flags = ["-s", "-w"]
    for package in VERSION_PACKAGES:
        flags += [f"-X k8s.io/kubernetes/vendor/k8s.io/{package}.{key}={value}" for key, value in values.items()]
    return " ".join(flags)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """``build-kube``: build or verify the cached control-plane binaries, with progress on stderr."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(f"usage: build-kube\n\nBuild (or verify) Kubernetes {KUBE_VERSION} binaries in {version_dir()}.")
        return 0
    started = time.monotonic()
    try:
        found = ensure_binaries(lambda message: print(message, file=sys.stderr, flush=True))
    except KubeBuildError as exc:
        print(f"build-kube: error: {exc}", file=sys.stderr)
        return 1
    print(f"build-kube: {KUBE_VERSION} ready in {found.kube_apiserver.parent} ({time.monotonic() - started:.1f} s)")
    return 0
