"""chartgen's renderer against real helm 3.17.3 and 4.1.4, case by case (see tests/differential/README.md).

Each (case, helm major) is one test: chartgen with ``helm_compat=<major>`` must print helm's stdout byte for
byte, or fail when helm fails with the same error text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "differential"))

from harness import Case, HelmRunner, Outcome, fill, load_all_cases, make_runners, materialise, render_options  # noqa: E402

# Judged by real Helm: its answers come from the binaries, or from their cache on a warm machine.
# Every case is rendered with templates walked and with templates compiled (tests/conftest.py).
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("template_execution")]

CASES = load_all_cases()
PARAMS = [pytest.param(case, major, id=f"{case.id}[helm{major}]") for case in CASES for major in case.majors]


class HelmExpectations:
    """Helm's outcome per (case id, major), filled once per session (in parallel on a cold cache)."""

    def __init__(self, runners: dict[int, HelmRunner], missing: dict[int, Exception]) -> None:
        self.missing = missing
        self.outcomes = fill(runners, CASES)

    def get(self, case: Case, major: int) -> Outcome:
        if major in self.missing:
            if os.environ.get("CHARTGEN_ALLOW_NO_HELM") == "1":
                pytest.skip(f"real helm {major} unavailable: {self.missing[major]}")
            raise RuntimeError(f"real helm {major} unavailable: {self.missing[major]}")
        return self.outcomes[(case.id, major)]


@pytest.fixture(scope="session")
def helm_expectations(tmp_path_factory) -> HelmExpectations:
    runners, missing = make_runners(tmp_path_factory.mktemp("differential-helm-home"))
    return HelmExpectations(runners, missing)


def _describe(case: Case) -> str:
    args = " ".join(case.args)
    return f"helm template {case.release} <chart> {args}".rstrip()


@pytest.mark.parametrize(("case", "major"), PARAMS)
def test_chartgen_renders_like_helm(case: Case, major: int, helm_expectations: HelmExpectations, tmp_path: Path):
    expected = helm_expectations.get(case, major)
    # The corpus says which cases exist to fail; if helm disagrees, the case is broken, not chartgen.
    meant_to_fail = major in case.fails
    assert expected.failed == meant_to_fail, (
        f"corpus case {case.id}: helm{major} {'failed' if expected.failed else 'succeeded'} but the case says "
        f"{'fails' if meant_to_fail else 'succeeds'}:\n{expected.stderr or expected.stdout}"
    )

    from chartgen.errors import RenderError
    from chartgen.helm.render import render_chart

    chart = materialise(case, tmp_path / "chart")
    options = render_options(case, chart, major)
    if expected.failed:
        with pytest.raises(RenderError) as caught:
            render_chart(chart, options)
        # Helm's text is read from its stderr, where the message's own trailing newline cannot be told from the
        # one Helm prints after it (harness.helm_error_message strips both); strip chartgen's the same way.
        assert caught.value.message.rstrip() == expected.error_message, _describe(case)
    else:
        try:
            result = render_chart(chart, options)
        except RenderError as exc:
            pytest.fail(f"{_describe(case)}: chartgen failed where helm{major} succeeded: {exc.message}")
        assert result.text == expected.stdout, _describe(case)
