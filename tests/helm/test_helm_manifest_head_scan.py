"""The scanning route to a document's head answers only where composing the whole document gives the same head.

The scan proves from the raw text that nothing the JSON step rejects can occur and composes only the head entries.
Each construct below sits after the head, where only the scan can see it: the scan must step aside (``None``), and
the head ``fast_head`` then gives still agrees with the exact reader.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartgen.helm import yaml_load
from chartgen.helm.manifest_head import composed_head, fast_head, scanned_head

HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-install\n"


def exact_head(document: str) -> dict | None:
    try:
        return yaml_load._read_head(document, 3)
    except yaml_load.YamlUnmarshalError:
        return None


def assert_fast_head_agrees_with_the_exact_reader(document: str) -> None:
    head = fast_head(document)
    assert head is None or head == exact_head(document)


def in_data(*lines: str) -> str:
    return HEAD + "data:\n" + "".join(f"  {line}\n" for line in lines)


INFINITIES_AND_NANS = [
    in_data(f"x: {spelling}")
    for spelling in (".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.INF", ".nan", ".NaN", ".NAN", ".iNf")
] + [in_data("x: [1, .inf]"), in_data("x: {a: -.Inf}"), in_data("x:", "- .nan"), in_data("x: .inf # c")]

NULL_KEYS = [
    in_data("~: 1"),
    in_data("null: 1"),
    in_data("Null: 1"),
    in_data("NULL: 1"),
    in_data("null : 1"),
    in_data(": 1"),
    in_data("x: {: 1}"),
    in_data("x: {~}"),
    in_data("x: {a, null}"),
    in_data("x: {NULL: 1}"),
    in_data("x: [~: 1]"),
    in_data("x: [: 1]"),
    in_data("x:", "- ~: 1"),
    in_data("x:", "  ~ : 1"),
]

COLLECTION_AND_EXPLICIT_KEYS = [
    in_data("? a", ": 1"),
    in_data("? [a]", ": 1"),
    in_data("?", ": 1"),
    in_data("[a]: 1"),
    in_data("{a: b}: 1"),
    in_data("x: {[a]: 1}"),
    in_data("x: {[a]}"),
    in_data("x: {{a: b}}"),
    in_data("x: {a: 1, [b]}"),
    in_data("x: [[a]: 1]"),
]

ANCHORS_ALIASES_AND_TAGS = [
    in_data("a: &x 1", "b: *x"),
    in_data("a: &x [1, 2]", "b: [*x, *x]"),
    in_data("b: *undefined"),
    in_data("b: [*undefined]"),
    in_data("b: {k: *undefined}"),
    in_data("&x a: 1"),
    in_data("x: !!float 1"),
    in_data("x: !!float .inF"),
    in_data("x: !!null"),
    in_data("!!null a: 1"),
    in_data("x: !local y"),
    in_data("x: !<tag:yaml.org,2002:float> .inf"),
    in_data("x: [!!str a]"),
]

OTHER_KEYS = [
    in_data("<<: {a: 1}"),
    in_data("<< : {a: 1}"),
    in_data("x: {<<: {a: 1}}"),
    in_data("=: 1"),
    in_data("2001-12-14: x"),
    in_data("2001-12-14 21:59:43.10 -5: x"),
    in_data("x: {2001-12-14t21:59:43.10-05:00: y}"),
]

DOCUMENTS_AND_LINE_BREAKS = [
    "%YAML 1.1\n---\n" + in_data("a: 1"),
    "--- \n" + in_data("a: 1"),
    in_data("a: 1") + "...\nb: 2\n",
    in_data("a: 1") + "---\nb: 2\n",
    in_data("a: 1").replace("\n", "\r\n"),
    in_data("a: 1").replace("\n", "\r"),
    in_data("a: 1") + "b: 1\x85kind: X\n",
    in_data("a: 1") + "b: 1\u2028kind: X\n",
    in_data("a: 1") + "b: 1\u2029kind: X\n",
    "\ufeff" + in_data("a: 1"),
]

LATER_ROOT_KEYS = [
    in_data("a: 1") + line
    for line in (
        "kind: Secret\n",
        "Kind: Secret\n",
        "KIND: Secret\n",
        "\u212aind: Secret\n",  # KELVIN SIGN, which lower-cases to "k"
        "apiversion: v2\n",
        "metadata: {name: b}\n",
        "Metadata: null\n",
        '"kind": Secret\n',
        '"\\x6bind": Secret\n',
        "'kind': Secret\n",
        "5: x\n",
        "-1: x\n",
        "1.5: x\n",
        "true: x\n",
        "Yes: x\n",
        "off: x\n",
        "~: x\n",
        "null: x\n",
        ".inf: x\n",
        "[a]: x\n",
    )
]

ROOTS_THE_SCAN_LEAVES = [
    "data: {}\n" + HEAD,  # head fields after another key
    "- a\n- b\n",
    "{kind: Pod, metadata: {name: a}}\n",
    "  kind: Pod\n  spec: {}\n",  # a root mapping indented
    "# only a comment\n",
    "",
    "kind: Pod\n",  # only head fields: composing them is the scan's work anyway
    "kind: Pod\nspec: [unclosed\n",
    "kind: Pod\nspec:\n  a: 1\n b: 2\n",
    "kind: Pod\nspec: \udcff\n",
    "5: x\nspec: {}\n",
    '"x": 1\nspec: {}\n',
]


# Why the scan leaves a document to composing: each group is one reason.
STEPS_ASIDE = {
    "steps_aside_for_infinities_and_nans": INFINITIES_AND_NANS,
    "steps_aside_for_null_and_empty_keys": NULL_KEYS,
    "steps_aside_for_collection_and_explicit_keys": COLLECTION_AND_EXPLICIT_KEYS,
    "steps_aside_for_anchors_aliases_and_tags": ANCHORS_ALIASES_AND_TAGS,
    "steps_aside_for_merge_value_and_timestamp_keys": OTHER_KEYS,
    "steps_aside_for_directives_markers_and_unusual_line_breaks": DOCUMENTS_AND_LINE_BREAKS,
    "steps_aside_when_a_later_root_key_could_change_the_head": LATER_ROOT_KEYS,
    "leaves_other_roots_to_composing": ROOTS_THE_SCAN_LEAVES,
}


@pytest.mark.parametrize(
    "document",
    [pytest.param(doc, id=f"{why}-{i}") for why, docs in STEPS_ASIDE.items() for i, doc in enumerate(docs)],
)
def test_the_scan_steps_aside_where_composing_must_decide(document):
    """Each group names why the scan cannot answer; the exact reader then answers alone."""
    assert scanned_head(document) is None
    assert_fast_head_agrees_with_the_exact_reader(document)


ANSWERED = [
    in_data("a: 1"),
    in_data("description: '*Deprecated* use b; a * b, see .info? yes: no'"),
    in_data("description: |-", "  * first", "  *second* and **third**", "  what? maybe", "  null and ~ and .infinity"),
    in_data("x: [a, b]", "y: {c: d, e: [f]}", "z: 'null'", 'w: "~"', "v: .5", "u: 1e3", "t: 0x1F", "s: yes"),
    in_data("x: 2001-12-14").replace("2001-12-14", "v2001-12"),
    HEAD + "rules:\n- apiGroups: ['']\n  resources: [pods]\n# a comment in column 0\nsubjects: []\n",
    HEAD + "spec:\n  template:\n    metadata:\n      name: inner\n      kind: Inner\n",
    "kind: Pod\nspec: {}\n",
    "metadata:\n  name: m\n  labels: {a: b}\nspec: 1\n",
    "apiVersion: v1\nkind: List\nitems: []\n",
    HEAD + 'data:\n  a: "multi\n\n    line"\n',
]


@pytest.mark.parametrize("document", ANSWERED)
def test_the_scan_answers_plain_documents_as_composing_them_does(document):
    head = scanned_head(document)
    assert head is not None
    assert head == composed_head(document) == exact_head(document)


# Fragments that build documents near every construct above, valid and not: whatever the scan answers, composing
# the whole document answers the same.
# Half of the draws are plain text, so that many documents are ones the scan answers.
_PLAIN_SCALARS = ["a", "b", "Kind", "metadata", "name", "''", '"x"', ".info", "1", "1.5", "*bold*", "a * b", "what?"]
_RISKY_SCALARS = [
    "~",
    "null",
    "NULL",
    "",
    '"\\x6bind"',
    ".inf",
    "-.Inf",
    ".NaN",
    "true",
    "off",
    "<<",
    "=",
    "2001-12-14",
]
_RISKY_SCALARS += [
    "*x",
    "&x a",
    "!!float 1",
    "!!str a",
    "? a",
    ": b",
    "{~}",
    "{a, null}",
    "[a]",
    "{a: b}",
    "[*x]",
    "[: a]",
]
_SCALARS = st.one_of(st.sampled_from(_PLAIN_SCALARS), st.sampled_from(_RISKY_SCALARS))
_PLAIN_KEYS = ["a", "b", "c", "d_e", "f-g", "h.i", "kind", '"q"', "'s'", "- a"]
_RISKY_KEYS = ["~", "null", "Null", "", "? a", "?", "[a]", "{a: b}", "<<", "=", "2001-12-14", "*x", "&x a", "!!null"]
_RISKY_KEYS += ["!!str a", "5", "true", "y", ".inf", "- ~"]
_KEYS = st.one_of(st.sampled_from(_PLAIN_KEYS), st.sampled_from(_RISKY_KEYS))
_SEPARATORS = st.sampled_from([": ", " : ", ":", ":\n    ", ":\n  - "])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A head, then lines of a ``spec`` mapping, then maybe one more root key: mostly valid YAML, each line a key
    and a value drawn from the constructs above."""
    head = draw(st.sampled_from([HEAD, "kind: Pod\n", "metadata:\n  name: m\n", "a: &x 1\n"]))
    lines = ["  " + draw(_KEYS) + draw(_SEPARATORS) + draw(_SCALARS) + "\n" for _ in range(draw(st.integers(0, 2)))]
    tail = draw(st.sampled_from(["", "b: 1\n", "kind: Later\n", "5: x\n", "- a\n", "y: 1\n", "null: 1\n"]))
    return head + "spec:\n" + "".join(lines) + tail


@settings(max_examples=300, deadline=None)
@given(documents())
def test_whatever_the_scan_answers_composing_the_whole_document_answers_too(document):
    check_scan_agrees(document)


def check_scan_agrees(document: str) -> bool:
    """Whether the scan answered; when it did, composing the whole document gives the same head."""
    head = scanned_head(document)
    if head is not None:
        assert head == composed_head(document), document
    return head is not None
