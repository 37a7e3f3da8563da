"""Masking generated tokens out of a rendered document (``chartgen/helm/doc_skeleton.py``) stays linear: a document
of a hundred thousand token lines, rendered again with other tokens, and one whose head is large enough that
checking it against every token would take a quarter of a minute."""

from __future__ import annotations

import base64
from pathlib import Path

from hostile.harness import assert_clean_success, run_chartgen
from hostile.inputs import write_chart

SECONDS = 10.0  # a render takes about one second; checking the head token by token takes over fifteen
MEMORY = 1024 * 1024 * 1024


def token_lines(count: int, salt: str) -> str:
    # Every fourth token starts with a digit, so the scalar resolver is asked about it.
    lines = []
    for index in range(count):
        token = base64.b64encode(f"{salt}{index:08d}".encode()).decode()
        lines.append(f"  k{index}: {'9' if index % 4 == 0 else ''}{token}\n")
    return "".join(lines)


def render_twice(tmp_path: Path, document: str) -> None:
    """Render ``document`` (with token lines "{lines}"), then again with other tokens; both succeed in time."""
    chart = write_chart(tmp_path, templates={"t.yaml": document.replace("{lines}", token_lines(100_000, "first-"))})
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=SECONDS, memory_bytes=MEMORY)
    assert_clean_success(outcome)
    (chart / "templates" / "t.yaml").write_text(document.replace("{lines}", token_lines(100_000, "other-")))
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=SECONDS, memory_bytes=MEMORY)
    assert_clean_success(outcome)
    assert "k99999: " in outcome.stdout and "other-" not in outcome.stdout


def test_a_hundred_thousand_token_lines_render_again_in_bounded_time(tmp_path):
    render_twice(tmp_path, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\ndata:\n{lines}")


def test_a_head_of_megabytes_is_not_searched_for_each_of_many_tokens(tmp_path):
    # The annotation repeats the start every token shares, so each search would run through the whole megabyte.
    near_miss = base64.b64encode(b"first-000").decode()[:8] * 196_608
    document = (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\n  annotations:\n    a: '{near_miss}'\ndata:\n{{lines}}"
    )
    render_twice(tmp_path, document)
