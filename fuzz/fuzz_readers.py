"""Fuzz chartgen's readers of untrusted text with a large budget: the properties of the hostile suite
(``tests/hostile/reader_properties.py``), each run for ``--examples`` generated inputs.

    .venv/bin/python fuzz/fuzz_readers.py                   # 5000 inputs per reader
    .venv/bin/python fuzz/fuzz_readers.py --examples 50000 --only set_parser

Every input must end in a result or the reader's typed error; the first that does not is printed (shrunk by
Hypothesis) and the script exits 1. It also reports the slowest input per reader, since bounded time is part of
the promise.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile.reader_properties import TARGETS  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# The archive reader is fed larger blobs here than in the suite.
TARGETS = {**TARGETS, "archive": (st.binary(max_size=20000), TARGETS["archive"][1])}


def run(name: str, examples: int) -> float:
    strategy, prop = TARGETS[name]
    slowest = [0.0]

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def check(value) -> None:
        started = time.perf_counter()
        prop(value)
        slowest[0] = max(slowest[0], time.perf_counter() - started)

    check()
    return slowest[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--only", choices=sorted(TARGETS), action="append")
    args = parser.parse_args()
    import ruamel.yaml.constructor  # noqa: F401 - installs its own warning filters on import, before ours

    warnings.simplefilter("ignore")  # ruamel's lectures on YAML 1.1 floats; only exceptions matter here
    for name in args.only or TARGETS:
        started = time.perf_counter()
        slowest = run(name, args.examples)
        print(f"{name:16} {args.examples} inputs in {time.perf_counter() - started:6.1f}s, slowest {slowest:.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
