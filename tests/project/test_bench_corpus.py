"""The benchmark corpus (``bench/make_charts.py``) is real Helm input: each generated chart renders byte for byte
as both pinned helms render it, and generating it twice gives the same bytes.

The parity cases use the small variants (and small unit counts of the scaling shapes) so that their output stays
small; the differential harness runs helm and caches its outcome by the chart's content.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "differential"))

import make_charts  # noqa: E402
from harness import Case, fill, make_runners, materialise, render_options  # noqa: E402

SCALING_UNITS = 6


def _case(case_id: str, files: dict[str, str]) -> Case:
    return Case(case_id, {path: text.encode("utf-8") for path, text in files.items()})


CASES = [_case(f"bench/{name}", make_charts.corpus_chart(name, small=True)) for name in make_charts.GENERATED] + [
    _case(f"bench/scaling-{shape}", make_charts.scaling_chart(shape, SCALING_UNITS)) for shape in make_charts.SHAPES
]


@pytest.fixture(scope="module")
def helm_outcomes(tmp_path_factory):
    runners, missing = make_runners(tmp_path_factory.mktemp("bench-corpus-helm-home"))
    if missing:
        if os.environ.get("CHARTGEN_ALLOW_NO_HELM") == "1":
            pytest.skip(f"real helm unavailable: {missing}")
        raise RuntimeError(f"real helm unavailable: {missing}")
    return fill(runners, CASES)


@pytest.mark.slow
@pytest.mark.parametrize("major", [3, 4])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_generated_chart_renders_like_helm(case: Case, major: int, helm_outcomes, tmp_path: Path):
    from chartgen.helm.render import render_chart

    expected = helm_outcomes[(case.id, major)]
    assert not expected.failed, f"helm{major} refused {case.id}: {expected.stderr}"
    chart = materialise(case, tmp_path / "chart")
    assert render_chart(chart, render_options(case, chart, major)).text == expected.stdout


def _digests_in_fresh_process(hash_seed: str) -> str:
    script = (
        "import make_charts as m\n"
        "for n in m.GENERATED:\n"
        "    print(n, m.tree_digest(m.corpus_chart(n)))\n"
        "for s in m.SHAPES:\n"
        "    print(s, m.tree_digest(m.scaling_chart(s, 50)))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO / "bench", env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_corpus_generation_is_byte_deterministic():
    # Different hash seeds change set and dict-of-set iteration orders; the bytes must not depend on them.
    first, second = _digests_in_fresh_process("1"), _digests_in_fresh_process("2")
    assert first == second
    assert len(first.splitlines()) == len(make_charts.GENERATED) + len(make_charts.SHAPES)
