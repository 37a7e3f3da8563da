"""Sprig's random strings (``randAlphaNum randAlpha randAscii randNumeric``): checked by length and alphabet.

The alphabets are those helm 3.17.3 draws from (2000 ``randAscii`` characters cover exactly the 95 printable
ASCII characters, space included).
"""

from __future__ import annotations

import re

import pytest
from template_harness import execute

from chartgen.gotemplate.exec import ExecError
from chartgen.sprig.random_values import FUNCS, random_string


def run(text: str, data: object = None) -> str:
    return execute(FUNCS, text, data)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("randAlphaNum", r"[A-Za-z0-9]{200}"),
        ("randAlpha", r"[A-Za-z]{200}"),
        ("randNumeric", r"[0-9]{200}"),
        ("randAscii", r"[ -~]{200}"),
    ],
)
def test_random_string_length_and_alphabet(name: str, pattern: str) -> None:
    assert re.fullmatch(pattern, run(f"{{{{ {name} 200 }}}}"))


@pytest.mark.parametrize("name", ["randAlphaNum", "randAlpha", "randNumeric", "randAscii"])
@pytest.mark.parametrize("count", [0, -1])
def test_random_string_of_no_length_is_empty(name: str, count: int) -> None:
    assert run(f"[{{{{ {name} {count} }}}}]") == "[]"


def test_random_strings_differ() -> None:
    assert run("{{ randAlphaNum 32 }}") != run("{{ randAlphaNum 32 }}")


def test_rand_ascii_covers_the_printable_range() -> None:
    assert set(random_string(5000, "".join(chr(c) for c in range(32, 127)))) == {chr(c) for c in range(32, 127)}


def test_count_must_be_an_int() -> None:
    with pytest.raises(ExecError) as info:
        run("{{ randAlpha .n }}", {"n": 3.0})
    assert info.value.message == "wrong type for value; expected int; got float64"
