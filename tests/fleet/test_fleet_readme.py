"""The README's fleet.yaml example is a fleet `chartgen fleet` writes, and its collision line is what it prints."""

from __future__ import annotations

import re

import yaml
from conftest import REPO, run_cli

SECTION = "## Many work clusters: `chartgen fleet`"


def _section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    return text[start : text.index("\n## ", start + 1)]


def _example() -> dict:
    block = _section().split("    # fleet.yaml\n", 1)[1].split("\n\n", 1)[0]
    return yaml.safe_load("\n".join(line[4:] for line in block.splitlines()))


def test_the_readme_example_is_written_with_the_bundled_chart(tmp_path):
    example = _example()
    del example["chart"]["path"]  # the IKO download it names is the user's; the bundled chart stands in
    (tmp_path / "fleet.yaml").write_text(yaml.safe_dump(example, sort_keys=False))
    result = run_cli("fleet", "fleet.yaml", "-o", "deploy/fleet", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "deploy" / "fleet"
    assert sorted(p.name for p in (out / "charts").iterdir()) == ["iris-operator-amd", "iris-operator-amd-lab"]
    assert sorted(p.name for p in (out / "argocd").iterdir()) == ["lab.yaml", "prod.yaml", "test.yaml"]


def test_the_readme_collision_line_is_the_one_printed(tmp_path):
    example = _example()
    del example["chart"]["path"]
    example["targets"][1]["work"]["watch_namespaces"] = ["iris-prod"]
    (tmp_path / "fleet.yaml").write_text(yaml.safe_dump(example, sort_keys=False))
    printed = run_cli("fleet", "fleet.yaml", cwd=tmp_path).stderr.strip()
    (shown,) = [line.strip() for line in _section().splitlines() if line.strip().startswith("chartgen: error:")]
    # The line number is the README file's; the dump here lays the file out differently.
    assert re.sub(r":\d+:\d+:", ":L:C:", printed) == re.sub(r":\d+:\d+:", ":L:C:", shown)
