"""Opening a chart archive (``.tgz``) without trusting a byte of it.

Python's ``tarfile`` reads a pax or GNU long-name header whole, at whatever size its header claims (a few MB of
gzip can claim gigabytes of zeros), parses pax records with regular expressions that backtrack, and builds sparse
maps of any length. So the archive is decompressed here with a bound on the bytes produced, and every header of
the tar stream is walked before ``tarfile`` sees it: sizes must parse, special headers stay within Go's
``archive/tar`` limit and pax records must be well formed (Go refuses malformed ones too). Only then is the
stream handed to ``tarfile``, from memory.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from chartgen.limits import ARCHIVE_STREAM_BYTES, CHART_BYTES, TAR_HEADER_BYTES
from chartgen.records import record

if TYPE_CHECKING:
    import tarfile

__all__ = ["ArchiveEntry", "ArchiveError", "archive_entries", "open_archive", "tar_error"]

_BLOCK = 512
_SPECIAL = {b"x", b"g", b"X", b"L", b"K"}  # pax extended/global (and Solaris), GNU long name/link
_PAX = {b"x", b"g", b"X"}
# tarfile looks for "hdrcharset" with a search whose digit prefix backtracks over every run of digits.
_LONG_DIGITS = re.compile(rb"[0-9]{65}")


class ArchiveError(Exception):
    """The archive is refused. ``helm_text`` is what Helm 3 prints for it; ``detail`` says more."""

    def __init__(self, helm_text: str, detail: str) -> None:
        super().__init__(detail)
        self.helm_text = helm_text
        self.detail = detail


def open_archive(raw: bytes) -> tarfile.TarFile:
    """A ``tarfile`` over the decompressed, checked tar stream of the gzip bytes ``raw``."""
    import tarfile  # only archives pay for it

    stream = _gunzip(raw)
    _check_headers(stream)
    return tarfile.open(fileobj=io.BytesIO(stream), mode="r:")


@record(frozen=True)
class ArchiveEntry:
    """One entry of a chart archive: its header, judged by the caller before :meth:`read` takes its bytes."""

    member: tarfile.TarInfo
    _tar: tarfile.TarFile

    @property
    def name(self) -> str:
        return self.member.name

    @property
    def size(self) -> int:
        return self.member.size

    def read(self) -> bytes:
        """The content of a regular file; nothing for any other entry (a link, a device)."""
        handle = self._tar.extractfile(self.member) if self.member.isfile() else None
        return handle.read() if handle else b""


def tar_error() -> type[Exception]:
    """``tarfile``'s error class, for an ``except`` clause that is evaluated only when something failed: a chart
    folder never imports ``tarfile``."""
    import tarfile

    return tarfile.TarError


def archive_entries(raw: bytes) -> Iterator[ArchiveEntry]:
    """The entries of the gzip tar ``raw`` in archive order, without folders and pax headers (which name no file).

    Both chart loaders read archives through this: chartgen's strict one (``chartio.source``) and Helm's
    (``helm.chart_loader``); each judges names, types and sizes by its own rules and in its own words. Raises
    :class:`ArchiveError`, and ``tarfile``'s errors for a stream it cannot parse."""
    with open_archive(raw) as tar:
        for member in tar:
            if member.isdir() or member.type in (b"x", b"g"):  # pax headers, extended and global
                continue
            yield ArchiveEntry(member, tar)


def _gunzip(raw: bytes) -> bytes:
    out: list[bytes] = []
    produced = 0
    data = raw
    while data:
        if out and not data.strip(b"\0"):
            break  # zero padding after the last member, which tar tools write and readers skip
        # wbits 16+MAX_WBITS: the gzip wrapper; a concatenated gzip member starts a new decompressor.
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while data:
                chunk = decompressor.decompress(data, ARCHIVE_STREAM_BYTES + 1 - produced)
                out.append(chunk)
                produced += len(chunk)
                if produced > ARCHIVE_STREAM_BYTES:
                    # Go reads header by header: a bad header early in the stream is what Helm reports.
                    _check_headers(b"".join(out), complete=False)
                    raise ArchiveError(
                        # Helm streams and stops at the file that passes its chart limit, with this text.
                        f"decompressed chart is larger than the maximum file size {CHART_BYTES}",
                        f"the archive holds more than {ARCHIVE_STREAM_BYTES} bytes once decompressed",
                    )
                data = decompressor.unconsumed_tail
                if decompressor.eof:
                    break
        except zlib.error as exc:
            raise ArchiveError("gzip: invalid header", f"not a readable gzip stream ({exc})") from None
        if not decompressor.eof:
            raise ArchiveError("unexpected EOF", "the gzip stream is cut short")
        data = decompressor.unused_data
    return b"".join(out)


def _size(field: bytes) -> int:
    """A tar number field: octal text, or base-256 when the first byte has its high bit set (as Go and tarfile
    read it)."""
    if field[:1] in (b"\x80", b"\xff"):
        value = int.from_bytes(field[1:], "big")
        return value - (256 ** (len(field) - 1)) if field[0] == 0xFF else value
    text = field.split(b"\0", 1)[0].strip()
    try:
        return int(text or b"0", 8)
    except ValueError:
        raise ArchiveError("archive/tar: invalid tar header", "a tar header has an unreadable size") from None


def _check_headers(stream: bytes, complete: bool = True) -> None:
    """Walk every header; ``complete`` False for a stream cut short, whose end is not an error."""
    position = 0
    end = len(stream)
    while position + _BLOCK <= end:
        header = stream[position : position + _BLOCK]
        if header.count(0) == _BLOCK:
            return  # the end-of-archive marker; tarfile stops here too
        size = _size(header[124:136])
        kind = header[156:157]
        if size < 0:
            raise ArchiveError("archive/tar: invalid tar header", "a tar header has a negative size")
        if kind == b"S" or kind in _PAX and b"GNU.sparse." in stream[position + _BLOCK : position + _BLOCK + size]:
            raise ArchiveError(
                "archive/tar: invalid tar header", "the archive holds a sparse file; a chart holds regular files"
            )
        if kind in _SPECIAL:
            if size > TAR_HEADER_BYTES:
                raise ArchiveError(
                    "archive/tar: header field too long",
                    f"a tar extended header of {size} bytes exceeds the limit of {TAR_HEADER_BYTES}",
                )
            body = stream[position + _BLOCK : position + _BLOCK + size]
            if len(body) < size:
                if not complete:
                    return
                raise ArchiveError("unexpected EOF", "the archive ends inside a tar header")
            if kind in _PAX:
                _check_pax(body)
        position += _BLOCK + -(-size // _BLOCK) * _BLOCK


def _check_pax(body: bytes) -> None:
    """Records read ``<length> <keyword>=<value>\\n``, each exactly ``length`` bytes, as Go requires."""
    if _LONG_DIGITS.search(body):
        raise ArchiveError("archive/tar: invalid tar header", "a pax header holds a run of more than 64 digits")
    position = 0
    while position < len(body):
        space = body.find(b" ", position, position + 21)
        digits = body[position:space] if space > position else b""
        if not digits.isdigit():
            raise ArchiveError("archive/tar: invalid tar header", "a pax record has no length")
        length = int(digits)
        record = body[position : position + length]
        if length <= len(digits) + 1 or len(record) < length or not record.endswith(b"\n") or b"=" not in record:
            raise ArchiveError("archive/tar: invalid tar header", "a pax record is malformed")
        position += length
