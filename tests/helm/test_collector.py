"""collector_paused: large YAML documents are read without the cyclic collector revisiting them."""

from __future__ import annotations

import gc

import pytest

from chartgen.collector import collector_paused


def _full_collections(action) -> int:
    """How many full (generation 2) collections ran during ``action()``."""
    seen: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        action()
    finally:
        gc.callbacks.remove(count)
    return seen.count(2)


def _big_document(items: int) -> str:
    return "kind: ConfigMap\nmetadata:\n  name: big\ndata:\n" + "".join(
        f"  k{i}:\n    nested: {{a: {i}, b: [x, y]}}\n" for i in range(items)
    )


def test_collection_is_off_inside_and_back_on_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_comes_back_after_an_exception():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_caller_that_turned_collection_off_keeps_it_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# Reading this document without the pause meets about seven full collections, each visiting the tree so far.
BIG = _big_document(20_000)


def test_normalising_a_large_document_runs_no_full_collection():
    from chartgen.snapshot.normalise import normalise_documents

    assert _full_collections(lambda: normalise_documents([("c/templates/big.yaml", BIG)])) == 0


def test_reading_large_documents_for_a_diff_runs_no_full_collection():
    from chartgen.snapshot.manifest_diff import parse_manifests

    assert _full_collections(lambda: parse_manifests("---\n# Source: c/templates/big.yaml\n" + BIG)) == 0


def test_reading_a_large_document_for_lint_runs_no_full_collection(tmp_path):
    from chartgen.lint.locate import manifest_documents
    from chartgen.lint.runner import LintOptions, build_context

    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "templates" / "big.yaml").write_text(BIG)
    ctx = build_context(LintOptions(chart))
    assert _full_collections(lambda: manifest_documents(ctx)) == 0


def test_a_line_diff_of_long_snapshots_runs_no_full_collection():
    from chartgen.snapshot.linediff import describe_changes, readable_diff

    old = "".join(f"---\n# Object: ConfigMap unit-{n}\ndata:\n  revision: '1'\n  retries: 5\n" for n in range(20_000))
    new = old.replace("revision: '1'", "revision: '2'")
    assert _full_collections(lambda: (describe_changes(old, new), readable_diff(old, new))) == 0
