"""Time chartgen's builtin renderer against real `helm template`, on this machine, in one run.

Cases: the bundled base chart and its remote-target patched copy, each rendered
- in-process (chart loaded once; aim: well under 10 ms per render), with fresh keys as `chartgen render` makes
  them and with `reuse_generated_keys` as lint and snapshot runs use (IKO's chart makes two RSA keys per render),
- as a whole `chartgen render` process vs one `helm template` process (aim: ratio <= 1.0),
- over a matrix of 50 values files: one Python process rendering all 50 vs 50 `helm template` processes
  (aim: at least 5x faster, i.e. ratio <= 0.2).
It only reports; timings never fail the script (it exits non-zero only if a timed command itself fails).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import (  # noqa: E402
    bench_arguments,
    helm_env,
    median_ms,
    pinned_helms,
    print_aimed_ratios,
    print_results,
    run_process,
    write_patched_chart,
)

from chartgen import resources  # noqa: E402
from chartgen.helm.chart_loader import load_chart  # noqa: E402
from chartgen.helm.options import RenderOptions  # noqa: E402
from chartgen.helm.render import render_loaded  # noqa: E402

MATRIX = 50


def matrix_values(folder: Path) -> list[Path]:
    """Fifty realistic values files: replica counts, namespaces, resources, Kubernetes-facing switches."""
    files = []
    for i in range(MATRIX):
        path = folder / f"values-{i:02d}.yaml"
        path.write_text(
            f"replicaCount: {1 + i % 3}\n"
            f"operator:\n  numThreads: {1 + i % 8}\n  resyncPeriod: {5 + i}m\n"
            f"resources:\n  limits:\n    memory: {256 + 32 * i}Mi\n"
            f"rbac:\n  create: {'true' if i % 5 else 'false'}\n"
            f"logLevel: {i % 6}\n"
            f"nodeSelector:\n  pool: pool-{i % 4}\n"
        )
        files.append(path)
    return files


def matrix_script(chart: Path, files: list[Path], reuse_keys: bool) -> str:
    names = ", ".join(repr(str(f)) for f in files)
    return (
        "from chartgen.helm.chart_loader import load_chart\n"
        "from chartgen.helm.options import RenderOptions\n"
        "from chartgen.helm.render import render_loaded\n"
        f"chart = load_chart({str(chart)!r})\n"
        f"for f in [{names}]:\n"
        "    options = RenderOptions(release_name='intersystems', values_files=[f],"
        f" reuse_generated_keys={reuse_keys})\n"
        "    render_loaded(chart, options, trace=False)\n"
    )


KEYS = (("fresh keys", False), ("reused keys", True))


def measure(repeat: int) -> dict[str, object]:
    medians: dict[str, float] = {}
    found, missing = pinned_helms()
    helms = {pin.version: path for pin, path in found.items()}
    unavailable = {pin.version: reason for pin, reason in missing.items()}
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        patched = write_patched_chart(tmp / "patched")
        files = matrix_values(tmp)
        env = helm_env(tmp / "helm-home")
        charts = {"base": resources.base_chart_dir(), "patched": patched}
        for label, chart in charts.items():
            loaded = load_chart(chart)
            for keys, reuse in KEYS:
                options = RenderOptions(release_name="intersystems", reuse_generated_keys=reuse)
                medians[f"{label}: render in-process, {keys}"] = median_ms(
                    lambda loaded=loaded, options=options: render_loaded(loaded, options, trace=False), repeat * 4
                )[0]
            command = [sys.executable, "-m", "chartgen", "render", str(chart), "--release-name", "intersystems"]
            medians[f"{label}: chartgen render (process)"] = median_ms(run_process(command, tmp), repeat)[0]
            for version, helm in helms.items():
                helm_cmd = [str(helm), "template", "intersystems", str(chart)]
                medians[f"{label}: helm template {version} (process)"] = median_ms(
                    run_process(helm_cmd, tmp, env), repeat
                )[0]
        for keys, reuse in KEYS:
            script = tmp / f"matrix-{reuse}.py"
            script.write_text(matrix_script(charts["base"], files, reuse))
            medians[f"matrix: one chartgen process, 50 renders, {keys}"] = median_ms(
                run_process([sys.executable, str(script)], tmp), max(1, repeat // 3)
            )[0]
        for version, helm in helms.items():
            commands = [
                run_process([str(helm), "template", "intersystems", str(charts["base"]), "-f", str(f)], tmp, env)
                for f in files
            ]
            medians[f"matrix: 50 helm template {version} processes"] = median_ms(
                lambda commands=commands: [c() for c in commands], max(1, repeat // 3)
            )[0]

    ratios: dict[str, tuple[float, float]] = {}
    for version in helms:
        for label in charts:
            ratios[f"{label}: chartgen render / helm {version} (process)"] = (
                medians[f"{label}: chartgen render (process)"] / medians[f"{label}: helm template {version} (process)"],
                1.0,
            )
        for keys, _ in KEYS:
            ratios[f"matrix ({keys}): chartgen / helm {version}"] = (
                medians[f"matrix: one chartgen process, 50 renders, {keys}"]
                / medians[f"matrix: 50 helm template {version} processes"],
                0.2,
            )
    return {
        "repeat": repeat,
        "python": sys.version.split()[0],
        "median_ms": medians,
        "ratios": ratios,
        "unavailable": unavailable,
    }


def print_table(results: dict[str, object]) -> None:
    medians = results["median_ms"]
    ratios = results["ratios"]
    assert isinstance(medians, dict) and isinstance(ratios, dict)
    width = max(len(k) for k in [*medians, *ratios])
    print(f"chartgen render benchmark: medians, Python {results['python']}")
    print()
    for name, ms in medians.items():
        aim = "  (aim < 10 ms)" if "in-process" in name else ""
        print(f"{name:<{width}}  {ms:>9.1f} ms{aim}")
    print()
    print_aimed_ratios(ratios, results["unavailable"], width)  # type: ignore[arg-type]
    print()
    print("Report only; timings never fail this script.")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(__doc__, argv, default_repeat=9, per="process case")
    print_results(measure(args.repeat), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
