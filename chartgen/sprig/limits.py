"""Allocation limits that keep a runaway template from exhausting memory.

Go has none: ``until 10000000000000`` or a huge ``repeat`` makes helm die with a Go runtime stack trace when
the allocation fails. chartgen stops such a call with an error naming the function instead, at sizes no real
chart comes near.
"""

from __future__ import annotations

from chartgen.gotemplate.funcs import FuncError

__all__ = ["MAX_ELEMENTS", "MAX_STRING_BYTES", "check_elements", "check_string_bytes"]

MAX_ELEMENTS = 10_000_000
MAX_STRING_BYTES = 64 * 1024 * 1024


def check_elements(count: int) -> None:
    if count > MAX_ELEMENTS:
        raise FuncError(f"refusing to build a list of {count} elements (chartgen's limit is {MAX_ELEMENTS})")


def check_string_bytes(count: int) -> None:
    if count > MAX_STRING_BYTES:
        raise FuncError(f"refusing to build a string of {count} bytes (chartgen's limit is {MAX_STRING_BYTES})")
