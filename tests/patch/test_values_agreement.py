"""patch -f, lint -f and render read a values file alike, and real Helm is the judge of what that reading is.

Each case is a file on which chartgen's old ruamel (YAML 1.1) reading and Helm's goyaml reading differ. The patched
iris-operator chart carries a values.schema.json, so ``helm template -f`` itself refuses values that break it: its
verdict is what patch's check, lint's values rules and chartgen render must all reach (the rendered bytes are the
differential suite's business; this chart's generated certificates differ on every render anyway).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.errors import ChartgenError
from chartgen.helmcompat.profile import profile_for
from chartgen.patch.engine import PatchRequest, patch_chart

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def patched(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("agreement") / "chart"
    done = run_cli("patch", "--remote-secret", "wk", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    return out


def _patch_accepts(values: Path, helm_compat: int) -> bool:
    request = PatchRequest(
        parameters={"remote-target": {"secretName": "wk"}}, values_files=[str(values)], profile=profile_for(helm_compat)
    )
    try:
        patch_chart(request)
    except ChartgenError:
        return False
    return True


def _lint_accepts(chart: Path, values: Path, helm_compat: int) -> bool:
    done = run_cli("lint", str(chart), "-f", str(values), "--helm-compat", str(helm_compat))
    return not any(" CG-VALUES-" in line or " CG-CHART-009 " in line for line in done.stdout.splitlines())


def _verdicts(helm, chart: Path, tmp_path: Path, text: str) -> dict[str, bool]:
    values = tmp_path / "v.yaml"
    values.write_text(text)
    judged = helm.run("template", "r", str(chart), "-f", str(values), check=False)
    rendered = run_cli("render", str(chart), "--release-name", "r", "-f", str(values), "--helm-compat", str(helm.major))
    return {
        "helm": judged.returncode == 0,
        "render": rendered.exit_code == 0,
        "lint": _lint_accepts(chart, values, helm.major),
        "patch": _patch_accepts(values, helm.major),
    }


def _agreed(verdicts: dict[str, bool]) -> bool:
    assert len(set(verdicts.values())) == 1, verdicts
    return verdicts["helm"]


def test_a_0o_octal_number_is_an_integer_to_all(helm, patched, tmp_path):
    assert _agreed(_verdicts(helm, patched, tmp_path, "replicaCount: 0o2\n")) is True


def test_a_sexagesimal_looking_tag_is_a_string_to_all(helm, patched, tmp_path):
    assert _agreed(_verdicts(helm, patched, tmp_path, "operator:\n  tag: 1:30\n")) is True


def test_the_last_of_duplicate_keys_wins_for_all(helm, patched, tmp_path):
    assert _agreed(_verdicts(helm, patched, tmp_path, "replicaCount: many\nreplicaCount: 2\n")) is True


def test_a_duplicate_key_that_breaks_the_schema_last_is_refused_by_all(helm, patched, tmp_path):
    assert _agreed(_verdicts(helm, patched, tmp_path, "replicaCount: 2\nreplicaCount: many\n")) is False


def test_an_infinity_is_refused_by_all(helm, patched, tmp_path):
    assert _agreed(_verdicts(helm, patched, tmp_path, "annotations:\n  a: .inf\n")) is False


def test_a_second_document_counts_under_helm_4_only(helm, patched, tmp_path):
    verdict = _agreed(_verdicts(helm, patched, tmp_path, "replicaCount: 1\n---\nreplicaCount: many\n"))
    assert verdict is (helm.major < 4)
