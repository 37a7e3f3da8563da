"""The kept head of a document's skeleton against reading the document, with a larger budget than the suite's.

    .venv/bin/python fuzz/fuzz_doc_skeleton.py [EXAMPLES]    # default 20000

The property (``tests/helm/test_doc_skeleton.py``): after a render read one document, whenever the kept head
answers for the same document with other tokens, it is the head read from that document (which does not fail).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "helm")]

import test_doc_skeleton as spec  # noqa: E402


def main(examples: int) -> None:
    answered = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(pair=spec.documents_with_two_fillings())
    def run(pair: tuple[str, str]) -> None:
        nonlocal answered
        answered += pair[0] != pair[1] and spec.check_pair(pair)

    with tempfile.TemporaryDirectory() as cache:
        os.environ["CHARTGEN_CACHE_DIR"] = cache
        os.environ.pop("CHARTGEN_NO_CACHE", None)
        run()
    print(f"{examples} pairs: the kept head answered {answered} changed documents, each as reading it does")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
