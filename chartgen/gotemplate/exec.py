"""Go's ``*template.Template``: a set of named trees and the functions they call, executed on a value.

A tree's first run walks it node by node (``chartgen.gotemplate.walker``, which follows Go's ``exec.go`` and is the
specification of every result and error text); later runs execute the closures ``chartgen.gotemplate.compiled``
makes of it, which do the same. Errors are Go's: ``template: <file>:<line>:<col>: executing "<name>" at <<node>>:
<message>``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.compiled import compiled
from chartgen.gotemplate.funcs import DEFAULT_GO_VERSION, builtin_functions
from chartgen.gotemplate.node import is_empty_tree
from chartgen.gotemplate.parse import Tree
from chartgen.gotemplate.walker import (
    _EFFECTIVE_DEPTH,
    _FRAMES_PER_LEVEL,
    MAX_EXEC_DEPTH,
    MAX_OUTPUT,
    ExecError,
    _State,
)

__all__ = ["MAX_EXEC_DEPTH", "MAX_OUTPUT", "ExecError", "Template"]


class Template:
    """A set of named templates sharing functions and options, like a Go ``*template.Template`` family."""

    def __init__(
        self,
        funcs: Mapping[str, Callable[..., Any]] | None = None,
        *,
        go_version: tuple[int, int] = DEFAULT_GO_VERSION,
        name: str = "",
    ) -> None:
        """``go_version`` (major, minor) is the Go release whose text/template to follow where releases differ:
        Helm 3.17 is built with Go 1.23, Helm 4.1 with Go 1.25. Go 1.24 added ``range`` over an integer and the
        operand types in "incompatible types for comparison" errors."""
        # The set's own name, which Go quotes in "no template X associated with template <name>" (Helm: "gotpl").
        self.name = name
        self.go_version = go_version
        self.trees: dict[str, Tree] = {}
        self.funcs: dict[str, Callable[..., Any]] = builtin_functions(go_version)
        if funcs:
            self.funcs.update(funcs)
        self.range_int = go_version >= (1, 24)
        self.max_depth = _EFFECTIVE_DEPTH
        self.max_output = MAX_OUTPUT

    def add(self, trees: Mapping[str, Tree]) -> None:
        """Add parsed trees; a later definition replaces an earlier one unless its body is empty (Go's
        ``associate``: an empty body never replaces an existing definition, even an empty one)."""
        for name, tree in trees.items():
            if name not in self.trees or not is_empty_tree(tree.root):
                self.trees[name] = tree

    def clone(self) -> Template:
        """A copy whose later additions do not affect this set (Go's ``Clone``; trees themselves are shared)."""
        # Not through __init__: this set's functions already hold the built-ins (Helm's tpl clones once per call).
        copy = Template.__new__(Template)
        copy.__dict__.update(self.__dict__)
        copy.trees = dict(self.trees)
        copy.funcs = dict(self.funcs)
        return copy

    def lookup(self, name: str) -> Tree | None:
        return self.trees.get(name)

    def execute(
        self,
        name: str,
        data: Any,
        funcs: Mapping[str, Callable[..., Any]] | None = None,
        trace: list[tuple[int, str, int, bool]] | None = None,
    ) -> str:
        """Run template ``name`` with dot = ``data``; ``funcs`` add to or override the set's functions.

        With ``trace``, every piece of output is recorded as (offset in the output, template file, line, whether
        it is literal text), so a rendered line can be traced to the template line that wrote it (text, where
        each newline advances the template line too) or printed it (an action).
        """
        tree = self.trees.get(name)
        if tree is None:
            message = f"no template {gostrconv.quote(name)} associated with template {gostrconv.quote(self.name)}"
            raise ExecError(f"template: {message}", message)
        return self.execute_tree(tree, data, funcs, trace)

    def execute_tree(
        self,
        tree: Tree,
        data: Any,
        funcs: Mapping[str, Callable[..., Any]] | None = None,
        trace: list[tuple[int, str, int, bool]] | None = None,
    ) -> str:
        """Run ``tree`` itself, even when the set holds another tree under its name: Go's ``Execute`` of the
        template ``Parse`` returned, whose empty body did not replace the set's existing definition."""
        all_funcs = self.funcs if not funcs else {**self.funcs, **funcs}
        state = _State(self, tree, all_funcs, [], 0)
        state.trace = trace
        state.budget = [self.max_output]
        state.vars = [["$", data]]
        wanted = sys.getrecursionlimit()
        needed = min(self.max_depth, MAX_EXEC_DEPTH) * _FRAMES_PER_LEVEL + 1000
        if wanted < needed:
            sys.setrecursionlimit(needed)
        try:
            step = compiled(tree)
            if step is None:
                state.walk(data, tree.root)
            else:
                step(state, data)
        except RecursionError:
            # A safety net only: the depth counter normally stops first. Reported as Go's depth error.
            message = f"exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            raise ExecError(f"template: {tree.name}: {message}", message) from None
        finally:
            if wanted < needed:
                sys.setrecursionlimit(wanted)
        return "".join(state.out)
