"""Where a generated key comes from: made ahead of time on background threads, or shared between renders.

A chart like IKO's calls ``genCA`` and ``genSignedCert`` on every render, and each makes an RSA-2048 key: tens of
milliseconds that OpenSSL spends without holding the GIL. ``chartgen render`` starts that work before it imports
the renderer, so the keys are ready (or nearly) when the templates ask. Every key is still fresh and used once;
this only moves when it is made. Nothing heavy is imported here: the threads import ``cryptography`` themselves.

Renders that throw their keys away (lint, snapshots, benchmarks) may instead share one key per kind for the whole
process (``reused_keys``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from chartgen.bounded_io import read_bounded
from chartgen.errors import ChartgenError
from chartgen.limits import CHART_FILE_BYTES

__all__ = [
    "GENERATORS",
    "fresh_or_shared",
    "prefetch_for_chart",
    "prefetch_rsa_2048",
    "reused_keys",
    "take_rsa_2048",
]

# Template functions that make an RSA-2048 key; a chart that calls none of them gains nothing from prefetching.
GENERATORS = (b"genCA", b"genSelfSignedCert", b"genSignedCert")

_lock = threading.Lock()
_pending: list[tuple[threading.Thread, dict[str, Any]]] = []


def _generate(holder: dict[str, Any]) -> None:
    try:
        from cryptography.hazmat.primitives.asymmetric import rsa

        holder["key"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    except Exception:  # the caller then generates its own key; a background failure must not surface here
        holder["key"] = None


def prefetch_rsa_2048(count: int) -> None:
    """Start generating ``count`` keys in the background."""
    with _lock:
        for _ in range(count):
            holder: dict[str, Any] = {}
            thread = threading.Thread(target=_generate, args=(holder,), daemon=True, name="chartgen-rsa-prefetch")
            thread.start()
            _pending.append((thread, holder))


def prefetch_for_chart(chart: Path, most: int = 4) -> None:
    """Start making the keys the templates of the chart folder ``chart`` will ask for: one per call site of a
    generator, at most ``most`` (a template in a loop could want more, which are then made on demand)."""
    templates = chart / "templates"
    if not templates.is_dir():
        return
    calls = 0
    for path in templates.rglob("*"):
        try:
            # Only a guess: links (which the loader may refuse) and oversized files are not worth reading here.
            data = b"" if path.is_symlink() or not path.is_file() else read_bounded(path, CHART_FILE_BYTES, "")
        except (OSError, ChartgenError):
            continue
        calls += sum(data.count(name) for name in GENERATORS)
    if calls:
        prefetch_rsa_2048(min(calls, most))


def take_rsa_2048() -> Any | None:
    """A prefetched key (waiting for it if it is still being made), or None when none was prefetched."""
    with _lock:
        if not _pending:
            return None
        thread, holder = _pending.pop(0)
    thread.join()
    return holder.get("key")


# Keys shared by every render inside a ``reused_keys()`` block, per kind; see there.
_SHARED_KEYS: dict[str, Any] = {}
_REUSE: ContextVar[bool] = ContextVar("chartgen_reuse_generated_keys", default=False)


@contextmanager
def reused_keys() -> Iterator[None]:
    """Within this block each kind of generated key is made once per process and then reused.

    Generating RSA keys dominates the cost of rendering a chart like IKO's (which makes two per render). Lint,
    snapshot tests and benchmarks render many times and throw the keys away (snapshots describe certificates by
    subject, never by key), so they may share keys. Output meant to be applied must never come from this block.
    """
    token = _REUSE.set(True)
    try:
        yield
    finally:
        _REUSE.reset(token)


def fresh_or_shared(kind: str, make: Callable[[], Any]) -> Any:
    """``make()``'s key, or inside a ``reused_keys()`` block the first key made for ``kind`` in this process."""
    if not _REUSE.get():
        return make()
    if kind not in _SHARED_KEYS:
        _SHARED_KEYS[kind] = make()
    return _SHARED_KEYS[kind]
