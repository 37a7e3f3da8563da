"""A longer run of the regex property test of ``tests/goregexp/test_goregexp.py``: any pattern, in Go's syntax or
not, ends in a compiled Regexp or in Go's refusal, and Go's matching loops end on any text.

    .venv/bin/python fuzz/fuzz_regex.py [EXAMPLES]      # default 20000
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "goregexp"))

from test_goregexp import PATTERNS, TEXTS, compiles_or_refuses_and_matches  # noqa: E402


def main(examples: int) -> None:
    run = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))(
        given(PATTERNS, TEXTS, st.sampled_from([3, 4]))(compiles_or_refuses_and_matches)
    )
    run()
    print(f"{examples} examples: every pattern compiled or was refused, every loop ended")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
