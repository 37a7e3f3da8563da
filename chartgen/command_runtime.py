"""How the CLI runs a command: on a thread with room for deep input, with chartgen's warnings as one line each.

Readers accept YAML and JSON as deep as Helm does (``chartgen.limits``), and such values are walked recursively
by the decoders, the coalescing, the template engine and the printers. The main thread's C stack (8 MiB) is too
small for that on every Python version, so the command runs on a thread with a large stack and a recursion limit
to match. Library callers (the pytest plugin, ``render_chart``) keep their own stack; there, input too deep for
the caller's recursion limit ends in a typed error instead.
"""

from __future__ import annotations

import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from chartgen.errors import ChartgenWarning
from chartgen.limits import COMMAND_RECURSION_LIMIT, COMMAND_STACK_BYTES

__all__ = ["recursion_cap", "recursion_room", "run_on_deep_stack", "warnings_as_lines"]

T = TypeVar("T")


def run_on_deep_stack(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` on a thread with ``COMMAND_STACK_BYTES`` of stack; its exception is re-raised here.

    Where the platform refuses such a thread, the call runs here, on the caller's stack.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # re-raised in the calling thread, which owns the exit
            outcome["error"] = exc

    previous_size = threading.stack_size()
    try:
        threading.stack_size(COMMAND_STACK_BYTES)
        thread = threading.Thread(target=target, name="chartgen-command", daemon=True)
        thread.start()
    except (RuntimeError, ValueError, MemoryError):
        thread = None
    finally:
        threading.stack_size(previous_size)
    if thread is None:
        return function(*args)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, COMMAND_RECURSION_LIMIT))
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@contextmanager
def warnings_as_lines(echo: Callable[[str], None]) -> Iterator[None]:
    """Show each distinct :class:`ChartgenWarning` once, as ``chartgen: warning: <text>`` through ``echo``."""
    with warnings.catch_warnings():
        warnings.simplefilter("default", ChartgenWarning)
        original = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001 - warnings' hook
            if issubclass(category, ChartgenWarning):
                echo(f"chartgen: warning: {message}")
            elif not category.__module__.startswith("ruamel."):
                # ruamel lectures about YAML 1.1 floats in many lines (and installs its own filters on import);
                # the input is judged by chartgen's own checks instead.
                original(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


@contextmanager
def recursion_room(frames: int) -> Iterator[None]:
    """Let the running code recurse ``frames`` Python frames deeper than the recursion limit allows now.

    Only on Python 3.11 and later, where a call from Python code to Python code takes no C stack, so a higher
    limit cannot overflow the thread's stack; elsewhere the limit stays and deep input meets a RecursionError,
    which each reader turns into its own typed error."""
    if frames <= _SMALL or sys.version_info < (3, 11):
        yield
        return
    with _recursion_limit(max(sys.getrecursionlimit(), _stack_depth() + frames)):
        yield


@contextmanager
def recursion_cap(frames: int) -> Iterator[None]:
    """Let the running code recurse at most ``frames`` frames deeper than it is now: the limit is lowered (never
    raised) for the duration. For C code such as ``json``, whose recursion takes C stack on every Python version,
    called where a caller has raised the limit for Python frames that take none."""
    with _recursion_limit(min(sys.getrecursionlimit(), _stack_depth() + frames)):
        yield


@contextmanager
def _recursion_limit(wanted: int) -> Iterator[None]:
    previous = sys.getrecursionlimit()
    if wanted == previous:
        yield
        return
    sys.setrecursionlimit(wanted)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


# Room every caller has anyway (the default limit is 1000): not worth counting the stack for.
_SMALL = 300


def _stack_depth() -> int:
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth
