"""Time `chartgen lint` against `helm lint` + `helm template` 3.17.3 and 4.1.4, on this machine, in one run.

For every chart of the benchmark corpus (`bench/make_charts.py`):
- `chartgen lint` as a whole process vs the pipeline CI would otherwise run with each helm: `helm lint`, then
  `helm template` of the same chart (aims: the median ratio over the corpus <= 1.0, every chart <= 2.0); with
  `--validate` the pipeline also validates every rendered object against the strict Kubernetes OpenAPI schemas
  (kubeconform is not available here, so `kubernetes-validate` does it in a `python -c` step);
- `helm lint` alone, for reference (it checks much less; it is in the table, not in the ratios);
- the same lint in-process (after a warm-up, imports excluded).
Then the many-profiles matrix on the remote-target patched IKO chart: one Python process linting it once per
values file through the runner API vs that many pipelines (aim: at least 10x faster, ratio <= 0.1).
It only reports; timings never fail the script (it exits non-zero only if a timed command itself fails).
`--profile` adds a cProfile summary of one in-process lint of each chart, to see where the time goes.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import matrix_values  # noqa: E402
from timing import (  # noqa: E402
    bench_arguments,
    corpus_charts,
    corpus_ratios,
    helm_env,
    median_ms,
    pinned_helms,
    print_aimed_ratios,
    print_results,
    run_process,
    write_patched_chart,
)

RELEASE = "intersystems"
MATRIX_AIM = 0.1
# The schema step of the --validate pipeline: every rendered object against the strict OpenAPI schema of one
# Kubernetes version, as kubeconform would; a kind without a schema (a custom resource) is skipped, not an error.
VALIDATE = (
    "import sys, yaml, kubernetes_validate as kv\n"
    "bad = 0\n"
    "for doc in yaml.safe_load_all(sys.stdin):\n"
    "    if not doc:\n"
    "        continue\n"
    "    try:\n"
    "        kv.validate(doc, '{version}', strict=True)\n"
    "    except kv.SchemaNotFoundError:\n"
    "        pass\n"
    "    except kv.ValidationError as exc:\n"
    "        bad += 1\n"
    "        print(doc.get('kind'), exc.message, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n"
)
KUBE_VERSION = "1.32"  # a version kubernetes-validate bundles schemas for; chartgen lint uses the nearest too


def pipeline(helm: Path, chart: Path, values: Path | None, validate: bool) -> list[str]:
    """`helm lint` + `helm template` (piped into the schema step with ``validate``) as one shell command."""
    extra = ["-f", str(values)] if values is not None else []
    lint = shlex.join([str(helm), "lint", str(chart), *extra])
    template = shlex.join([str(helm), "template", RELEASE, str(chart), *extra])
    if not validate:
        return ["bash", "-c", f"{lint} >/dev/null && {template} >/dev/null"]
    check = shlex.join([sys.executable, "-c", VALIDATE.format(version=KUBE_VERSION)])
    return ["bash", "-o", "pipefail", "-c", f"{lint} >/dev/null && {template} | {check}"]


def matrix_script(chart: Path, files: list[Path]) -> str:
    names = ", ".join(repr(str(f)) for f in files)
    return (
        "from pathlib import Path\n"
        "from chartgen.lint.runner import LintOptions, run_lint\n"
        f"for f in [{names}]:\n"
        f"    report = run_lint(LintOptions(Path({str(chart)!r}), values_files=[Path(f)]))\n"
        "    if report.exit_code:\n"
        "        raise SystemExit(f'{f}: lint found errors')\n"
    )


def profile_one(chart: Path, top: int = 25) -> str:
    """cProfile of one in-process lint after a warm-up lint (so imports and schema loading are excluded)."""
    import cProfile
    import io
    import pstats

    from chartgen.lint.runner import LintOptions, run_lint

    run_lint(LintOptions(chart))
    profiler = cProfile.Profile()
    profiler.enable()
    run_lint(LintOptions(chart))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def pipeline_name(version: str, validate: bool) -> str:
    return f"helm lint + helm template{' | validate' if validate else ''} {version}"


def measure_chart(
    name: str, chart: Path, helms: dict[str, Path], tmp: Path, env: dict[str, str], repeat: int, validate: bool
) -> dict[str, float]:
    from chartgen.lint.runner import LintOptions, run_lint

    medians: dict[str, float] = {}
    medians[f"{name}: chartgen lint (process)"] = median_ms(
        run_process([sys.executable, "-m", "chartgen", "lint", str(chart)], tmp), repeat
    )[0]
    medians[f"{name}: lint in-process"] = median_ms(lambda: run_lint(LintOptions(chart)), repeat)[0]
    for version, helm in helms.items():
        medians[f"{name}: helm lint {version} (process)"] = median_ms(
            run_process([str(helm), "lint", str(chart)], tmp, env), repeat
        )[0]
        medians[f"{name}: {pipeline_name(version, validate)}"] = median_ms(
            run_process(pipeline(helm, chart, None, validate), tmp, env), repeat
        )[0]
    return medians


def measure_matrix(
    count: int, helms: dict[str, Path], tmp: Path, env: dict[str, str], repeat: int, validate: bool
) -> dict[str, float]:
    medians: dict[str, float] = {}
    chart = write_patched_chart(tmp / "iris-operator")
    files = matrix_values(tmp, count)
    script = tmp / "matrix.py"
    script.write_text(matrix_script(chart, files))
    matrix_repeat = max(1, repeat // 3)
    medians[f"matrix: one chartgen process, {count} lints"] = median_ms(
        run_process([sys.executable, str(script)], tmp), matrix_repeat
    )[0]
    for version, helm in helms.items():
        commands = [run_process(pipeline(helm, chart, f, validate), tmp, env) for f in files]
        medians[f"matrix: {count} x {pipeline_name(version, validate)}"] = median_ms(
            lambda commands=commands: [c() for c in commands], matrix_repeat
        )[0]
    return medians


def measure(repeat: int, names: list[str], small: bool, matrix: int, validate: bool) -> dict[str, object]:
    medians: dict[str, float] = {}
    found, missing = pinned_helms()
    helms = {pin.version: path for pin, path in found.items()}
    unavailable = {pin.version: reason for pin, reason in missing.items()}
    charts = corpus_charts(names, small)
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-lint-") as tmp_name:
        tmp = Path(tmp_name)
        env = helm_env(tmp / "helm-home")
        for name, chart in charts.items():
            medians.update(measure_chart(name, chart, helms, tmp, env, repeat, validate))
        if matrix:
            medians.update(measure_matrix(matrix, helms, tmp, env, repeat, validate))

    ratios: dict[str, tuple[float, float]] = {}
    per_chart_ratios: dict[str, dict[str, float]] = {}
    for version in helms:
        per_chart = {
            name: medians[f"{name}: chartgen lint (process)"] / medians[f"{name}: {pipeline_name(version, validate)}"]
            for name in charts
        }
        per_chart_ratios[version] = per_chart
        ratios.update(corpus_ratios(per_chart, f"chartgen lint / {pipeline_name(version, validate)}"))
        if matrix:
            ratios[f"matrix: chartgen / {pipeline_name(version, validate)}"] = (
                medians[f"matrix: one chartgen process, {matrix} lints"]
                / medians[f"matrix: {matrix} x {pipeline_name(version, validate)}"],
                MATRIX_AIM,
            )
    return {
        "repeat": repeat,
        "python": sys.version.split()[0],
        "small": small,
        "validate": validate,
        "kube_version_validated": KUBE_VERSION if validate else None,
        "charts": list(charts),
        "per_chart_ratios": per_chart_ratios,
        "median_ms": medians,
        "ratios": ratios,
        "unavailable": unavailable,
    }


def print_table(results: dict[str, object]) -> None:
    medians = results["median_ms"]
    ratios = results["ratios"]
    per_chart = results["per_chart_ratios"]
    charts = results["charts"]
    assert isinstance(medians, dict) and isinstance(ratios, dict) and isinstance(per_chart, dict)
    assert isinstance(charts, list)
    validate = bool(results["validate"])
    versions = list(per_chart)
    print(f"chartgen lint benchmark: medians of {results['repeat']} runs, Python {results['python']}")
    print(f"pipeline = helm lint + helm template{' | validate' if validate else ''} (one shell command)")
    print()
    head = f"{'chart':<15} {'chartgen':>9} {'in-proc':>9}"
    for version in versions:
        head += f" {'lint ' + version:>13} {'pipeline':>9} {'ratio':>6}"
    print(head)
    for name in charts:
        row = f"{name:<15} {medians[f'{name}: chartgen lint (process)']:>7.0f}ms"
        row += f" {medians[f'{name}: lint in-process']:>7.0f}ms"
        for version in versions:
            row += f" {medians[f'{name}: helm lint {version} (process)']:>11.0f}ms"
            row += f" {medians[f'{name}: {pipeline_name(version, validate)}']:>7.0f}ms {per_chart[version][name]:>6.2f}"
        print(row)
    matrix = {k: v for k, v in medians.items() if k.startswith("matrix")}
    if matrix:
        print()
        width = max(len(k) for k in matrix)
        for key, ms in matrix.items():
            print(f"{key:<{width}}  {ms:>9.0f} ms")
    print()
    width = max([len(k) for k in ratios] or [10])
    print_aimed_ratios(ratios, results["unavailable"], width)  # type: ignore[arg-type]
    print()
    print("Report only; timings never fail this script. The machine may be shared: compare ratios, not times.")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(
        __doc__,
        argv,
        default_repeat=5,
        per="process case",
        switches={
            "--profile": "also print a cProfile summary of one lint of each chart",
            "--validate": "add a strict Kubernetes schema validation step to the helm pipeline",
        },
        corpus=True,
    )
    print_results(measure(args.repeat, args.charts, args.small, args.matrix, args.validate), args.json, print_table)
    if args.profile:
        for name, chart in corpus_charts(args.charts, args.small).items():
            print(f"== {name}")
            print(profile_one(chart))
    return 0


if __name__ == "__main__":
    sys.exit(main())
