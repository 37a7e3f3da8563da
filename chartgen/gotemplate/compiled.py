"""Parse trees compiled once into Python closures, so executing a template does not dispatch on every node again.

The tree walker in ``chartgen.gotemplate.walker`` is the specification; each closure here does what the walker's
method for that node does, in the same order, including every ``state.node`` assignment: an error message names
the node last visited (Go's ``state.at``), so the closures visit the same nodes the walker would. Where a node is
rare or only ever fails (literal commands, chains, ``and``/``or``/``call``, break/continue), or nesting runs deep,
the closure hands the node to the walker's own method, so the walker stays the only place those rules live.

What compiling saves: per node, the walker's type dispatch and the argument lists it rebuilds; per function call,
four layers of methods and an isinstance chain per argument; per field of a map, the method and member lookups,
decided once per class here (a map type's keys are its keys unless its Go type declares a member of that name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import DeferredFunction, truth
from chartgen.gotemplate.gomembers import element_type, members_of
from chartgen.gotemplate.goprint import print_value
from chartgen.gotemplate.gotypes import ANY, is_interface
from chartgen.gotemplate.node import (
    ActionNode,
    ChainNode,
    CommandNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    Node,
    NumberNode,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    VariableNode,
    WithNode,
)
from chartgen.gotemplate.parse import Tree
from chartgen.gotemplate.walker import (
    _EMPTY_INTERFACES,
    _FUNCTION_ERRORS,
    _MISSING,
    _NIL,
    MAX_EXEC_DEPTH,
    _Addr,
    _Break,
    _Continue,
    _dig,
    _Iface,
    _plain,
    _State,
)

__all__ = ["RUNS_BEFORE_COMPILING", "compiled"]

Step = Callable[[_State, Any], None]
Value = Callable[[_State, Any], Any]
Command = Callable[[_State, Any, Any], Any]

# Deeper than this, a subtree is left to the walker: compiling recurses, and real templates nest a few levels.
_MAX_COMPILE_DEPTH = 64
_CACHE_SIZE = 8192
RUNS_BEFORE_COMPILING = 1  # the tests set 0 to run everything compiled
# id(tree) -> (tree, its compiled form or None while it is still walked, runs so far)
_COMPILED: dict[int, tuple[Tree, Step | None, int]] = {}
_NO_ARGS: list[Node] = []  # read only: the walker's ``[]`` for the fields inside a chain


def compiled(tree: Tree) -> Step | None:
    """The compiled form of ``tree.root`` (it does what ``state.walk(dot, tree.root)`` does), or None while the
    tree is to be walked: for its first ``RUNS_BEFORE_COMPILING`` runs. Compiling costs about what one walk does,
    so a template that runs once (most manifests) is only walked, and a helper included again and again is
    compiled once."""
    entry = _COMPILED.get(id(tree))
    runs = 0
    if entry is not None and entry[0] is tree:
        if entry[1] is not None:
            return entry[1]
        runs = entry[2]
    step = _statement(tree.root, 0) if runs >= RUNS_BEFORE_COMPILING else None
    if len(_COMPILED) >= _CACHE_SIZE:
        _COMPILED.clear()  # trees parsed per tpl string must not pile up in a long process
    _COMPILED[id(tree)] = (tree, step, runs + 1)
    return step


# ---------------------------------------------------------------------------------------------------- statements
#
# Closures take what they need as default arguments rather than as free variables: a free variable costs a cell
# object, and every object the compiled forms hold is one more for the garbage collector's full passes (and for
# the interpreter's teardown) to visit. Locals are also the fastest names to read.


def _statement(node: Node, depth: int) -> Step:
    kind = type(node)
    if depth > _MAX_COMPILE_DEPTH:
        return _walked(node)
    if kind is TextNode:
        return _text(node)  # type: ignore[arg-type]
    if kind is ListNode:
        return _list(node, depth)  # type: ignore[arg-type]
    if kind is ActionNode:
        return _action(node, depth)  # type: ignore[arg-type]
    if kind is IfNode or kind is WithNode:
        return _if_or_with(node, depth)  # type: ignore[arg-type]
    if kind is RangeNode:
        return _range(node, depth)  # type: ignore[arg-type]
    if kind is TemplateNode:
        return _template(node, depth)  # type: ignore[arg-type]
    return _walked(node)  # break, continue, comments, and whatever the walker refuses


def _walked(node: Node) -> Step:
    def step(st: _State, dot: Any, node: Node = node) -> None:
        st.walk(dot, node)

    return step


def _output_limit(st: _State) -> Exception:
    return st.errorf(f"template output exceeds {st.tmpl.max_output} characters (chartgen's limit)")


def _text(node: TextNode) -> Step:
    def step(st: _State, dot: Any, node: TextNode = node, text: str = node.text, size: int = len(node.text)) -> None:
        st.node = node
        if st.trace is not None:
            st.emit(text, node)
            return
        budget = st.budget
        budget[0] -= size
        if budget[0] < 0:
            raise _output_limit(st)
        st.out.append(text)

    return step


def _list(node: ListNode, depth: int) -> Step:
    steps = tuple(_statement(item, depth + 1) for item in node.nodes)

    def step(st: _State, dot: Any, node: ListNode = node, steps: tuple[Step, ...] = steps) -> None:
        st.node = node
        for item in steps:
            item(st, dot)

    return step


def _action(node: ActionNode, depth: int) -> Step:
    pipe = node.pipe
    if pipe.decl:  # type: ignore[union-attr]
        declare = _pipeline(pipe, depth + 1)  # type: ignore[arg-type]

        def assign(st: _State, dot: Any, node: ActionNode = node, declare: Value = declare) -> None:
            st.node = node
            declare(st, dot)

        return assign
    # The pipeline's own step (eval_pipeline) is folded in when it has one command, as most actions do.
    commands = _commands(pipe, depth + 1)  # type: ignore[arg-type]

    def step(
        st: _State, dot: Any, node: ActionNode = node, pipe: PipeNode = pipe, commands: tuple[Command, ...] = commands
    ) -> None:
        st.node = node
        st.node = pipe
        value: Any = _MISSING
        for command in commands:
            value = _dig(command(st, dot, _plain(value)))
        kind = type(value)
        if kind is _Iface or kind is _Addr:
            text = print_value(value.value, addressable=kind is _Addr)
        else:
            text = print_value(None if value is _NIL or value is _MISSING else value, addressable=False)
        if st.trace is not None:
            st.emit(text, node)
            return
        budget = st.budget
        budget[0] -= len(text)
        if budget[0] < 0:
            raise _output_limit(st)
        st.out.append(text)

    return step


def _if_or_with(node: IfNode | WithNode, depth: int) -> Step:
    pipe = _pipeline(node.pipe, depth + 1)  # type: ignore[arg-type]
    then = _statement(node.list, depth + 1)  # type: ignore[arg-type]
    other = None if node.else_list is None else _statement(node.else_list, depth + 1)

    def step(
        st: _State,
        dot: Any,
        node: Node = node,
        pipe: Value = pipe,
        then: Step = then,
        other: Step | None = other,
        is_with: bool = type(node) is WithNode,
    ) -> None:
        st.node = node
        variables = st.vars
        mark = len(variables)
        try:
            value = pipe(st, dot)
            if truth(_plain(value)):
                then(st, value if is_with else dot)
            elif other is not None:
                other(st, dot)
        finally:
            del variables[mark:]

    return step


def _range(node: RangeNode, depth: int) -> Step:
    pipe = _pipeline(node.pipe, depth + 1)  # type: ignore[arg-type]
    body = _statement(node.list, depth + 1)  # type: ignore[arg-type]
    other = None if node.else_list is None else _statement(node.else_list, depth + 1)
    decl = node.pipe.decl  # type: ignore[union-attr]
    # (first variable, second variable or "", whether the range assigns with = rather than declares with :=)
    names = (decl[0].ident[0] if decl else "", decl[1].ident[0] if len(decl) > 1 else "", node.pipe.is_assign)  # type: ignore[union-attr]

    def step(
        st: _State,
        dot: Any,
        node: RangeNode = node,
        pipe: Value = pipe,
        body: Step = body,
        other: Step | None = other,
        names: tuple[str, str, bool] = names,
    ) -> None:
        st.node = node
        variables = st.vars
        outer = len(variables)
        try:
            value = _plain(pipe(st, dot))
            first, second, is_assign = names
            mark = len(variables)
            ran = False
            try:
                for index, elem in st.range_items(value, bool(second)):
                    ran = True
                    if first:
                        if is_assign:
                            st.set_var(first, index if second else elem)
                        else:
                            variables[-1][1] = elem
                    if second:
                        if is_assign:
                            st.set_var(second, elem)
                        else:
                            variables[-2][1] = index
                    try:
                        body(st, elem)
                    except _Continue:
                        pass
                    finally:
                        del variables[mark:]
            except _Break:
                ran = True
            if not ran and other is not None:
                other(st, dot)
        finally:
            del variables[outer:]

    return step


def _template(node: TemplateNode, depth: int) -> Step:
    pipe = None if node.pipe is None else _pipeline(node.pipe, depth + 1)

    def step(st: _State, dot: Any, node: TemplateNode = node, pipe: Value | None = pipe) -> None:
        st.node = node
        tmpl = st.tmpl
        tree = tmpl.lookup(node.name)
        if tree is None:
            raise st.errorf(f"template {gostrconv.quote(node.name)} not defined")
        if st.depth >= tmpl.max_depth:
            raise st.errorf(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
        value = pipe(st, dot) if pipe is not None else None
        # No dynamic scoping: the called template sees only $, bound to its dot.
        inner = _State(tmpl, tree, st.funcs, st.out, st.depth + 1)
        inner.vars = [["$", value]]
        inner.trace = st.trace
        inner.budget = st.budget
        inner.written = st.written
        run = compiled(tree)
        if run is None:
            inner.walk(value, tree.root)
        else:
            run(inner, value)
        st.written = inner.written

    return step


# ---------------------------------------------------------------------------------------------------- pipelines


def _commands(pipe: PipeNode, depth: int) -> tuple[Command, ...]:
    if depth > _MAX_COMPILE_DEPTH:
        return tuple(_walked_command(cmd) for cmd in pipe.cmds)
    return tuple(_command(cmd, depth + 1) for cmd in pipe.cmds)


def _pipeline(pipe: PipeNode, depth: int) -> Value:
    """The walker's ``eval_pipeline``."""
    commands = _commands(pipe, depth)
    if len(commands) == 1 and not pipe.decl:

        def single(st: _State, dot: Any, pipe: PipeNode = pipe, command: Command = commands[0]) -> Any:
            st.node = pipe
            value = command(st, dot, _MISSING)
            if type(value) is _Iface:  # _dig, inline
                return value.value if value.static in _EMPTY_INTERFACES else value
            return None if value is _NIL or value is _MISSING else value

        return single

    def run(
        st: _State,
        dot: Any,
        pipe: PipeNode = pipe,
        commands: tuple[Command, ...] = commands,
        names: tuple[str, ...] = tuple(variable.ident[0] for variable in pipe.decl),
    ) -> Any:
        st.node = pipe
        value: Any = _MISSING
        for command in commands:
            value = _dig(command(st, dot, _plain(value)))
        if value is _MISSING:
            value = None
        for name in names:
            if pipe.is_assign:
                st.set_var(name, value)
            else:
                st.vars.append([name, value])
        return value

    return run


def _walked_command(cmd: CommandNode) -> Command:
    def command(st: _State, dot: Any, final: Any, cmd: CommandNode = cmd) -> Any:
        return st.eval_command(dot, cmd, final)

    return command


def _command(cmd: CommandNode, depth: int) -> Command:
    """The walker's ``eval_command``."""
    args = cmd.args
    first = args[0]
    if isinstance(first, FieldNode):
        return _field_command(first, args)
    if isinstance(first, IdentifierNode):
        return _function(first, cmd, depth)
    if isinstance(first, PipeNode):
        inner = _pipeline(first, depth + 1)

        def parenthesized(st: _State, dot: Any, final: Any, args: list[Node] = args, inner: Value = inner) -> Any:
            if len(args) > 1 or final is not _MISSING:
                st.not_a_function(args, final)
            return inner(st, dot)

        return parenthesized
    if isinstance(first, VariableNode):
        return _variable(first, args)
    return _walked_command(cmd)  # chains, and literals: a value or an error


def _field_command(node: FieldNode, args: list[Node]) -> Command:
    def field(st: _State, dot: Any, final: Any, node: FieldNode = node, args: list[Node] = args) -> Any:
        st.node = node
        receiver = dot
        idents = node.ident
        last = len(idents) - 1
        for i in range(last):
            receiver = _field(st, dot, idents[i], node, _NO_ARGS, _MISSING, receiver, True)
            if receiver is None:
                receiver = _NIL  # a nil from a lookup is a nil interface, not an absent value
        return _field(st, dot, idents[last], node, args, final, receiver, len(args) == 1 and final is _MISSING)

    return field


def _variable(node: VariableNode, args: list[Node]) -> Command:
    """The walker's ``eval_variable``."""

    def variable(st: _State, dot: Any, final: Any, node: VariableNode = node, args: list[Node] = args) -> Any:
        st.node = node
        idents = node.ident
        name = idents[0]
        for entry in reversed(st.vars):
            if entry[0] == name:
                receiver = entry[1]
                break
        else:
            raise st.errorf(f"undefined variable: {name}")
        last = len(idents) - 1
        if not last:
            if len(args) > 1 or final is not _MISSING:
                st.not_a_function(args, final)
            return receiver
        for i in range(1, last):
            receiver = _field(st, dot, idents[i], node, _NO_ARGS, _MISSING, receiver, True)
            if receiver is None:
                receiver = _NIL
        return _field(st, dot, idents[last], node, args, final, receiver, len(args) == 1 and final is _MISSING)

    return variable


# How a declared parameter's argument is evaluated (the walker's ``eval_typed_arg``), one entry per argument:
# (way, node, its untyped evaluation, its constant value).
_COMPUTED_INTERFACE, _COMPUTED, _DOT, _STRING, _INTEGER, _WALKER = range(6)


def _typed_arg(node: Node, evaluate: Value) -> tuple[int, Node, Value, Any]:
    if isinstance(node, DotNode):
        return (_DOT, node, evaluate, None)
    if isinstance(node, (FieldNode, ChainNode)) or (isinstance(node, VariableNode) and len(node.ident) > 1):
        return (_COMPUTED_INTERFACE, node, evaluate, None)  # a field's nil is a typed nil, not an absent value
    if isinstance(node, (VariableNode, PipeNode, IdentifierNode)):
        return (_COMPUTED, node, evaluate, None)
    if isinstance(node, StringNode):
        return (_STRING, node, evaluate, node.text)
    if isinstance(node, NumberNode) and node.is_int:
        return (_INTEGER, node, evaluate, node.int_value)
    return (_WALKER, node, evaluate, None)


def _function(ident: IdentifierNode, cmd: CommandNode, depth: int) -> Command:
    """The walker's ``eval_function`` and ``eval_call``, with each argument's evaluation compiled."""
    args = cmd.args
    if ident.ident in ("and", "or", "call"):  # short-circuits and call's callee naming stay the walker's

        def walked(st: _State, dot: Any, final: Any, ident: IdentifierNode = ident, cmd: CommandNode = cmd) -> Any:
            return st.eval_function(dot, ident, cmd, cmd.args, final)

        return walked
    # Which evaluation an argument needs depends on the function found at run time; both share one compiled form.
    untyped = tuple(_arg(arg, depth + 1) for arg in args[1:])
    typed = tuple(_typed_arg(arg, evaluate) for arg, evaluate in zip(args[1:], untyped, strict=True))

    def function(
        st: _State,
        dot: Any,
        final: Any,
        ident: IdentifierNode = ident,
        cmd: CommandNode = cmd,
        untyped: tuple[Value, ...] = untyped,
        typed: tuple[tuple[int, Node, Value, Any], ...] = typed,
    ) -> Any:
        st.node = ident
        name = ident.ident
        fn = st.funcs.get(name)
        if fn is None:
            raise st.errorf(f"{gostrconv.quote(name)} is not a defined function")
        if type(fn) is DeferredFunction:
            fn = st.funcs[name] = fn.load()
        written = len(untyped)
        piped = final is not _MISSING
        params = getattr(fn, "go_params", None)
        if params is None:
            st.check_arity(fn, name, written + piped, written)
            values = [evaluate(st, dot) for evaluate in untyped]
            if piped:
                values.append(final)
        else:
            variadic = fn.go_variadic
            declared = len(params)
            if (written + piped < declared) if variadic is not None else (written + piped != declared):
                st.check_count(name, params, variadic, cmd.args, final)  # raises Go's count error
            values = []
            for i, (way, node, evaluate, constant) in enumerate(typed):
                typ = params[i] if i < declared else variadic
                if way <= _DOT:
                    st.node = node
                    if way == _DOT:
                        value = _plain(dot)
                        nil_interface = dot is _NIL
                    else:
                        value = evaluate(st, dot)
                        nil_interface = way == _COMPUTED_INTERFACE
                    # Any non-nil value fits interface {}, and a plain str fits string, as validate_type says.
                    if value is None or not (typ == ANY or (typ == "string" and type(value) is str)):
                        value = st.validate_type(value, typ, nil_interface=nil_interface)
                elif way == _STRING and (typ == "string" or typ == ANY) or way == _INTEGER and typ == "int":
                    st.node = node
                    value = constant
                else:
                    value = st.eval_typed_arg(dot, typ, node, None)
                values.append(value)
            if piped:
                typ = params[written] if written < declared else variadic
                values.append(st.validate_type(final, typ, nil_interface=False))
        try:
            return fn(*values)
        except _FUNCTION_ERRORS as exc:  # a function's error or panic ends execution, as in Go
            st.node = cmd
            raise st.errorf(f"error calling {name}: {exc}") from exc

    return function


# ---------------------------------------------------------------------------------------------------- arguments


def _arg(node: Node, depth: int) -> Value:
    """The walker's ``eval_arg``."""
    if depth > _MAX_COMPILE_DEPTH:
        return _walked_arg(node)
    if isinstance(node, DotNode):

        def dot_value(st: _State, dot: Any, node: Node = node) -> Any:
            st.node = node
            return _plain(dot)

        return dot_value
    if isinstance(node, FieldNode):
        return _wrapped(node, _field_command(node, [node]))
    if isinstance(node, VariableNode):
        return _wrapped(node, _variable(node, [node]))
    if isinstance(node, PipeNode):
        pipe = _pipeline(node, depth + 1)

        def pipeline(st: _State, dot: Any, node: Node = node, pipe: Value = pipe) -> Any:
            st.node = node
            return _plain(pipe(st, dot))

        return pipeline
    if isinstance(node, IdentifierNode):
        return _wrapped(node, _function(node, CommandNode(node.pos, node.line, [node]), depth + 1))
    if isinstance(node, StringNode):

        def string(st: _State, dot: Any, node: Node = node, text: str = node.text) -> Any:
            st.node = node
            return text

        return string
    return _walked_arg(node)  # nil, chains, other constants, and errors


def _wrapped(node: Node, command: Command) -> Value:
    """An argument that is a command of its own (a field, a variable, a function without arguments)."""

    def value(st: _State, dot: Any, node: Node = node, command: Command = command) -> Any:
        st.node = node
        result = command(st, dot, _MISSING)
        kind = type(result)  # _plain, inline
        if kind is _Iface or kind is _Addr:
            return result.value
        return None if result is _NIL else result

    return value


def _walked_arg(node: Node) -> Value:
    def value(st: _State, dot: Any, node: Node = node) -> Any:
        return st.eval_arg(dot, node)

    return value


# ---------------------------------------------------------------------------------------------------- fields


def _field(st: _State, dot: Any, name: str, node: Node, args: list[Node], final: Any, receiver: Any, bare: bool) -> Any:
    """The walker's ``eval_field``, reading a map key straight away when the map's type declares no member of that
    name (``bare``: no arguments are given, so a method would be the only other outcome)."""
    if bare:
        kind = type(receiver)
        if kind is _Iface or kind is _Addr:
            receiver_value = receiver.value
            kind = type(receiver_value)
        else:
            receiver_value = receiver
        keys = _MAP_KEYS.get(kind, _UNKNOWN)
        if keys is _UNKNOWN:
            keys = _map_keys(kind, receiver_value)
        if keys is not None and name not in keys[2]:
            value = receiver_value.get(name)
            return _Iface(value, keys[0]) if keys[1] and value is not None else value
    return st.eval_field(dot, name, node, args, final, receiver)


# Per class: None when its values are not maps; else (element type, whether it is an interface type, the names its
# Go type declares as fields or methods, which a field lookup must resolve as members instead of keys).
_MAP_KEYS: dict[type, tuple[str, bool, frozenset[str]] | None] = {}
_MAP_KEYS_SIZE = 1024
_UNKNOWN: Any = object()


def _map_keys(kind: type, value: Any) -> tuple[str, bool, frozenset[str]] | None:
    if not isinstance(value, dict):
        answer = None
    else:
        members = members_of(value)
        static = element_type(value)
        answer = (static, is_interface(static), frozenset(members.methods) | members.unexported | set(members.fields))
    if len(_MAP_KEYS) >= _MAP_KEYS_SIZE:
        _MAP_KEYS.clear()
    _MAP_KEYS[kind] = answer
    return answer
