"""An overlay's ``when``: one Go-template pipeline, checked before it is written into ``{{- if … }}``.

The condition is spliced into template text, so anything but a single pipeline could close the action and add
actions of its own (``true }}{{ .Files.Get "x" }}{{ if true``). It is parsed with our Go-template parser inside
an ``if`` and refused unless the parse is exactly that ``if`` with an empty body and no ``else``.
"""

from __future__ import annotations

from functools import lru_cache

from chartgen.errors import Location, OverlayError
from chartgen.gotemplate.funcs import BUILTINS
from chartgen.gotemplate.node import IfNode
from chartgen.gotemplate.parse import TemplateParseError, parse
from chartgen.helm.funcmap import helm_functions
from chartgen.helmcompat.profile import HELM_3

# Far longer than any real condition; keeps a hostile one from costing the parser anything.
MAX_CONDITION_LENGTH = 512
# The functions Helm's engine adds to the function map at render time.
_ENGINE_FUNCTIONS = ("include", "tpl", "required", "fail", "lookup")


@lru_cache(maxsize=1)
def template_functions() -> frozenset[str]:
    """Every name a chart's template may call, as Helm 3 parses it."""
    return frozenset(BUILTINS) | frozenset(helm_functions(HELM_3)) | frozenset(_ENGINE_FUNCTIONS)


def check_condition(when: str, where: Location) -> str:
    """``when`` itself when it is a single pipeline; OverlayError at ``where`` otherwise."""
    shown = when if len(when) <= 80 else when[:77] + "..."
    if len(when) > MAX_CONDITION_LENGTH:
        raise OverlayError(f"when: longer than {MAX_CONDITION_LENGTH} characters", where)
    if "\n" in when or "\r" in when:
        raise OverlayError(f"when {shown!r}: a condition is one line", where)
    if when.rstrip().endswith("-") or when.lstrip().startswith("-"):
        # " -}}" or "{{- " would trim the text around the guard and join the YAML lines it keeps apart.
        raise OverlayError(f"when {shown!r}: a condition may not start or end with '-'", where)
    try:
        trees = parse("when", "{{if " + when + "}}{{end}}", template_functions())
    except TemplateParseError as exc:
        raise OverlayError(f"when {shown!r} is not a Go-template pipeline: {exc.message}", where) from None
    nodes = trees["when"].root.nodes if len(trees) == 1 else []
    single = len(nodes) == 1 and isinstance(nodes[0], IfNode)
    if not single or nodes[0].list.nodes or nodes[0].else_list is not None:
        raise OverlayError(
            f"when {shown!r} is not a single pipeline (it closes the guard's action and adds template text)", where
        )
    return when
