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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile import reader_properties as props  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TARGETS = {
    "values": (props.yaml_inputs, props.values_reader_ends_in_a_value_or_helms_error),
    "alias_budget": (props.yaml_with_anchors(), props.yaml_guard_agrees_with_goyamls_alias_budget),
    "positional_yaml": (props.yaml_inputs, props.positional_reader_ends_in_a_document_or_a_chartgen_error),
    "kubeconfig": (props.yaml_inputs, props.kubeconfig_reader_ends_in_a_document_or_its_error),
    "lint_config": (props.yaml_inputs, props.lint_config_reader_ends_in_a_config_or_its_error),
    "set_parser": (props.set_flags, props.set_parser_ends_in_values_or_strvals_error),
    "json": (props.json_inputs, props.json_decoder_ends_in_a_value_or_gos_error),
    "archive": (st.binary(max_size=20000), props.archive_reader_ends_in_a_tar_or_a_refusal),
}


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
    for name in args.only or TARGETS:
        started = time.perf_counter()
        slowest = run(name, args.examples)
        print(f"{name:16} {args.examples} inputs in {time.perf_counter() - started:6.1f}s, slowest {slowest:.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
