"""How the executor counts a function's parameters: read from its code where it can, as inspect.signature does."""

from __future__ import annotations

import functools
import inspect

import pytest

from chartgen.gotemplate.funcs import BUILTINS
from chartgen.gotemplate.walker import _read_arity
from chartgen.helm.funcmap import helm_functions
from chartgen.helmcompat.profile import HELM_3, HELM_4
from chartgen.sprig import FAMILIES, family_functions


def _by_inspect(fn):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(1 for p in positional if p.default is p.empty)
    return len(positional), required, any(p.kind is p.VAR_POSITIONAL for p in params)


class _Receiver:
    def method(self, a, b=1, *rest):
        return a

    def only_self(self):
        return self

    def star_only(*args):
        return args


def _wrapped(a, b):
    return a


@functools.wraps(_wrapped)
def _wrapper(*args):
    return _wrapped(*args)


SHAPES = {
    "no parameters": lambda: None,
    "positional": lambda a, b: a,
    "defaults": lambda a, b=1, c=2: a,
    "varargs": lambda a, *rest: a,
    "keyword-only": lambda a, *, b=1: a,
    "positional-only": eval("lambda a, /, b: a"),  # noqa: S307 - a literal lambda in a test
    "bound method": _Receiver().method,
    "bound method of only self": _Receiver().only_self,
    "bound method taking only *args": _Receiver().star_only,
    "wrapped": _wrapper,
    "partial": functools.partial(lambda a, b: a, 1),
    "builtin": len,
}


@pytest.mark.parametrize("fn", SHAPES.values(), ids=SHAPES.keys())
def test_the_count_is_what_inspect_reads(fn):
    assert _read_arity(fn) == _by_inspect(fn)


@pytest.mark.parametrize("profile", [HELM_3, HELM_4], ids=["helm3", "helm4"])
def test_every_template_function_is_counted_as_inspect_counts_it(profile):
    functions = {**BUILTINS, **helm_functions(profile)}
    for family in FAMILIES:
        functions.update(family_functions(family, profile))
    for name, fn in functions.items():
        assert _read_arity(fn) == _by_inspect(fn), name
