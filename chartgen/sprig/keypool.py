"""RSA-2048 keys generated ahead of time, on background threads, for the one process that will use them.

A chart like IKO's calls ``genCA`` and ``genSignedCert`` on every render, and each makes an RSA-2048 key: tens of
milliseconds that OpenSSL spends without holding the GIL. ``chartgen render`` starts that work before it imports
the renderer, so the keys are ready (or nearly) when the templates ask. Every key is still fresh and used once;
this only moves when it is made. Nothing heavy is imported here: the threads import ``cryptography`` themselves.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from chartgen.bounded_io import read_bounded
from chartgen.errors import ChartgenError
from chartgen.limits import CHART_FILE_BYTES

__all__ = ["GENERATORS", "prefetch_for_chart", "prefetch_rsa_2048", "take_rsa_2048"]

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
