"""A rendered document with its opaque generated tokens masked: what stays the same from run to run.

A chart that generates certificates or keys (``genCA``, ``genSignedCert``, ``randAlphaNum | b64enc``) renders a
document whose ``data:`` values differ on every run, so its digest never matches the one kept from the last render.
Its *skeleton* is the document with each token taken out: a token is the whole value of a line
``<spaces><key>: <token>``, the key a plain run of ``[A-Za-z0-9._/-]`` not starting with ``-``, the token a run of
at least 16 characters of the base64 alphabet ``[A-Za-z0-9+/]`` holding a letter and a digit, ``+`` or ``/``, with at
most two ``=`` at its end. Two documents with one skeleton differ only in the tokens at the same places.

Why swapping tokens cannot change whether the document reads, nor (under the last condition) its head:

* Tokenization. No token character is a YAML indicator (``-?:,[]{}#&*!|>'"%@```), a quote, a backslash, a
  space, a tab or a line break, and ``=`` only trails letters or digits. Whatever the line is part of (a block
  mapping entry, a flow collection spread over lines, a quoted or block scalar, a plain scalar continued on the
  next line), libyaml's and goyaml's scanners read the token as ordinary scalar text and end it at the same line
  break: it cannot open or close a scalar, comment or collection, start an escape, change an indentation, or be a
  simple key (it ends the line, and a simple key ends on its own line at a ``:``). So no length those scanners
  limit (a simple key's 1024 characters) is spent on a token; chartgen's exact reader limits depth and aliasing,
  counted in nodes, never characters.
* Values. Where the token is a plain scalar it is masked only if goyaml resolves it to a string (one starting with
  a letter or ``/`` always is; one starting with a digit or ``+`` is asked, ``0x1F...`` is an integer); in a quoted
  or block scalar it is text. So every node keeps its tag and only string contents change, which none of the
  JSON step's refusals (infinities, NaNs, null, collection or timestamp keys) looks at. A tag on a scalar holding
  the line applies to text that also holds ``<key>: ``, which reads as no number, boolean, null, timestamp or base64
  data whatever the token.
* Keys. A scalar holding a token line can be a mapping key only as an explicit key (``? |`` or a quoted scalar
  over several lines) or through an alias; libyaml and goyaml refuse an implicit key over several lines. There a
  swap could make two keys equal (the last one's value wins) or tell them apart, keeping or dropping a value the
  JSON step refuses; so a document with ``?`` or ``*`` where a token may start is never skeletonised.
* Head. The head (``apiVersion``, ``kind``, ``metadata.name``, annotation keys and values) is made of strings of
  the document, and a string that holds a token holds it verbatim (no escape or fold reaches inside a token). So
  when no string of the head contains one of the document's tokens, the head does not depend on them, and a
  document with the same skeleton has the same head. ``head_is_independent`` checks that, within a work budget.

Documents holding a line break other than LF or a byte-order mark (which ``manifest_head`` steps aside for too)
are never skeletonised, so that "a line" means the same here as to the scanners.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from chartgen.helm.manifest_head import ODD_CHARACTERS
from chartgen.helm.yaml_load import plain_scalar_is_string

__all__ = ["MIN_TOKEN", "Skeleton", "head_is_independent", "skeleton_of"]

MIN_TOKEN = 16
# The line's key and token, after a line break; the first line is matched on its own. Every quantifier is
# possessive and the classes do not overlap where they meet, so no input makes the engine backtrack. The
# lookaheads ask for a letter (an all-digit run is a number in plain context) and for a digit, '+' or '/' (a word
# such as MutatingWebhookConfiguration is a head field more often than a generated value) before the token's end.
_TOKEN = r"(?=[0-9+/]*+[A-Za-z])(?=[A-Za-z]*+[0-9+/])([A-Za-z0-9+/]{" + str(MIN_TOKEN) + r",}+={0,2}+)(?=\n|\Z)"
_KEY = r" *+[A-Za-z0-9._/][A-Za-z0-9._/-]*+: "
_LATER_LINE = re.compile(r"\n" + _KEY + _TOKEN)
_FIRST_LINE = re.compile(_KEY + _TOKEN)
_NUMBER_START = frozenset("+0123456789")
# An explicit key ("? ") or an alias ("*name") where a token may start: what could make a scalar holding a token
# line a mapping key, whose equality with another key decides which value survives. Found conservatively (also
# inside scalars and comments, which only costs the skeleton); each pattern starts with its literal, for speed.
_KEY_MAKERS = (re.compile(r"\?(?<![^\s\[{,]\?)(?![^\s,\[\]{}])"), re.compile(r"\*(?<![^\s\[{,]\*)"))

# Checking the head against the tokens costs (number of tokens) x (characters of the head); past this budget the
# skeleton is not kept, so a hostile document cannot make the check slow.
HEAD_CHECK_BUDGET = 1 << 22


class Skeleton:
    """A document's skeleton: its digest and the tokens taken out of it."""

    __slots__ = ("digest", "tokens")

    def __init__(self, digest: str, tokens: list[str]) -> None:
        self.digest = digest
        self.tokens = tokens


def skeleton_of(content: str) -> Skeleton | None:
    """The skeleton of ``content``, or None when it holds no token (or anything that could make a token part of a
    key, or characters it must not be split on)."""
    if any(c in content for c in ODD_CHARACTERS):
        return None
    tokens: list[str] = []
    pieces: list[str] = []
    places: list[int] = []  # where each token was taken out, as an offset into the skeleton text
    kept = taken = 0
    for match in _token_lines(content):
        token = match.group(1)
        if token[0] in _NUMBER_START and not plain_scalar_is_string(token):
            continue
        start = match.start(1)
        pieces.append(content[kept:start])
        places.append(start - taken)
        tokens.append(token)
        kept = match.end(1)
        taken += kept - start
    if not tokens or any(pattern.search(content) for pattern in _KEY_MAKERS):
        return None
    pieces.append(content[kept:])
    text = "".join(pieces).encode("utf-8", "surrogatepass")
    # Lengths first, so no text can pass for another's places.
    digest = hashlib.sha256(f"{len(text)}:{','.join(map(str, places))}\n".encode())
    digest.update(text)
    return Skeleton(digest.hexdigest(), tokens)


def _token_lines(content: str) -> Iterator[re.Match[str]]:
    first = _FIRST_LINE.match(content)
    if first is not None:
        yield first
    yield from _LATER_LINE.finditer(content)


def head_is_independent(head: dict[str, Any], tokens: list[str]) -> bool:
    """Whether no string of ``head`` contains one of ``tokens`` (False when checking would cost too much)."""
    strings = [head["apiVersion"], head["kind"]]
    metadata = head["metadata"]
    if metadata is not None:
        strings.append(metadata["name"])
        for key, value in (metadata["annotations"] or {}).items():
            strings += (key, value)
    text = "\n".join(strings)  # no token holds a line break, so none spans two strings
    if len(text) * len(tokens) > HEAD_CHECK_BUDGET:
        return False
    return not any(token in text for token in tokens)
