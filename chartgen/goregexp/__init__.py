"""Go's ``regexp`` package for patterns that come from charts, values and values schemas, matched by RE2.

``compile_regexp(pattern, go_version)`` parses a pattern with the rules of a Go release, 1.23 (Helm 3) or 1.25
(Helm 4), (``syntax``), refusing what Go refuses with Go's error text, and compiles the equivalent
RE2 program; the :class:`Regexp` it returns runs Go's matching loops on it (``regexp``). RE2 never backtracks, so
matching takes time linear in the text whatever the pattern.
"""

from chartgen.goregexp.regexp import Match, Regexp, compile_regexp, quote_meta
from chartgen.goregexp.syntax import RegexpSyntaxError

__all__ = ["Match", "Regexp", "RegexpSyntaxError", "compile_regexp", "quote_meta"]
