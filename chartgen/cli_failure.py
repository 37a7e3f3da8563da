"""How a failed command ends: one ``chartgen: error:`` line on stderr and an exit status, whatever went wrong.

Both ways into a command report here: click's (``cli.py``) and the plain-argument render (``cli_render.py``),
which must not import click before it is needed, so click is imported only to tell its own errors apart.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["DEBUG_VARIABLE", "EXIT_BROKEN_PIPE", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_USAGE", "report_error"]

# Exit statuses of every command (README, "Exit codes"): 1 is lint's "findings fail the run".
EXIT_USAGE = 2  # bad input, a refusal, a usage error
EXIT_INTERNAL = 70  # a bug in chartgen (sysexits' EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away, as a shell reports SIGPIPE
DEBUG_VARIABLE = "CHARTGEN_DEBUG"


def report_error(error: BaseException) -> int:
    """Print ``error`` as one line on stderr; returns the exit status."""
    import os

    import click

    from chartgen.errors import ChartgenError

    if isinstance(error, BrokenPipeError) and _stdout_gone():
        # The reader of our output went away (`chartgen render | head`): nothing to say, and stdout is gone.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    # click 8.2+ raises this for a bare group (`chartgen`, `chartgen kubeconfig`); older clicks print the help.
    no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
    if isinstance(error, no_args) and error.ctx is not None:
        click.echo(error.ctx.get_help())  # a bare `chartgen` or `chartgen kubeconfig` asks for the commands
        return EXIT_USAGE
    if isinstance(error, ChartgenError):
        text, code = str(error), error.exit_code
    elif isinstance(error, click.ClickException):
        text, code = _click_text(error), EXIT_USAGE
    elif isinstance(error, OSError):
        text, code = _os_error_text(error), EXIT_USAGE
    elif isinstance(error, KeyboardInterrupt | click.Abort):
        text, code = "interrupted", EXIT_INTERRUPTED
    else:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            import traceback

            traceback.print_exception(error)
        detail = str(error)[:300]
        text = (
            f"internal error: {type(error).__name__}{': ' + detail if detail else ''} (this is a bug in chartgen; "
            f"please report it with the command that caused it, or run it again with {DEBUG_VARIABLE}=1 for details)"
        )
        code = EXIT_INTERNAL
    from chartgen.redact import redact

    line = " ".join(redact(text, patterns=code == EXIT_INTERNAL).split())
    click.echo(f"chartgen: error: {line}", err=True)
    return code


def _stdout_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more (rather than a broken pipe to, say, a helm subprocess)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll() here, or no stdout at all
        return True


def _click_text(error: Any) -> str:
    import click

    text = error.format_message()
    ctx = getattr(error, "ctx", None)
    if ctx is not None and isinstance(error, click.UsageError):
        text += f" (see '{ctx.command_path} --help')"
    return text


def _os_error_text(error: OSError) -> str:
    """``[Errno 2] No such file or directory: 'x'`` as ``x: No such file or directory``: the file first, no errno."""
    what = error.strerror or type(error).__name__
    if error.filename is not None and error.filename2 is not None:
        return f"{error.filename} -> {error.filename2}: {what}"
    if error.filename is not None:
        return f"{error.filename}: {what}"
    return what
