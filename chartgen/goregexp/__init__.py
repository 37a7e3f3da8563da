"""Go's ``regexp`` package for patterns that come from charts, values and values schemas, matched by RE2.

``compile_regexp(pattern, helm_major)`` parses a pattern with the rules of the Go that Helm 3 (Go 1.23) or Helm 4
(Go 1.25) is built with (``syntax``), refusing what Go refuses with Go's error text, and compiles the equivalent
RE2 program; the :class:`Regexp` it returns runs Go's matching loops on it (``regexp``). RE2 never backtracks, so
matching takes time linear in the text whatever the pattern.
"""

from chartgen.goregexp.regexp import Match, Regexp, compile_regexp, quote_meta
from chartgen.goregexp.syntax import RegexpSyntaxError

__all__ = ["Match", "Regexp", "RegexpSyntaxError", "compile_regexp", "quote_meta"]
