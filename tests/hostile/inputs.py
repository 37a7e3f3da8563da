"""Hostile inputs, built small on disk: charts, alias bombs, deep documents, archives that lie.

Every builder writes only under the folder it is given, so a test's sandbox holds the whole attack.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  a: {{ .Values.a | quote }}
"""


def write_chart(root: Path, name: str = "demo", templates: dict[str, str] | None = None, **files: str) -> Path:
    """A minimal valid chart at ``root/name``; ``files`` adds or replaces files (``values_yaml`` -> values.yaml)."""
    chart = root / name
    (chart / "templates").mkdir(parents=True, exist_ok=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("a: 1\n")
    for template, text in (templates or {"cm.yaml": CONFIGMAP}).items():
        (chart / "templates" / template).write_text(text)
    for key, text in files.items():
        (chart / key.replace("_", ".")).write_text(text)
    return chart


def alias_bomb(levels: int = 9, key: str = "a") -> str:
    """Billion laughs: each level a list of nine aliases of the one before (9**levels leaves)."""
    lines = [f'{key}0: &{key}0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*{key}{level - 1}"] * 9)
        lines.append(f"{key}{level}: &{key}{level} [{refs}]")
    return "\n".join(lines) + "\n"


def nested_bomb(levels: int = 9) -> str:
    """An alias bomb one mapping down (``x: {a0: ..., a1: ...}``), where a kubeconfig or config key would sit."""
    return "x:\n" + "".join("  " + line + "\n" for line in alias_bomb(levels).splitlines())


def deep_flow(depth: int, key: str = "a", seq: bool = False) -> str:
    """``key: {a: {a: ... 1}}`` (or ``[[[1]]]``) nested ``depth`` flow levels under ``key``."""
    if seq:
        return f"{key}: " + "[" * depth + "1" + "]" * depth + "\n"
    return f"{key}: " + "{a: " * depth + "1" + "}" * depth + "\n"


def deep_block(depth: int, key: str = "a") -> str:
    """``depth`` block mappings nested by indentation under ``key`` (size grows with depth squared)."""
    lines = [f"{key}:"] + ["  " * (i + 1) + "a:" for i in range(depth - 1)] + ["  " * depth + "b: 1"]
    return "\n".join(lines) + "\n"


def deep_compact_sequence(depth: int, key: str = "a") -> str:
    """``depth`` block sequences written on one line (``- - - 1``): goyaml counts an indentation for each."""
    return f"{key}:\n  " + "- " * depth + "1\n"


# -- archives ---------------------------------------------------------------------------------------------------

CHART_YAML = b"apiVersion: v2\nname: demo\nversion: 0.1.0\n"


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - io's protocol
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    return info


def write_tgz(
    path: Path,
    files: dict[str, bytes] | None = None,
    zero_files: dict[str, int] | None = None,
    fmt: int = tarfile.PAX_FORMAT,
    pax: dict[str, str] | None = None,
) -> Path:
    """A gzip tar under ``demo/``: ``files`` as given, ``zero_files`` as runs of zeros (they compress ~1000:1),
    ``pax`` as extended-header records on the first of ``files``."""
    raw = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as stream,
        tarfile.open(fileobj=stream, mode="w", format=fmt) as tar,
    ):
        entries = {"Chart.yaml": CHART_YAML, **(files or {})}
        for index, (name, data) in enumerate(entries.items()):
            info = _info(f"demo/{name}", len(data))
            if pax and index == len(entries) - 1:
                info.pax_headers = dict(pax)
            tar.addfile(info, io.BytesIO(data))
        for name, size in (zero_files or {}).items():
            tar.addfile(_info(f"demo/{name}", size), io.BufferedReader(_Zeros(size)))
    path.write_bytes(raw.getvalue())
    return path


def _header(name: bytes, size: int, kind: bytes) -> bytes:
    """One ustar header block with a correct checksum (sizes past 8 GiB in base-256)."""
    block = bytearray(512)
    block[0 : len(name)] = name
    block[100:108] = b"0000644\0"
    block[108:116] = b"0000000\0"
    block[116:124] = b"0000000\0"
    if size < 8**11:
        block[124:136] = b"%011o\0" % size
    else:
        block[124:136] = b"\x80" + size.to_bytes(11, "big")
    block[136:148] = b"00000000000\0"
    block[156:157] = kind
    block[257:263] = b"ustar\0"
    block[263:265] = b"00"
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block)


def write_special_header_tgz(path: Path, kind: bytes, claimed: int, actual: int) -> Path:
    """A tar whose first entry is a pax (``x``) or GNU long-name (``L``) header claiming ``claimed`` bytes and
    followed by ``actual`` zero bytes: the shape of a 3 MB archive that grows to gigabytes in ``tarfile``."""
    with gzip.GzipFile(path, "wb", mtime=0, compresslevel=9) as stream:
        stream.write(_header(b"././@LongLink" if kind == b"L" else b"pax", claimed, kind))
        left = actual
        chunk = bytes(1 << 20)
        while left > 0:
            stream.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return path


def write_lying_tgz(path: Path, claimed: int, actual: bytes) -> Path:
    """A tar entry whose header claims ``claimed`` bytes but whose archive ends after ``actual``."""
    body = _header(b"demo/Chart.yaml", len(CHART_YAML), b"0") + CHART_YAML.ljust(512, b"\0")
    body += _header(b"demo/templates/big.yaml", claimed, b"0") + actual
    path.write_bytes(gzip.compress(body, mtime=0))
    return path


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def write_ca(path: Path) -> Path:
    """A self-signed CA certificate (PEM), for commands that need one before they reach the input under test."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hostile-ca")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path
