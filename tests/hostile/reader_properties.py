"""Properties of chartgen's readers of untrusted text, shared by the suite (small budget) and ``fuzz/`` (large).

Each property takes one generated input and asserts that the reader ends in a result or in its typed error:
never another exception, never a RecursionError or MemoryError. Strategies mix free text with structured
YAML/JSON (anchors, aliases, merge keys, deep nesting), since free text alone rarely gets past a parser.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import strategies as st

# -- strategies -------------------------------------------------------------------------------------------------

_PUNCTUATION = list("-:?[]{},&*!|>'\"%@`#\n\t \\/=.0123456789") + ["<<", "---", "...", "~", "null", "yes", "0x1f"]
_WORDS = ["a", "b", "key", "name", "x y", "é", "\u2028", "\ud7ff", "1e9", ".inf", "2025-02-30", "0755"]

yaml_soup = st.lists(st.sampled_from(_PUNCTUATION + _WORDS), max_size=60).map("".join)
"""Text made of YAML's punctuation and a few awkward words: syntax errors of every kind."""

_scalars = st.one_of(
    st.sampled_from(["1", "-0", "0o17", "1_000", "true", "~", "''", '"x\\u00e9"', "2024-01-01", ".nan", "a b"]),
    st.from_regex(r"[a-z]{1,6}", fullmatch=True),
)


@st.composite
def yaml_with_anchors(draw) -> str:
    """Mappings and sequences in block and flow style with anchors, aliases (including to unknown or still-open
    anchors) and merge keys: the shapes goyaml's aliasing budget and depth limits are about."""
    anchors: list[str] = []
    lines: list[str] = []
    for index in range(draw(st.integers(1, 6))):
        name = f"n{index}"
        kind = draw(st.sampled_from(["seq", "map", "merge", "scalar", "self"]))
        if kind == "scalar":
            lines.append(f"{name}: &{name} {draw(_scalars)}")
        elif kind == "self":
            lines.append(f"{name}: &{name} [*{name}]")
        elif kind == "merge" and anchors:
            refs = ", ".join("*" + draw(st.sampled_from(anchors)) for _ in range(draw(st.integers(1, 3))))
            lines.append(f"{name}: &{name}\n  <<: [{refs}]\n  own: {draw(_scalars)}")
        else:
            width = draw(st.integers(0, 9))
            items = [
                ("*" + draw(st.sampled_from(anchors))) if anchors and draw(st.booleans()) else draw(_scalars)
                for _ in range(width)
            ]
            if kind == "map":
                body = ", ".join(f"k{i}: {item}" for i, item in enumerate(items))
                lines.append(f"{name}: &{name} {{{body}}}")
            else:
                lines.append(f"{name}: &{name} [{', '.join(items)}]")
        anchors.append(name)
    if draw(st.booleans()):
        lines.append("ghost: *missing")
    return "\n".join(lines) + "\n"


@st.composite
def deep_yaml(draw) -> str:
    """Nesting in flow and block style, deep enough to cross chartgen's own reader limit now and then."""
    depth = draw(st.integers(1, 1200))
    style = draw(st.sampled_from(["flow-map", "flow-seq", "block-seq", "mixed"]))
    if style == "flow-map":
        return "a: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if style == "flow-seq":
        return "a: " + "[" * depth + "1" + "]" * depth + "\n"
    if style == "block-seq":
        return "a:\n  " + "- " * depth + "1\n"
    return "a:\n  " + "- " * depth + "[" * depth + "1" + "]" * depth + "\n"


yaml_inputs = st.one_of(yaml_soup, yaml_with_anchors(), deep_yaml(), st.text(max_size=200))

set_flags = st.one_of(
    st.lists(st.sampled_from(list("ab.=,[]{}\\0123456789-") + ["[0]", "=1", "null", "{a,b}", ".."]), max_size=40).map(
        "".join
    ),
    st.integers(1, 600).map(lambda n: "a" + "[0]" * n + "=1"),
    st.integers(1, 40).map(lambda n: "a" + ".b" * n + "=1"),
)

json_inputs = st.one_of(
    st.lists(st.sampled_from(list('[]{}",:0123456789.eE+- \\u') + ["true", "null", '"a"']), max_size=60).map("".join),
    st.integers(1, 12000).map(lambda n: "[" * n + "]" * n),
)

_TEMPLATE_TOKENS = [
    "{{",
    "}}",
    "{{-",
    "-}}",
    "{{/*",
    "*/}}",
    " ",
    "\n",
    "(",
    ")",
    "|",
    ",",
    ":=",
    "=",
    ".",
    "$",
    "$x",
    ".Values",
    ".a.b",
    "if",
    "else",
    "else if",
    "end",
    "range",
    "with",
    "define",
    "block",
    "template",
    "break",
    "continue",
    '"s"',
    "`raw`",
    "'c'",
    "'\\n'",
    "1",
    "0x1F",
    "1e3",
    "1i",
    "-",
    "+",
    "nil",
    "true",
    "include",
    "printf",
    "len",
    "and",
    "or",
    "not",
    '"',
    "`",
    "'",
    "\\",
    "}",
    "{",
    "é",
    "\u2028",
    "\x00",
]
template_soup = st.lists(st.sampled_from(_TEMPLATE_TOKENS), max_size=80).map("".join)
"""Text made of Go template delimiters, keywords and literals: lexical and syntax errors of every kind."""

template_inputs = st.one_of(
    template_soup,
    st.text(max_size=200),
    st.integers(1, 12000).map(lambda n: "{{ " + "(" * n + "1" + ")" * n + " }}"),
    st.integers(1, 12000).map(lambda n: "{{ if 1 }}" * n + "{{ end }}" * n),
)

KUBECONFIG_HEAD = "apiVersion: v1\nkind: Config\n"

# -- properties -------------------------------------------------------------------------------------------------


def lexer_ends_in_eof_or_one_error_item(text: str) -> None:
    from chartgen.gotemplate.lex import ItemType, lex

    items = lex("fuzz", text)
    assert items[-1].type in (ItemType.EOF, ItemType.ERROR)
    assert all(item.type is not ItemType.ERROR for item in items[:-1])


def parser_ends_in_trees_or_a_parse_error_and_its_trees_print_stably(text: str) -> None:
    from chartgen.gotemplate.parse import TemplateParseError, parse

    for funcs in (None, ("include", "printf", "len", "and", "or", "not")):
        try:
            trees = parse("fuzz", text, funcs)
        except TemplateParseError:
            continue
        if len(text) > 400:
            continue  # the deep generated nestings test parse depth only; printing them needs the command stack
        # Go's tree printer and parser agree: what a tree prints parses back to a tree that prints the same.
        for name, tree in trees.items():
            printed = str(tree.root)
            if "{{define" in printed or "{{block" in printed:
                continue  # a define's body prints apart from its call site, as in Go
            again = parse(name, printed, None)[name]
            assert str(again.root) == printed


def values_reader_ends_in_a_value_or_helms_error(text: str) -> None:
    from chartgen.helm.yaml_load import ValuesLoadError, load_values
    from chartgen.helmcompat.profile import HELM_3, HELM_4

    for profile in (HELM_3, HELM_4):
        with contextlib.suppress(ValuesLoadError):
            load_values(text, "fuzz.yaml", profile=profile)


def yaml_guard_agrees_with_goyamls_alias_budget(text: str) -> None:
    """chartgen's own readers refuse exactly the documents Helm's reader refuses for aliasing."""
    from chartgen.helm.yaml_load import YamlUnmarshalError, unmarshal
    from chartgen.yamlread.limits import YamlLimitError, guard_yaml

    try:
        unmarshal(text)
        helm_refuses = False
    except YamlUnmarshalError as exc:
        if "excessive aliasing" not in str(exc):
            return  # some other problem decides first
        helm_refuses = True
    try:
        guard_yaml(text, "fuzz.yaml")
        guard_refuses = False
    except YamlLimitError as exc:
        guard_refuses = "excessive aliasing" in exc.message
    assert guard_refuses == helm_refuses


def positional_reader_ends_in_a_document_or_a_chartgen_error(text: str) -> None:
    from chartgen.errors import ChartgenError
    from chartgen.yamlread.roundtrip import load_yaml

    with contextlib.suppress(ChartgenError):
        load_yaml(text, "fuzz.yaml")


def kubeconfig_reader_ends_in_a_document_or_its_error(text: str) -> None:
    from chartgen.kubeconfig.document import KubeconfigError, parse_kubeconfig

    for candidate in (text, KUBECONFIG_HEAD + text):
        with contextlib.suppress(KubeconfigError):
            parse_kubeconfig(candidate, "fuzz.kubeconfig")


def lint_config_reader_ends_in_a_config_or_its_error(text: str) -> None:
    from chartgen.lint.config import LintConfigError, load_config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".chartgen.yaml"
        path.write_text("lint:\n" + "".join("  " + line + "\n" for line in text.splitlines()), errors="replace")
        with contextlib.suppress(LintConfigError):
            load_config(path)


def set_parser_ends_in_values_or_strvals_error(flag: str) -> None:
    from chartgen.helm.strvals import StrvalsError, parse_set
    from chartgen.helmcompat.profile import HELM_3, HELM_4

    for kind in ("set", "string", "json", "literal"):
        for profile in (HELM_3, HELM_4):
            with contextlib.suppress(StrvalsError):
                parse_set(flag, {}, kind, profile=profile)


def json_decoder_ends_in_a_value_or_gos_error(text: str) -> None:
    from chartgen.helm.gojson import FUNCS, JSONError, decode

    with contextlib.suppress(JSONError):
        decode(text)
    FUNCS["fromJson"](text)  # Helm's fromJson and fromJsonArray report errors inside their result
    FUNCS["fromJsonArray"](text)


def archive_reader_ends_in_a_tar_or_a_refusal(raw: bytes) -> None:
    import gzip
    import tarfile

    from chartgen.chartio.tar_guard import ArchiveError, open_archive

    for data in (raw, gzip.compress(raw, mtime=0)):
        try:
            with open_archive(data) as tar:
                for member in tar:
                    handle = tar.extractfile(member) if member.isfile() else None
                    if handle is not None:
                        handle.read()
        except (ArchiveError, tarfile.TarError, EOFError):
            pass


TARGETS = {
    "template_lexer": (template_inputs, lexer_ends_in_eof_or_one_error_item),
    "template_parser": (template_inputs, parser_ends_in_trees_or_a_parse_error_and_its_trees_print_stably),
    "values": (yaml_inputs, values_reader_ends_in_a_value_or_helms_error),
    "alias_budget": (yaml_with_anchors(), yaml_guard_agrees_with_goyamls_alias_budget),
    "positional_yaml": (yaml_inputs, positional_reader_ends_in_a_document_or_a_chartgen_error),
    "kubeconfig": (yaml_inputs, kubeconfig_reader_ends_in_a_document_or_its_error),
    "lint_config": (yaml_inputs, lint_config_reader_ends_in_a_config_or_its_error),
    "set_parser": (set_flags, set_parser_ends_in_values_or_strvals_error),
    "json": (json_inputs, json_decoder_ends_in_a_value_or_gos_error),
    "archive": (st.binary(max_size=3000), archive_reader_ends_in_a_tar_or_a_refusal),
}
"""Each reader's name -> (the inputs it is fed, the property every input must satisfy)."""
