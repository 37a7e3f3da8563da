"""toYaml's line writer against the emitter, with a larger budget than the default suite's.

    .venv/bin/python fuzz/fuzz_to_yaml_lines.py [EXAMPLES]    # default 20000

The property (``tests/helm/test_goyaml_line_writer.py``): whatever value the line writer writes (nested maps,
lists, strings near the folding column, number and boolean lookalikes, quotes, breaks, subclasses), it writes the
bytes the emitter writes with every shortcut off; toYaml as a whole gives the reference bytes or error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helm"))

import test_goyaml_line_writer as spec  # noqa: E402


def main(examples: int) -> None:
    written = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(value=spec.values)
    def run(value: object) -> None:
        nonlocal written
        written += spec.check_line_writer_agrees(value)
        assert spec.outcome(value) == spec.reference(value)

    run()
    print(f"{examples} values: the line writer wrote {written}, each as the emitter does")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
