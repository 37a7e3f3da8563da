"""The libyaml fast path for document heads agrees with the exact reader, or steps aside."""

from __future__ import annotations

import pytest

from chartgen.helm import yaml_load
from chartgen.helm.manifest_head import fast_head

DOCUMENTS = [
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n",
    "kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install,post-install\n    other: x\n",
    "# only a comment",
    "",
    "kind: Pod\nmetadata:\n  annotations: {}\n",
    "kind: &k Service\nmetadata: {name: *k}\n",
    "a: [1, 2]\nkind: 'Quoted'\n",
]

STEPS_ASIDE = [
    "kind: 5\n",  # a number where a string is wanted: Helm converts it, the exact reader knows how
    "Kind: Pod\n",  # encoding/json's case-insensitive field match
    "kind: [Pod]\n",
    "metadata: null\n",
    "metadata:\n  annotations:\n    a: 1\n",
    "key: [unclosed\n",  # a syntax error must carry goyaml's wording
    "a: 1\n---\nb: 2\n",
    "metadata:\n  <<: {name: x}\n",
    "- a\n- b\n",
    "kind: Pod\nx: .inf\n",  # the whole document goes through JSON, where infinity has no spelling
    "kind: Pod\nspec:\n  ~: 1\n",  # a null key cannot become a JSON key
    "kind: Pod\na: &a [1, 2]\nb: [*a, *a]\n",  # an aliased collection counts against goyaml's aliasing budget
]

# Plain scalars PyYAML reads as strings and goyaml does not: Helm's head holds "true", "false" or the number.
GOYAML_NON_STRINGS = {"y": "true", "N": "false", "1e3": "1000", "0o17": "15", "+.5": "0.5", ".1e3": "100"}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_fast_head_equals_the_exact_reader(document):
    assert fast_head(document) == yaml_load._read_head(document, 3)


@pytest.mark.parametrize("document", STEPS_ASIDE)
def test_fast_head_leaves_unusual_documents_to_the_exact_reader(document):
    assert fast_head(document) is None


@pytest.mark.parametrize(("plain", "helm_reads"), GOYAML_NON_STRINGS.items())
def test_fast_head_leaves_plain_scalars_goyaml_reads_as_non_strings_to_the_exact_reader(plain, helm_reads):
    document = f"kind: {plain}\nmetadata:\n  name: {plain}\n  annotations:\n    a: {plain}\n"
    assert fast_head(document) is None
    exact = yaml_load._read_head(document, 3)
    assert exact["kind"] == exact["metadata"]["name"] == exact["metadata"]["annotations"]["a"] == helm_reads
