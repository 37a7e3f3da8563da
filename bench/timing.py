"""What the benchmark scripts share: medians after a warm-up, timed processes, the pinned helm binaries in
isolated dirs, the command line (--repeat, --json) and the printing of ratios against their aims.

The scripts put ``tests/`` (for ``helm_binaries``) and ``bench/`` on ``sys.path`` before importing this module.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helm_binaries import HELM3, HELM4, HelmPin, HelmUnavailable, helm_binary


def median_ms(action: Callable[[], None], repeat: int) -> tuple[float, list[float]]:
    # One untimed warm-up so the first sample does not carry cold page-cache and .pyc costs that later runs never pay.
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples), samples


def process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment timed processes get: the caller's, minus PYTHONDONTWRITEBYTECODE.

    Some sandboxes set it, which makes every Python process recompile chartgen from source (about 100 ms);
    a user's machine keeps bytecode caches, and that is what the numbers should describe.
    """
    chosen = dict(os.environ if env is None else env)
    chosen.pop("PYTHONDONTWRITEBYTECODE", None)
    return chosen


def run_process(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Callable[[], None]:
    child_env = process_env(env)

    def action() -> None:
        done = subprocess.run(cmd, cwd=cwd, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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


def pinned_helms() -> tuple[dict[HelmPin, Path], dict[HelmPin, str]]:
    """The pinned Helm 3 and Helm 4 binaries that are available, and why each of the others is not."""
    found: dict[HelmPin, Path] = {}
    unavailable: dict[HelmPin, str] = {}
    for pin in (HELM3, HELM4):
        try:
            found[pin] = helm_binary(pin)
        except HelmUnavailable as exc:
            unavailable[pin] = str(exc)
    return found, unavailable


def bench_arguments(
    doc: str,
    argv: list[str] | None,
    *,
    default_repeat: int,
    per: str,
    switches: dict[str, str] | None = None,
    corpus: bool = False,
) -> argparse.Namespace:
    """Parse a benchmark's command line: ``--repeat`` (timed runs ``per`` case) and ``--json``; the script's own
    on/off ``switches`` (``{"--profile": help text}``); with ``corpus``, the corpus choices ``--charts``,
    ``--small`` and ``--matrix``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=default_repeat, help=f"timed runs per {per} (default {default_repeat})"
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead of the table")
    for flag, text in (switches or {}).items():
        parser.add_argument(flag, action="store_true", help=text)
    if corpus:
        from make_charts import CORPUS

        parser.add_argument(
            "--charts",
            default=",".join(CORPUS),
            help=f"comma-separated corpus charts to time (default all: {', '.join(CORPUS)})",
        )
        parser.add_argument("--small", action="store_true", help="the small variants of the generated charts")
        parser.add_argument(
            "--matrix",
            type=int,
            default=MATRIX,
            help=f"values files in the many-profiles matrix (default {MATRIX}; 0 skips it)",
        )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if corpus:
        from make_charts import CORPUS

        args.charts = [name for name in args.charts.split(",") if name]
        unknown = sorted(set(args.charts) - set(CORPUS))
        if unknown:
            parser.error(f"unknown corpus charts: {', '.join(unknown)} (known: {', '.join(CORPUS)})")
        if args.matrix < 0:
            parser.error("--matrix must not be negative")
    return args


MATRIX = 50


def corpus_charts(names: list[str], small: bool) -> dict[str, Path]:
    """The chosen corpus charts (generated into ``bench/charts/`` when stale), in corpus order."""
    from make_charts import ensure_corpus

    charts = ensure_corpus(small=small)
    return {name: path for name, path in charts.items() if name in names}


def corpus_ratios(per_chart: dict[str, float], what: str) -> dict[str, tuple[float, float]]:
    """The issue's two aims over the corpus: the median ratio at most 1.0, every chart at most 2.0."""
    if not per_chart:
        return {}
    worst = max(per_chart, key=per_chart.__getitem__)
    return {
        f"{what}: median over {len(per_chart)} charts": (statistics.median(per_chart.values()), 1.0),
        f"{what}: worst ({worst})": (per_chart[worst], 2.0),
    }


def capture(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> bytes:
    """One run's stdout (for the parity check beside the timings); a failing command stops the benchmark."""
    done = subprocess.run(cmd, cwd=cwd, env=process_env(env), capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return done.stdout


def print_results(results: dict[str, Any], as_json: bool, print_table: Callable[[dict[str, Any]], None]) -> None:
    if as_json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)


def print_aimed_ratios(ratios: dict[str, tuple[float, float]], unavailable: dict[str, str], width: int) -> None:
    """Each ratio with its aim (met when the ratio is at most the aim), then the helm versions that were skipped."""
    for name, (value, aim) in ratios.items():
        verdict = "meets aim" if value <= aim else "misses aim"
        print(f"{name:<{width}}  {value:>9.2f}  (aim <= {aim}) {verdict}")
    for name, reason in unavailable.items():
        print(f"helm {name}: skipped, {reason}")


def write_patched_chart(target: Path) -> Path:
    """The bundled base chart patched with the remote-target overlay, written to ``target`` (what the benchmarks
    time against helm)."""
    from chartgen.chartio.output import write_directory
    from chartgen.patch.engine import PatchRequest, patch_chart

    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    write_directory(result.files, target, force=True)
    return target
