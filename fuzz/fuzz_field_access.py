"""Field chains over every modelled Go value, with a larger budget than the default suite's.

    .venv/bin/python fuzz/fuzz_field_access.py [EXAMPLES]    # default 5000

The property (``tests/gotemplate/test_gotemplate_members.py``): whatever names a template chains onto a value
Helm passes in or Sprig returns, the result is a value of the Go model or Go's own refusal, never Python machinery.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "gotemplate"))

import test_gotemplate_members as spec  # noqa: E402


def main(examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=spec.field_chains())
    def run(case: tuple[str, int, str]) -> None:
        spec.check_field_chain(case)

    run()
    print(f"{examples} field chains: every result a modelled Go value or Go's refusal")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
