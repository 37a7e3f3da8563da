"""fleet.yaml texts for the tests: a valid three-target fleet and targets to change one thing at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def target(name: str, server: str = "https://work-a.example.com:6443", watch: list[str] | None = None, **extra: Any):
    work: dict[str, Any] = {"server": server}
    if watch is not None:
        work["watch_namespaces"] = watch
    return {"name": name, "namespace": f"iko-{name}", "secret": {"name": f"work-{name}"}, "work": work, **extra}


def three_targets() -> list[dict[str, Any]]:
    return [
        target("prod", watch=["iris-prod"]),
        target("test", watch=["iris-test"]),
        target("lab", server="https://work-b.example.com:6443", values={"logLevel": 5}),
    ]


def write_fleet(folder: Path, targets: list[dict[str, Any]] | None = None, **top: Any) -> Path:
    data = {"gitops": {"repo_url": "https://git.example.com/ops/fleet.git", "path": "deploy/fleet"}, **top}
    data["targets"] = three_targets() if targets is None else targets
    path = folder / "fleet.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``path`` that contains ``text``."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return found[occurrence - 1]
