"""The manifest-head scan against composing the whole document, with a larger budget than the default suite's.

    .venv/bin/python fuzz/fuzz_manifest_head.py [EXAMPLES]    # default 20000

The property (``tests/helm/test_helm_manifest_head_scan.py``): whatever head the scan answers for a document
built near every construct it must not miss, composing the whole document answers the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helm"))

import test_helm_manifest_head_scan as spec  # noqa: E402


def main(examples: int) -> None:
    answered = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(document=spec.documents())
    def run(document: str) -> None:
        nonlocal answered
        answered += spec.check_scan_agrees(document)

    run()
    print(f"{examples} documents: the scan answered {answered}, each as composing the whole document does")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
