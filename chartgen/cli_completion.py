"""``chartgen completion bash|zsh|fish``: the shell's completion script, as click's completion machinery writes it.

The script calls chartgen back with ``_CHARTGEN_COMPLETE`` set, and chartgen's top-level group answers from its
own commands and options (``list_commands``/``get_command``), so the completions follow the commands chartgen
has, however they are loaded.
"""

from __future__ import annotations

import click

COMPLETE_VARIABLE = "_CHARTGEN_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def completion_script(root: click.Command, shell: str, prog_name: str = "chartgen") -> str:
    """The completion script click's class for ``shell`` writes for ``root``."""
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    if completer is None:  # click dropped a shell it once had: say so instead of failing on None
        from chartgen.errors import UsageError

        raise UsageError(f"this click has no completion for {shell}")
    return completer(root, {}, prog_name, COMPLETE_VARIABLE).source()


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS), metavar="SHELL")
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script for SHELL.

    The script completes chartgen's commands, options and choices by asking chartgen itself. Load it from your
    shell's start-up file (or write it where your shell looks for completions); the README's "Shell completion"
    section has the line for each shell. Exits 0; an unknown SHELL is a usage error (exit 2).

    \b
    Examples:
      eval "$(chartgen completion bash)"        # in ~/.bashrc
      eval "$(chartgen completion zsh)"         # in ~/.zshrc, after compinit
      chartgen completion fish > ~/.config/fish/completions/chartgen.fish
    """
    click.echo(completion_script(ctx.find_root().command, shell), nl=False)
