"""Rendering an overlay's Jinja2 files into Go-template text.

Overlay snippets are Go templates themselves, so Jinja2 gets delimiters that cannot occur in them:
``[[ param ]]``, ``[% if … %]`` and ``[# comment #]``.

An overlay is untrusted input (CI patches charts with overlays from pull requests), and full Jinja2 is a
programming language: attribute walks reach Python internals, ``*``, ``**`` and ``~`` build strings and numbers
of any size, loops multiply. So a snippet may only substitute parameters, through a few filters, under
``if`` conditions: its output is then at most its own size plus each parameter's, whatever it contains. The
parsed template is checked against that subset before it is compiled, and it runs in Jinja2's immutable sandbox
with no globals as a second fence.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from chartgen.errors import Location, OverlayError

# Filters whose output is bounded by their input (and their literal arguments).
_FILTERS = ("yaml", "gostring", "shell", "lower", "upper", "trim", "default")

# Jinja2 node types a snippet may contain: substitution, literals, attribute and item reads, and conditions.
_ALLOWED_NODES = frozenset(
    {
        "Template",
        "Output",
        "TemplateData",
        "Name",
        "Const",
        "Filter",
        "Test",
        "If",
        "CondExpr",
        "Not",
        "And",
        "Or",
        "Compare",
        "Operand",
        "Getattr",
        "Getitem",
    }
)


class _NotData(Exception):
    """A snippet reached something that is not a parameter's value (a method, a missing name)."""


# What a parameter or the chart's name and version can be; anything else reached by a snippet is refused.
_DATA = (str, int, float, bool, type(None), list, dict)


def _data(value: Any) -> Any:
    import jinja2

    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises UndefinedError, which names the missing parameter
    if not isinstance(value, _DATA):
        raise _NotData(f"Jinja: a snippet may only print parameters, not {type(value).__name__} values")
    return value


def _environment():
    import jinja2.sandbox

    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_data,
    )
    env.globals.clear()
    builtin = env.filters
    # A JSON string is a valid YAML double-quoted scalar and a valid Go string literal.
    env.filters = {
        "yaml": lambda value: json.dumps(_data(value), ensure_ascii=False),
        "gostring": lambda value: json.dumps(str(_data(value)), ensure_ascii=False),
        # For printed commands (an overlay's next steps): one word for a POSIX shell.
        "shell": lambda value: shlex.quote(str(_data(value))),
        **{name: builtin[name] for name in _FILTERS if name in builtin},
    }
    return env


def _refuse_outside_subset(tree: Any, where: str) -> None:
    """Raise OverlayError at the first node a snippet may not use (see the module's docstring for why)."""
    from jinja2 import nodes

    pending = [tree]
    while pending:
        node = pending.pop()
        kind = type(node).__name__
        line = getattr(node, "lineno", None)
        if kind not in _ALLOWED_NODES:
            raise OverlayError(
                f"Jinja: {kind} is not allowed in an overlay snippet (only [[ parameters ]], filters and [% if %])",
                Location(where, line),
            )
        if isinstance(node, nodes.Filter | nodes.Test) and (node.dyn_args or node.dyn_kwargs or node.kwargs):
            raise OverlayError(f"Jinja: {node.name} takes literal arguments only here", Location(where, line))
        if isinstance(node, nodes.Filter | nodes.Test):
            for arg in node.args:
                if not isinstance(arg, nodes.Const):
                    raise OverlayError(f"Jinja: {node.name} takes literal arguments only here", Location(where, line))
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise OverlayError(
                f"Jinja: attribute {node.attr!r} is not allowed in an overlay snippet", Location(where, line)
            )
        if isinstance(node, nodes.Filter) and node.name not in _FILTERS:
            raise OverlayError(
                f"Jinja: filter {node.name!r} is not available in an overlay snippet"
                f" (use one of {', '.join(_FILTERS)})",
                Location(where, line),
            )
        pending.extend(node.iter_child_nodes())


_ENV = None


def render(source: str, context: dict[str, Any], where: str) -> str:
    """Render one overlay snippet ``source`` with ``context``; ``where`` names it in errors."""
    global _ENV
    import jinja2
    import jinja2.sandbox

    if _ENV is None:
        _ENV = _environment()
    try:
        tree = _ENV.parse(source)
        _refuse_outside_subset(tree, where)
        return _ENV.from_string(tree).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise OverlayError(f"Jinja syntax error: {exc.message}", Location(where, exc.lineno)) from None
    except jinja2.UndefinedError as exc:
        raise OverlayError(f"Jinja: {exc.message}", Location(where)) from None
    except _NotData as exc:
        raise OverlayError(str(exc), Location(where)) from None
    except jinja2.sandbox.SecurityError as exc:
        raise OverlayError(f"Jinja: {exc}", Location(where)) from None
    except RecursionError:
        raise OverlayError("Jinja: the snippet nests too deeply", Location(where)) from None
