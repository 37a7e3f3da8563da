"""Time chartgen's builtin renderer against real `helm template` 3.17.3 and 4.1.4, on this machine, in one run.

For every chart of the benchmark corpus (`bench/make_charts.py`: library-heavy, crd-operator, many-templates,
tpl-heavy, and the bundled IKO chart with its patched copy):
- `chartgen render` as a whole process vs one `helm template` process of each helm (aims: the median ratio over
  the corpus <= 1.0, every chart <= 2.0);
- the same render in-process (load + render as the CLI does, imports excluded);
- a parity check: chartgen's output with `--helm-compat 3`/`4` must equal each helm's byte for byte (not for the
  IKO charts, which generate a fresh CA and certificate on every render).
Then the many-profiles matrix: N values files (default 50) rendered by one Python process vs N `helm template`
processes of the bundled chart (aim: at least 10x faster, ratio <= 0.1), with fresh keys as `chartgen render`
makes them and with `reuse_generated_keys` as lint and snapshot runs use.
It only reports; timings never fail the script (it exits non-zero only if a timed command itself fails).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import (  # noqa: E402
    bench_arguments,
    capture,
    corpus_charts,
    corpus_ratios,
    helm_env,
    median_ms,
    pinned_helms,
    print_aimed_ratios,
    print_results,
    run_process,
)

from chartgen import resources  # noqa: E402

RELEASE = "intersystems"
MATRIX_AIM = 0.1
# Charts whose templates generate keys and certificates, so no two renders (by anyone) are equal.
UNCOMPARABLE = {"iko-base", "iko-patched"}


def matrix_values(folder: Path, count: int) -> list[Path]:
    """Realistic values files for the bundled chart: replica counts, namespaces, resources, Kubernetes switches."""
    files = []
    for i in range(count):
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
        f"    options = RenderOptions(release_name={RELEASE!r}, values_files=[f],"
        f" reuse_generated_keys={reuse_keys})\n"
        "    render_loaded(chart, options, trace=False)\n"
    )


KEYS = (("fresh keys", False), ("reused keys", True))


def measure_chart(
    name: str, chart: Path, helms: dict[str, Path], tmp: Path, env: dict[str, str], repeat: int
) -> tuple[dict[str, float], dict[str, object]]:
    from chartgen.helm.options import RenderOptions
    from chartgen.helm.render import render_chart

    medians: dict[str, float] = {}
    facts: dict[str, object] = {}
    chartgen = [sys.executable, "-m", "chartgen", "render", str(chart), "--release-name", RELEASE]
    medians[f"{name}: chartgen render (process)"] = median_ms(run_process(chartgen, tmp), repeat)[0]
    options = RenderOptions(release_name=RELEASE)
    medians[f"{name}: render in-process"] = median_ms(lambda: render_chart(chart, options), repeat)[0]
    identical: dict[str, bool | None] = {}
    for version, helm in helms.items():
        command = [str(helm), "template", RELEASE, str(chart)]
        medians[f"{name}: helm template {version} (process)"] = median_ms(run_process(command, tmp, env), repeat)[0]
        expected = capture(command, tmp, env)
        facts["output_bytes"] = len(expected)
        if name in UNCOMPARABLE:
            identical[version] = None
            continue
        compat = version.lstrip("v").split(".")[0]
        identical[version] = capture([*chartgen, "--helm-compat", compat], tmp) == expected
    facts["identical"] = identical
    return medians, facts


def measure_matrix(count: int, helms: dict[str, Path], tmp: Path, env: dict[str, str], repeat: int) -> dict:
    medians: dict[str, float] = {}
    base = resources.base_chart_dir()
    files = matrix_values(tmp, count)
    matrix_repeat = max(1, repeat // 3)
    for keys, reuse in KEYS:
        script = tmp / f"matrix-{reuse}.py"
        script.write_text(matrix_script(base, files, reuse))
        medians[f"matrix: one chartgen process, {count} renders, {keys}"] = median_ms(
            run_process([sys.executable, str(script)], tmp), matrix_repeat
        )[0]
    for version, helm in helms.items():
        commands = [run_process([str(helm), "template", RELEASE, str(base), "-f", str(f)], tmp, env) for f in files]
        medians[f"matrix: {count} helm template {version} processes"] = median_ms(
            lambda commands=commands: [c() for c in commands], matrix_repeat
        )[0]
    return medians


def measure(repeat: int, names: list[str], small: bool, matrix: int) -> dict[str, object]:
    medians: dict[str, float] = {}
    charts_facts: dict[str, dict[str, object]] = {}
    found, missing = pinned_helms()
    helms = {pin.version: path for pin, path in found.items()}
    unavailable = {pin.version: reason for pin, reason in missing.items()}
    charts = corpus_charts(names, small)
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = helm_env(tmp / "helm-home")
        for name, chart in charts.items():
            chart_medians, charts_facts[name] = measure_chart(name, chart, helms, tmp, env, repeat)
            medians.update(chart_medians)
        if matrix:
            medians.update(measure_matrix(matrix, helms, tmp, env, repeat))

    ratios: dict[str, tuple[float, float]] = {}
    per_chart_ratios: dict[str, dict[str, float]] = {}
    for version in helms:
        per_chart = {
            name: medians[f"{name}: chartgen render (process)"] / medians[f"{name}: helm template {version} (process)"]
            for name in charts
        }
        per_chart_ratios[version] = per_chart
        ratios.update(corpus_ratios(per_chart, f"chartgen render / helm template {version}"))
        if matrix:
            for keys, _ in KEYS:
                ratios[f"matrix ({keys}): chartgen / helm {version}"] = (
                    medians[f"matrix: one chartgen process, {matrix} renders, {keys}"]
                    / medians[f"matrix: {matrix} helm template {version} processes"],
                    MATRIX_AIM,
                )
    return {
        "repeat": repeat,
        "python": sys.version.split()[0],
        "small": small,
        "charts": charts_facts,
        "per_chart_ratios": per_chart_ratios,
        "median_ms": medians,
        "ratios": ratios,
        "unavailable": unavailable,
    }


def _parity(identical: dict[str, bool | None]) -> str:
    marks = {True: "same", False: "DIFFERS", None: "n/a"}
    return " ".join(f"{marks[v]}" for v in identical.values())


def print_table(results: dict[str, object]) -> None:
    medians = results["median_ms"]
    ratios = results["ratios"]
    charts = results["charts"]
    per_chart = results["per_chart_ratios"]
    assert isinstance(medians, dict) and isinstance(ratios, dict) and isinstance(charts, dict)
    assert isinstance(per_chart, dict)
    versions = list(per_chart)
    print(f"chartgen render benchmark: medians of {results['repeat']} runs, Python {results['python']}")
    print()
    head = f"{'chart':<15} {'output':>9} {'chartgen':>9} {'in-proc':>9}"
    for version in versions:
        head += f" {'helm ' + version:>13} {'ratio':>6}"
    print(head + "  parity with helm " + " / ".join(versions))
    for name, facts in charts.items():
        row = f"{name:<15} {facts.get('output_bytes', 0) / 1024:>7.0f}kB"
        row += f" {medians[f'{name}: chartgen render (process)']:>7.0f}ms"
        row += f" {medians[f'{name}: render in-process']:>7.0f}ms"
        for version in versions:
            row += f" {medians[f'{name}: helm template {version} (process)']:>11.0f}ms {per_chart[version][name]:>6.2f}"
        print(row + "  " + _parity(facts.get("identical", {})))
    matrix = {k: v for k, v in medians.items() if k.startswith("matrix")}
    if matrix:
        print()
        width = max(len(k) for k in matrix)
        for key, ms in matrix.items():
            print(f"{key:<{width}}  {ms:>9.0f} ms")
    print()
    width = max([len(k) for k in ratios] or [10])
    print_aimed_ratios(ratios, results["unavailable"], width)  # type: ignore[arg-type]
    if versions:
        print()
        for version in versions:
            print(
                f"geometric mean of ratios vs {version}: {statistics.geometric_mean(per_chart[version].values()):.2f}"
            )
    print()
    print("Report only; timings never fail this script. The machine may be shared: compare ratios, not times.")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(__doc__, argv, default_repeat=5, per="process case", corpus=True)
    print_results(measure(args.repeat, args.charts, args.small, args.matrix), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
