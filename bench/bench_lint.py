"""Time `chartgen lint` against `helm lint` and the pipeline CI would otherwise run, on this machine, in one run.

Cases, on the remote-target patched copy of the bundled base chart:
- `chartgen lint` as a whole process vs one `helm lint` process (aim: ratio <= 1.0);
- `chartgen lint` as a whole process vs the equivalent pipeline: `helm lint`, then `helm template` piped into a
  strict Kubernetes schema validation (kubeconform is not available, so the `kubernetes-validate` package does it
  in a `python -c` step);
- the 50-values-file matrix: one Python process linting the chart once per values file through the runner API vs
  50 runs of that pipeline (aim: at least 5x faster, i.e. ratio <= 0.2).
It only reports; timings never fail the script (it exits non-zero only if a timed command itself fails).
`--profile` adds a cProfile summary of one in-process lint, to see where the time goes.
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
    helm_env,
    median_ms,
    pinned_helms,
    print_aimed_ratios,
    print_results,
    run_process,
    write_patched_chart,
)

RELEASE = "intersystems"
# The schema step of the pipeline: every rendered object against the strict OpenAPI schema of one Kubernetes
# version, as kubeconform would; a kind without a schema (a custom resource) is skipped, not an error.
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


def pipeline(helm: Path, chart: Path, values: Path | None) -> list[str]:
    """`helm lint` + `helm template | python -c <validate>` as one shell command (each step must succeed)."""
    extra = ["-f", str(values)] if values is not None else []
    lint = shlex.join([str(helm), "lint", str(chart), *extra])
    template = shlex.join([str(helm), "template", RELEASE, str(chart), *extra])
    validate = shlex.join([sys.executable, "-c", VALIDATE.format(version=KUBE_VERSION)])
    return ["bash", "-o", "pipefail", "-c", f"{lint} >/dev/null && {template} | {validate}"]


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


def measure(repeat: int) -> dict[str, object]:
    medians: dict[str, float] = {}
    found, missing = pinned_helms()
    helms = {pin.version: path for pin, path in found.items()}
    unavailable = {pin.version: reason for pin, reason in missing.items()}
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-lint-") as tmp_name:
        tmp = Path(tmp_name)
        chart = write_patched_chart(tmp / "iris-operator")
        files = matrix_values(tmp)
        env = helm_env(tmp / "helm-home")

        from chartgen.lint.runner import LintOptions, run_lint

        medians["lint in-process (after warm-up)"] = median_ms(lambda: run_lint(LintOptions(chart)), repeat * 4)[0]
        command = [sys.executable, "-m", "chartgen", "lint", str(chart)]
        medians["chartgen lint (process)"] = median_ms(run_process(command, tmp), repeat)[0]
        for version, helm in helms.items():
            medians[f"helm lint {version} (process)"] = median_ms(
                run_process([str(helm), "lint", str(chart)], tmp, env), repeat
            )[0]
            medians[f"pipeline {version} (helm lint + helm template | validate)"] = median_ms(
                run_process(pipeline(helm, chart, None), tmp, env), repeat
            )[0]

        script = tmp / "matrix.py"
        script.write_text(matrix_script(chart, files))
        matrix_repeat = max(1, repeat // 3)
        medians["matrix: one chartgen process, 50 lints"] = median_ms(
            run_process([sys.executable, str(script)], tmp), matrix_repeat
        )[0]
        for version, helm in helms.items():
            commands = [run_process(pipeline(helm, chart, f), tmp, env) for f in files]
            medians[f"matrix: 50 pipelines {version}"] = median_ms(
                lambda commands=commands: [c() for c in commands], matrix_repeat
            )[0]

    ratios: dict[str, tuple[float, float]] = {}
    for version in helms:
        ratios[f"chartgen lint / helm lint {version} (process)"] = (
            medians["chartgen lint (process)"] / medians[f"helm lint {version} (process)"],
            1.0,
        )
        ratios[f"chartgen lint / pipeline {version} (process)"] = (
            medians["chartgen lint (process)"] / medians[f"pipeline {version} (helm lint + helm template | validate)"],
            1.0,
        )
        ratios[f"matrix: chartgen / pipelines {version}"] = (
            medians["matrix: one chartgen process, 50 lints"] / medians[f"matrix: 50 pipelines {version}"],
            0.2,
        )
    return {
        "repeat": repeat,
        "python": sys.version.split()[0],
        "kube_version_validated": KUBE_VERSION,
        "median_ms": medians,
        "ratios": ratios,
        "unavailable": unavailable,
    }


def print_table(results: dict[str, object]) -> None:
    medians = results["median_ms"]
    ratios = results["ratios"]
    assert isinstance(medians, dict) and isinstance(ratios, dict)
    width = max(len(k) for k in [*medians, *ratios])
    print(f"chartgen lint benchmark (remote-target patched base chart): medians, Python {results['python']}")
    print()
    for name, ms in medians.items():
        print(f"{name:<{width}}  {ms:>9.1f} ms")
    print()
    print_aimed_ratios(ratios, results["unavailable"], width)  # type: ignore[arg-type]
    print()
    print("Report only; timings never fail this script.")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(
        __doc__, argv, default_repeat=9, per="process case", profile="also print a cProfile summary of one lint"
    )
    print_results(measure(args.repeat), args.json, print_table)
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="chartgen-bench-lint-") as tmp_name:
            print(profile_one(write_patched_chart(Path(tmp_name) / "iris-operator")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
