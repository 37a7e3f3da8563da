"""The ``chartgen`` command and ``python -m chartgen``.

``chartgen --version`` answers here, before click and the command modules are imported (~40 ms, several times
the interpreter's own start-up), and ``chartgen render`` with plain arguments goes to ``cli_render`` without
click; every other invocation goes to :func:`chartgen.cli.main`. The process then ends without tearing the
interpreter down (:func:`_leave`).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself costs --version a third of its time
if TYPE_CHECKING:
    from typing import NoReturn


def main() -> NoReturn:
    try:
        _dispatch()
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


def _dispatch() -> None:
    if sys.argv[1:] == ["--version"]:
        from chartgen import __version__

        sys.stdout.write(f"chartgen, version {__version__}\n")  # click's version_option wording, kept by a test
        return
    if sys.argv[1:2] == ["render"]:
        from chartgen.cli_render import render_fast

        render_fast(sys.argv[2:])  # exits, unless the arguments need click
    from chartgen.cli import main as cli_main

    cli_main()


def _leave(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, but without freeing every module and object first.

    That teardown costs a short command 10-20 ms, a tenth of rendering a small chart, and does nothing for the
    user: every file chartgen writes is closed and renamed into place before a command returns. Standard output
    and error are flushed and the exit handlers run, as at any exit; where either cannot be done here, the
    interpreter's own exit does it."""
    import atexit
    import os

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or not isinstance(code, int | None):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # the interpreter reports a failed flush its own way
    run_exit_handlers()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
