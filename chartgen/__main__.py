"""The ``chartgen`` command and ``python -m chartgen``.

``chartgen --version`` answers here, before click and the command modules are imported (~40 ms, several times
the interpreter's own start-up), and ``chartgen render`` with plain arguments goes to ``cli_render`` without
click; every other invocation goes to :func:`chartgen.cli.main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from chartgen import __version__

        sys.stdout.write(f"chartgen, version {__version__}\n")  # click's version_option wording, kept by a test
        sys.stdout.flush()
        return
    if sys.argv[1:2] == ["render"]:
        from chartgen.cli_render import render_fast

        render_fast(sys.argv[2:])  # exits, unless the arguments need click
    from chartgen.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
