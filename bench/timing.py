"""Timing helpers shared by the benchmark scripts: medians after a warm-up, processes, isolated helm dirs."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(action: Callable[[], None], repeat: int) -> tuple[float, list[float]]:
    # One untimed warm-up so the first sample does not carry cold page-cache and .pyc costs that later runs never pay.
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples), samples


def run_process(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Callable[[], None]:
    def action() -> None:
        done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # A failing command would time an error path, not the real work, so stop rather than report nonsense.
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')}")

    return action


def helm_env(home: Path) -> dict[str, str]:
    # Isolated helm dirs keep the user's repos and plugins from changing what (and how fast) helm loads.
    env = dict(os.environ)
    for name in ("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME"):
        path = home / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env
