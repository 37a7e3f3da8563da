"""Time `chartgen patch` against a real `helm template` of the same base chart, on this machine, in one run.

The aim is for patching to cost no more than one `helm template` (ratio <= 1.0). This only reports; it never
fails on timings, because wall-clock numbers vary too much between machines to gate on.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# helm_binaries lives with the tests rather than in the package, so it is not shipped to users.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helm_binaries import HELM3, HELM4, HelmPin  # noqa: E402
from timing import bench_arguments, helm_env, median_ms, pinned_helms, print_results, run_process  # noqa: E402

from chartgen import resources  # noqa: E402
from chartgen.chartio.output import write_directory  # noqa: E402
from chartgen.patch.engine import PatchRequest, patch_chart  # noqa: E402

AIM = "patch no slower than one helm template (ratio <= 1.0)"
SECRET = "work-kubeconfig"


def patch_in_process(out: Path) -> Callable[[], None]:
    def action() -> None:
        result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": SECRET}}))
        write_directory(result.files, out, force=True)

    return action


def measure(repeat: int) -> dict[str, object]:
    medians: dict[str, float] = {}
    samples: dict[str, list[float]] = {}
    unavailable: dict[str, str] = {}
    base_chart = resources.base_chart_dir()
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        chartgen = [sys.executable, "-m", "chartgen"]
        cases: list[tuple[str, Callable[[], None]]] = [
            (
                "patch (process)",
                run_process([*chartgen, "patch", "--remote-secret", SECRET, "-o", str(tmp / "out"), "--force"], tmp),
            ),
            ("patch (in-process)", patch_in_process(tmp / "out-api")),
            ("chartgen --help (process)", run_process([*chartgen, "--help"], tmp)),
        ]
        env = helm_env(tmp / "helm-home")
        helms, missing = pinned_helms()
        unavailable.update((helm_label(pin), reason) for pin, reason in missing.items())
        for pin, helm in helms.items():
            cases.append(
                (helm_label(pin), run_process([str(helm), "template", "intersystems", str(base_chart)], tmp, env))
            )
        for name, action in cases:
            medians[name], samples[name] = median_ms(action, repeat)

    ratios: dict[str, float] = {}
    for pin in (HELM3, HELM4):
        helm_ms = medians.get(helm_label(pin))
        if helm_ms:
            ratios[f"patch (process) / {helm_label(pin)}"] = medians["patch (process)"] / helm_ms
            ratios[f"patch (in-process) / {helm_label(pin)}"] = medians["patch (in-process)"] / helm_ms
    return {
        "repeat": repeat,
        "aim": AIM,
        "python": sys.version.split()[0],
        "median_ms": medians,
        "samples_ms": samples,
        "ratios": ratios,
        "unavailable": unavailable,
    }


def helm_label(pin: HelmPin) -> str:
    return f"helm template ({pin.version})"


def print_table(results: dict[str, object]) -> None:
    medians = results["median_ms"]
    ratios = results["ratios"]
    assert isinstance(medians, dict) and isinstance(ratios, dict)
    width = max(len(k) for k in [*medians, *ratios])
    print(f"chartgen patch benchmark: median of {results['repeat']} runs, Python {results['python']}")
    print()
    print(f"{'case':<{width}}  {'median ms':>10}")
    for name, ms in medians.items():
        print(f"{name:<{width}}  {ms:>10.1f}")
    print()
    print(f"{'ratio':<{width}}  {'value':>10}")
    for name, value in ratios.items():
        verdict = "meets aim" if value <= 1.0 else "misses aim"
        print(f"{name:<{width}}  {value:>10.2f}  {verdict}")
    unavailable = results["unavailable"]
    assert isinstance(unavailable, dict)
    for name, reason in unavailable.items():
        print(f"{name}: skipped, {reason}")
    print()
    print(f"Aim: {AIM}. Report only; timings never fail this script.")


def main(argv: list[str] | None = None) -> int:
    args = bench_arguments(__doc__, argv, default_repeat=15, per="case")
    print_results(measure(args.repeat), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
