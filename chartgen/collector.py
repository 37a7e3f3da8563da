"""Building one large object tree without CPython's cyclic garbage collector walking it again and again.

The collector's full collections are triggered by counts of allocations, and each one visits every tracked
object. Reading a YAML document of megabytes allocates millions of dicts, lists and nodes that all survive until
the tree is finished, so full collections keep coming and each visits the whole tree built so far: time grows
with the square of the document (measured: a 4 MB document met 8 full collections, which took more time than the
reading itself). The same holds for the per-line lists of a diff of two long texts. The structures built under
the pause hold no garbage cycles worth collecting early and are as large as the text they come from, so the
collector loses nothing by waiting until they are done. ``collector_paused()`` is a context manager and, like
any ``contextlib.contextmanager``, a decorator.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (it runs again as usual after it)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
