"""Rendering an overlay's Jinja2 files into Go-template text.

Overlay snippets are Go templates themselves, so Jinja2 gets delimiters that cannot occur in them:
``[[ param ]]``, ``[% if … %]`` and ``[# comment #]``.
"""

from __future__ import annotations

import json
from typing import Any

from chartgen.errors import Location, OverlayError


def _environment():
    import jinja2

    env = jinja2.Environment(
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # A JSON string is a valid YAML double-quoted scalar and a valid Go string literal.
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["gostring"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


_ENV = None


def render(source: str, context: dict[str, Any], where: str) -> str:
    global _ENV
    import jinja2

    if _ENV is None:
        _ENV = _environment()
    try:
        return _ENV.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise OverlayError(f"Jinja syntax error: {exc.message}", Location(where, exc.lineno)) from None
    except jinja2.UndefinedError as exc:
        raise OverlayError(f"Jinja: {exc.message}", Location(where)) from None
