"""``chartgen completion``: click's scripts, printed as they are, and completions answered by chartgen's commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import click
import pytest
from click.shell_completion import get_completion_class
from click.testing import CliRunner
from conftest import run_cli

from chartgen.cli import main
from chartgen.cli_completion import COMPLETE_VARIABLE


def _complete(shell: str, words: str, cword: str) -> list[str]:
    """What a real chartgen process answers when the completion script calls it back."""
    env = {**os.environ, COMPLETE_VARIABLE: f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": cword}
    done = subprocess.run([sys.executable, "-m", "chartgen"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_printed_script_is_clicks_own(shell):
    expected = get_completion_class(shell)(main, {}, "chartgen", "_CHARTGEN_COMPLETE").source()
    done = run_cli("completion", shell)
    assert done.exit_code == 0
    assert done.stdout == expected


def test_an_unknown_shell_is_a_usage_error():
    done = run_cli("completion", "tcsh")
    assert done.exit_code == 2
    assert done.stderr.startswith("chartgen: error: Invalid value for 'SHELL': 'tcsh' is not one of")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.slow  # a chartgen subprocess per case
def test_bash_completes_subcommands_from_the_group():
    ctx = click.Context(main)
    expected = [f"plain,{name}" for name in main.list_commands(ctx) if name.startswith("re")]
    assert expected == ["plain,render"]
    assert _complete("bash", "chartgen re", "1") == expected


@pytest.mark.slow
def test_bash_completes_an_options_choices():
    assert _complete("bash", "chartgen lint --format ", "3") == [
        f"plain,{f}" for f in ("text", "json", "sarif", "junit")
    ]


@pytest.mark.slow
def test_zsh_completes_options_with_their_help():
    answer = _complete("zsh", "chartgen lint --fo", "2")
    assert answer[answer.index("--format") + 1] == "Report format."
    assert "--force" in answer


@pytest.mark.slow
def test_fish_completes_nested_subcommands():
    answer = _complete("fish", "chartgen target ", "")
    assert [line.split("\t")[0] for line in answer] == ["plain,bundle"]


def test_completion_asks_the_group_for_its_commands(monkeypatch):
    # The top-level group may load its commands lazily: completion must go through list_commands/get_command.
    late = click.Command("zz-late-command", help="Added after start-up.")
    group = type(main)
    listed, got = group.list_commands, group.get_command
    monkeypatch.setattr(group, "list_commands", lambda self, ctx: [*listed(self, ctx), late.name])
    monkeypatch.setattr(
        group, "get_command", lambda self, ctx, name: late if name == late.name else got(self, ctx, name)
    )
    env = {COMPLETE_VARIABLE: "bash_complete", "COMP_WORDS": "chartgen zz", "COMP_CWORD": "1"}
    done = CliRunner().invoke(main, [], env=env, prog_name="chartgen")
    assert done.output.splitlines() == ["plain,zz-late-command"]


@pytest.mark.slow  # runs bash
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_sources_the_script_and_completes_through_it(tmp_path):
    script = tmp_path / "chartgen.bash"
    script.write_text(run_cli("completion", "bash").stdout)
    launcher = tmp_path / "bin" / "chartgen"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m chartgen "$@"\n')
    launcher.chmod(0o755)
    program = (
        f"source {script}\n"
        "complete -p chartgen\n"
        "COMP_WORDS=(chartgen kubeconfig ch); COMP_CWORD=2\n"
        "_chartgen_completion chartgen\n"
        'printf "reply:%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "--norc", "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["complete -o nosort -F _chartgen_completion chartgen", "reply:check"]
