"""The README's section "From two clusters to an operator working from home", read as commands.

The test runs what the README says, not a copy of it: the commands are the section's code lines up to its first
subsection (indented four spaces or more; a trailing backslash continues a line), taken in order and grouped by the
numbered step they follow (step 0: before the first step). Exactly two things are replaced, both tied to kind, which this machine does
not have:

- each ``kind create cluster --name X && kind get kubeconfig --name X > X.kubeconfig`` line: the harness writes the
  admin kubeconfig of HOME (``ikohome``) or WORK (``ikowork``) to ``X.kubeconfig`` instead;
- ``--server https://ikowork-control-plane:6443`` (kind's in-network address of WORK): WORK's address by the
  machine's host name, which reaches it as a pod at HOME would reach the work cluster.

Everything else runs verbatim in a fresh folder, where the IKO download's chart folder
(``iris_operator_amd-3.8.42.100/chart/iris-operator``) is the bundled chart. ``SHAPE`` is what the test expects the
section to hold; when the README's commands change shape, the test says so instead of running something else.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

SECTION = "## From two clusters to an operator working from home"
DOWNLOADED_CHART = "iris_operator_amd-3.8.42.100/chart/iris-operator"
KIND_CLUSTERS = {"ikohome": "home", "ikowork": "work"}
KIND_LINE = re.compile(r"^kind create cluster --name (\S+) && kind get kubeconfig --name \1 > \1\.kubeconfig$")
KIND_SERVER = "--server https://ikowork-control-plane:6443"
_STEP = re.compile(r"^(\d+)\. ")
# Options whose value is the next word, so that a command's shape is its program and its first sub-command.
_VALUED = {"--kubeconfig", "-n", "--namespace", "--name", "--chart"}
_WITH_SUBCOMMANDS = {"chartgen", "helm", "kind", "kubectl"}

# (step, program and sub-command) of every command of the section, in order.
SHAPE = [
    (0, "kind create"),
    (0, "kind create"),
    (1, "chartgen patch"),
    (1, "chartgen lint"),
    (2, "chartgen target"),
    (2, "kubectl apply"),
    (3, "kubectl get"),
    (3, "chartgen kubeconfig"),
    (4, "chartgen kubeconfig"),
    (4, "kubectl create"),
    (4, "kubectl apply"),
    (4, "rm"),
    (5, "helm install"),
    (6, "kubectl get"),
    (6, "chartgen target"),
    (6, "kubectl apply"),
    (7, "kubectl apply"),
]


@dataclass(frozen=True)
class Command:
    step: int
    text: str  # as written, continuation lines joined

    @property
    def shape(self) -> str:
        words = shlex.split(self.text)
        found = [words[0]]
        if words[0] not in _WITH_SUBCOMMANDS:
            return words[0]
        skip = False
        for word in words[1:]:
            if skip:
                skip = False
            elif word in _VALUED:
                skip = True
            elif not word.startswith("-"):
                found.append(word)
                break
        return " ".join(found)


def section_commands(readme: Path) -> list[Command]:
    lines = readme.read_text(encoding="utf-8").splitlines()
    start = lines.index(SECTION)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("#"))  # the next heading
    commands: list[Command] = []
    step = 0
    pending = ""
    for line in lines[start + 1 : end]:
        indent = len(line) - len(line.lstrip(" "))
        if pending:
            pending += " " + line.strip()
        elif indent >= 4 and line.strip():
            pending = line.strip()
        else:
            if (match := _STEP.match(line)) is not None:
                step = int(match.group(1))
            continue
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        commands.append(Command(step, pending))
        pending = ""
    return commands


def kind_cluster(command: Command) -> str | None:
    """The README's kind cluster a set-up line creates (``ikohome``/``ikowork``), or None for any other line."""
    match = KIND_LINE.match(command.text)
    return match.group(1) if match else None


def with_server(command: Command, server: str) -> str:
    """The command with kind's in-network address of WORK replaced by ``server``."""
    return command.text.replace(KIND_SERVER, f"--server {server}")
