"""Splitting rendered templates into documents and printing them as ``helm template`` does."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.errors import RenderError
from chartgen.helm.manifests import Document, assemble_output, split_manifests, split_with_offsets
from chartgen.helmcompat.profile import profile_for


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        ("a: 1\n---\nb: 2\n", ["a: 1", "b: 2"]),
        ("---\na: 1", ["a: 1"]),
        ("\n\n  a: 1  \n\n", ["a: 1"]),
        ("a: 1\n--- # trailing words are eaten\nb: 2", ["a: 1", "# trailing words are eaten\nb: 2"]),
        ("a: 1\n---\n\n\nb: 2", ["a: 1", "b: 2"]),
        ("x: a---b", ["x: a---b"]),
        ("---\n---\n", ["---"]),
        ("---\n\n---\nkind: A", ["---\nkind: A"]),
        ("# only a comment", ["# only a comment"]),
        ("", []),
    ],
)
def test_split_follows_helms_separator_rules(text, documents):
    assert split_manifests(text) == documents


def test_split_reports_where_each_document_starts():
    text = "\n# head\na: 1\n---\nb: 2\n"
    assert [(text[start : start + len(doc)], start) for start, doc in split_with_offsets(text)] == [
        ("# head\na: 1", 1),
        ("b: 2", 17),
    ]


# Helm's separator as Go writes it (Go's \s is [\t\n\f\r ]); Python's regex finds the same leftmost matches.
_GO_SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")


def _split_by_regex(text: str) -> list[str]:
    body = text.strip("\t\n\v\f\r ")
    return [piece.strip("\t\n\v\f\r ") for piece in _GO_SEPARATOR.split(body) if piece]


@given(st.lists(st.sampled_from(["-", "---", "\n", " ", "\t", "\r", "\v", "a", "b: 1", "#"]), max_size=30))
@settings(max_examples=300, deadline=None)
def test_split_finds_the_separators_helms_regexp_finds(pieces):
    text = "".join(pieces)
    assert split_manifests(text) == _split_by_regex(text)


def test_split_takes_linear_time_in_a_long_run_of_spaces():
    # A backtracking "\s*\n" retries from every space of the run: about 10^11 steps for this one line.
    text = "a: b\nc: " + " " * 500_000 + "d\n---\ne: f"
    started = time.process_time()
    documents = split_manifests(text)
    assert time.process_time() - started < 5
    assert documents[1] == "e: f"


def _doc(path: str, kind: str, hooks: list[str] | None = None) -> Document:
    return Document(path, f"kind: {kind}", kind, hooks)


def _print(manifests, hooks=(), crds=(), compat=3, **kw) -> str:
    options = {"show_only": [], "skip_tests": False, "no_hooks": False, **kw}
    return assemble_output(list(manifests), list(hooks), list(crds), profile=profile_for(compat), **options)


def test_documents_print_with_source_lines_and_one_final_newline():
    assert _print([_doc("c/templates/a.yaml", "ConfigMap")]) == "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n"


def test_nothing_rendered_prints_a_single_newline():
    assert _print([]) == "\n"


def test_known_kinds_follow_install_order_and_unknown_kinds_sort_alphabetically_after():
    docs = [_doc("c/t.yaml", k) for k in ["Zebra", "Deployment", "Apple", "Namespace", ""]]
    kinds = [
        line.split(": ")[1] if ": " in line else "" for line in _print(docs).splitlines() if line.startswith("kind")
    ]
    assert kinds == ["Namespace", "Deployment", "", "Apple", "Zebra"]


def test_equal_kinds_keep_their_file_order():
    docs = [_doc("c/b.yaml", "Service"), _doc("c/a.yaml", "Service")]
    assert [line for line in _print(docs).splitlines() if line.startswith("#")] == [
        "# Source: c/b.yaml",
        "# Source: c/a.yaml",
    ]


@pytest.mark.parametrize(("compat", "webhook_first"), [(3, False), (4, True)])
def test_webhook_configurations_sort_as_known_kinds_only_in_helm4(compat, webhook_first):
    docs = [_doc("c/t.yaml", "Alpha"), _doc("c/t.yaml", "ValidatingWebhookConfiguration")]
    first = [line for line in _print(docs, compat=compat).splitlines() if line.startswith("kind")][0]
    assert (first == "kind: ValidatingWebhookConfiguration") is webhook_first


def test_hooks_print_after_every_manifest():
    out = _print([_doc("c/z.yaml", "ConfigMap")], [_doc("c/a.yaml", "Pod", ["test"])])
    assert out.index("kind: ConfigMap") < out.index("kind: Pod")


def test_skip_tests_drops_test_hooks_only():
    hooks = [_doc("c/a.yaml", "Pod", ["test"]), _doc("c/b.yaml", "Job", ["pre-install"])]
    out = _print([], hooks, skip_tests=True)
    assert "kind: Pod" not in out and "kind: Job" in out


def test_no_hooks_drops_all_hooks():
    assert "Job" not in _print([], [_doc("c/b.yaml", "Job", ["pre-install"])], no_hooks=True)


def test_crds_come_first_untrimmed():
    out = _print([_doc("c/templates/a.yaml", "ConfigMap")], crds=[("c/crds/x.yaml", "kind: CRD\n")])
    assert out.startswith("---\n# Source: c/crds/x.yaml\nkind: CRD\n\n---\n# Source: c/templates/a.yaml")


def test_show_only_prints_matching_documents_in_pattern_order():
    docs = [_doc("c/templates/a.yaml", "ConfigMap"), _doc("c/templates/b.txt", "Secret")]
    out = _print(docs, show_only=["templates/*.txt", "templates/a.yaml"])
    assert out == "---\n# Source: c/templates/b.txt\nkind: Secret\n---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n"


def test_show_only_star_does_not_cross_directories():
    with pytest.raises(RenderError, match="could not find template templates/\\* in chart"):
        _print([_doc("c/templates/sub/a.yaml", "ConfigMap")], show_only=["templates/*"])
