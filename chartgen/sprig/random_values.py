"""Sprig's random strings: ``randAlphaNum randAlpha randAscii randNumeric``.

Sprig draws them from a cryptographic source (goutils' ``CryptoRandom*``); ``secrets`` is the Python equivalent.
A negative length is an error inside goutils that Sprig discards, so it yields an empty string, as does 0.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.gotypes import go_signature

__all__ = ["ALPHABETS", "FUNCS", "random_string"]

ALPHABETS = {
    "randAlphaNum": string.ascii_letters + string.digits,
    "randAlpha": string.ascii_letters,
    # Printable ASCII: space (32) through tilde (126).
    "randAscii": "".join(chr(c) for c in range(32, 127)),
    "randNumeric": string.digits,
}


def random_string(count: int, alphabet: str) -> str:
    """``count`` characters drawn uniformly from ``alphabet``; empty for ``count <= 0``."""
    import secrets  # its import pulls in random: paid only by charts that draw random strings

    return "".join(secrets.choice(alphabet) for _ in range(max(count, 0)))


def _generator(alphabet: str) -> Callable[[int], str]:
    @go_signature("int")
    def generate(count: int) -> str:
        return random_string(count, alphabet)

    return generate


FUNCS: dict[str, Callable[..., Any]] = {name: _generator(alphabet) for name, alphabet in ALPHABETS.items()}
