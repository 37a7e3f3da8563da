"""How chartgen's time grows with chart size: render, lint, diff and snapshot paths, in-process, per chart shape.

Shapes (``bench/make_charts.py``), each generated at outputs of about 10 kB, 100 kB, 1 MB and 10 MB:
- many-templates: one small template per object;
- huge-template: one template file holding every object, an action on most lines;
- huge-literal: one document written literally (a CRD with a giant schema), one action at the top;
- include-chain: objects whose names and labels come from a common-style library (include chains, tpl).
Helm refuses files over 5 MiB, so at 10 MB the two single-file shapes are three files of about 3.5 MB.

Paths, timed in-process (CPU time of this process) after a warm-up on a tiny chart (imports, schema loading and
key generation excluded):
- render: ``render_chart`` as ``chartgen render`` calls it (template parse cache cleared first, as in a new process);
- lint: ``run_lint`` as ``chartgen lint`` calls it (parse cache cleared too);
- diff: both renders of the chart (values revision 1 and 2) normalised, diffed and printed, as ``chartgen diff``
  does after rendering;
- snapshot: one render normalised and printed as a snapshot file, as the pytest plugin does after rendering;
- snapshot-diff: the report of a failing snapshot test (changed places, readable line diff, semantic summary)
  between the snapshots of revision 1 and 2, where every object changed.

For each shape and path it fits log(time) against log(output size) and prints the exponent (1.0 is linear; the
aim is <= 1.1), plus the exponent of the last step alone (between the two largest sizes), which fixed costs at the
small sizes do not flatten. ``--sizes 10k,100k,1m`` makes a quick run. Report only; timings never fail it.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_charts import SHAPES, scaling_chart, units_for, write_chart  # noqa: E402

PATHS = ("render", "lint", "diff", "snapshot", "snapshot-diff")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
EXPONENT_AIM = 1.1
RELEASE = "scale"
# A run longer than this is not repeated: at 10 MB one sample is already far above the noise.
SINGLE_SAMPLE_SECONDS = 3.0


def _clear_parse_cache() -> None:
    # A chartgen process parses every template once; repeated in-process runs would otherwise reuse the trees.
    # The on-disk cache stays warm, as it is for a user's second run.
    from chartgen.helm import engine, tree_cache

    for name in ("_parse_cached", "_parse_tpl"):
        cached = getattr(engine, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    tree_cache._loaded.clear()  # a process reads the entry of a render's short tpl texts once


def seconds(action: Callable[[], Any], repeat: int) -> float:
    """Median CPU seconds of ``action`` in this process; a slow action is run once.

    CPU time rather than wall-clock time: on a shared machine other processes stretch wall-clock time at random,
    which would bend the fitted exponents; the work here is single-threaded and does no waiting.
    """
    samples = []
    for _ in range(repeat):
        _clear_parse_cache()
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
        if samples[0] > SINGLE_SAMPLE_SECONDS:
            break
    return statistics.median(samples)


def _options(revision: str) -> Any:
    from chartgen.helm.options import RenderOptions

    return RenderOptions(release_name=RELEASE, set_values=[f"revision={revision}"], reuse_generated_keys=True)


def _normalised(documents: list[Any]) -> list[Any]:
    from chartgen.snapshot.normalise import normalise_documents

    return normalise_documents((d.source, d.content) for d in documents)


def diff_rendered(old: list[Any], new: list[Any]) -> str:
    """What ``chartgen diff`` does with its two renders: normalise both, diff by object and field, print."""
    from chartgen.snapshot.manifest_diff import Manifest, diff_manifests

    sides = [
        [Manifest(d.source, d.raw if d.body is None else d.body) for d in _normalised(docs)] for docs in (old, new)
    ]
    return diff_manifests(sides[0], sides[1]).text()


def snapshot_text(documents: list[Any]) -> str:
    """What a snapshot file holds after the render: every document normalised and printed."""
    return "".join(doc.text() for doc in _normalised(documents))


def measure_one(chart: Path, paths: tuple[str, ...], repeat: int) -> tuple[int, dict[str, float]]:
    from chartgen.helm.render import render_chart
    from chartgen.lint.runner import LintOptions, run_lint
    from chartgen.snapshot.extension import explain

    old = render_chart(chart, _options("1"))
    new = render_chart(chart, _options("2"))
    recorded, rendered = snapshot_text(old.documents), snapshot_text(new.documents)
    actions: dict[str, Callable[[], Any]] = {
        "render": lambda: render_chart(chart, _options("1")),
        "lint": lambda: run_lint(LintOptions(chart, set_values=["revision=1"])),
        "diff": lambda: diff_rendered(old.documents, new.documents),
        "snapshot": lambda: snapshot_text(old.documents),
        "snapshot-diff": lambda: explain(recorded, rendered),
    }
    return len(old.text), {path: seconds(actions[path], repeat) for path in paths}


def fit_exponent(points: list[tuple[int, float]]) -> float | None:
    """Slope of the least-squares line through (log size, log time)."""
    if len(points) < 2:
        return None
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else None


def warm_up(tmp: Path) -> None:
    """Imports, lint schemas and the first key generation, paid once on a tiny chart before any timing."""
    chart = write_chart(scaling_chart("include-chain", 2), tmp / "warm-up")
    measure_one(chart, PATHS, 1)


def measure(shapes: list[str], sizes: list[str], paths: tuple[str, ...], repeat: int) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="chartgen-bench-scaling-") as tmp_name:
        tmp = Path(tmp_name)
        warm_up(tmp)
        for shape in shapes:
            points: list[dict[str, Any]] = []
            for size in sizes:
                units = units_for(shape, SIZES[size])
                chart = write_chart(scaling_chart(shape, units), tmp / f"{shape}-{size}")
                output, times = measure_one(chart, paths, repeat)
                points.append({"target": size, "units": units, "output_bytes": output, "seconds": times})
                print(
                    f"  {shape} {size}: {output / 1e6:.2f} MB, " + ", ".join(f"{p} {t:.2f}s" for p, t in times.items()),
                    file=sys.stderr,
                )
            exponents = {}
            last_step = {}
            for path in paths:
                series = [(p["output_bytes"], p["seconds"][path]) for p in points]
                exponents[path] = fit_exponent(series)
                last_step[path] = fit_exponent(series[-2:])
            rows[shape] = {"points": points, "exponent": exponents, "last_step_exponent": last_step}
    return {"python": sys.version.split()[0], "repeat": repeat, "sizes": sizes, "paths": list(paths), "shapes": rows}


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def print_table(results: dict[str, Any]) -> None:
    paths = results["paths"]
    repeat, python = results["repeat"], results["python"]
    print(f"chartgen scaling benchmark: in-process CPU seconds (median of up to {repeat}), Python {python}")
    print()
    print(f"{'shape':<15} {'size':>9}  " + "  ".join(f"{p:>13}" for p in paths))
    for shape, row in results["shapes"].items():
        for point in row["points"]:
            cells = "  ".join(f"{point['seconds'][p]:>12.3f}s" for p in paths)
            print(f"{shape:<15} {point['output_bytes'] / 1e6:>7.2f}MB  {cells}")
    print()
    print(f"exponent of time vs output size (fit over all sizes / last step alone); aim <= {EXPONENT_AIM}")
    print(f"{'shape':<15} " + "  ".join(f"{p:>13}" for p in paths))
    worst = 0.0
    for shape, row in results["shapes"].items():
        cells = []
        for p in paths:
            fit, last = row["exponent"][p], row["last_step_exponent"][p]
            worst = max(worst, fit or 0.0)
            cells.append(f"{_fmt(fit)} / {_fmt(last)}")
        print(f"{shape:<15} " + "  ".join(f"{c:>13}" for c in cells))
    print()
    verdict = "meets aim" if worst <= EXPONENT_AIM else "misses aim"
    print(f"largest fitted exponent: {worst:.2f} ({verdict})")
    print("Report only; timings never fail this script. The machine may be shared: small sizes are noisy.")


def _choices(text: str, known: tuple[str, ...] | list[str], what: str, parser: argparse.ArgumentParser) -> list[str]:
    items = [item for item in text.split(",") if item]
    unknown = [item for item in items if item not in known]
    if unknown or not items:
        parser.error(f"unknown {what}: {', '.join(unknown) or '(none given)'} (known: {', '.join(known)})")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=",".join(SIZES), help=f"output sizes to generate (default {','.join(SIZES)})"
    )
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"chart shapes (default {','.join(SHAPES)})")
    parser.add_argument("--paths", default=",".join(PATHS), help=f"paths to time (default {','.join(PATHS)})")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case below 3 s (default 3)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead of the table")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = _choices(args.sizes.lower(), list(SIZES), "sizes", parser)
    shapes = _choices(args.shapes, SHAPES, "shapes", parser)
    paths = tuple(_choices(args.paths, PATHS, "paths", parser))
    results = measure(shapes, sizes, paths, args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
