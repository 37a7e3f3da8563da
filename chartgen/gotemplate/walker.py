"""The tree walker for Go ``text/template``, following Go's ``text/template/exec.go`` (``state.walk`` etc.).

Errors are Go's: ``template: <file>:<line>:<col>: executing "<name>" at <<node>>: <message>``.

Go distinguishes an *invalid* value (no value at all: nil data, the result of a pipeline) from a nil
*interface* (a missing map key or a nil element met while ranging). Field access on the first yields nothing,
on the second it fails with ``nil pointer evaluating interface {}.x``. Plain ``None`` models the first; the
private ``_NIL`` marker models the second while it sits in dot or in a range variable.

Depth: Go stops at 100000 nested ``template`` calls. Each level costs a dozen Python frames, and frames that
pass through C code use the C stack, so going as deep as Go risks crashing the interpreter instead of failing
cleanly. Execution therefore stops at 2000 levels (``Template.max_depth``), raising the recursion limit only as
far as that needs. Real charts nest a handful of levels; Helm's own ``include`` stops at 1000. The message
quotes Go's 100000, since that is the text Helm users see.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import BUILTINS, DeferredFunction, FuncError, call_named, truth
from chartgen.gotemplate.gomembers import GoMethod, element_type, find_method, members_of
from chartgen.gotemplate.goprint import print_value, sort_keys, to_text
from chartgen.gotemplate.gotypes import (
    ANY,
    Int64,
    Uint8,
    assignable,
    can_be_nil,
    go_kind,
    go_type_name,
    is_interface,
)
from chartgen.gotemplate.node import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    CommentNode,
    ContinueNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
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

if TYPE_CHECKING:
    from chartgen.gotemplate.exec import Template

__all__ = ["MAX_EXEC_DEPTH", "MAX_OUTPUT", "ExecError"]

MAX_EXEC_DEPTH = 100000
# Go has no output limit: a runaway range grows until the process dies. 256 Mi characters is far beyond any chart.
MAX_OUTPUT = 256 * 1024 * 1024
# Python frames one template level may need (walk of nested control structures plus the call itself).
_FRAMES_PER_LEVEL = 12
# Well past any real chart and Helm's include limit of 1000, well short of what the C stack can take.
_EFFECTIVE_DEPTH = 2000


class ExecError(Exception):
    """An execution error; ``str()`` is Go's full message, ``message`` the part after the location."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(text)
        self.message = message


class _NilInterface:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<nil interface>"


_NIL = _NilInterface()
_MISSING = object()  # Go's missingVal: "no final value piped in"


class _Iface:
    """A non-nil value whose static Go type is an interface (a map element, a range element of a
    ``[]interface {}``, a method's ``driver.Value``): Go names that interface type rather than the value's own
    type in "can't evaluate field". Like ``_NIL``, it lives only in dot, in range variables and inside a field
    chain; ``_plain`` unwraps it before a value reaches a function or the output."""

    __slots__ = ("static", "value")

    def __init__(self, value: Any, static: str) -> None:
        self.value = value
        self.static = static


class _Addr:
    """A struct value Go can take the address of: a field reached through a pointer (``KubeVersion`` inside
    ``*Capabilities``). Its pointer methods are callable, and the top of an action prints it through them. Go
    keeps addressability through pipelines and variables, and loses it when the value is copied into an
    interface: ``_plain`` drops the marker before a value reaches a function."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _as_static(value: Any, static: str) -> Any:
    """``value`` as held by a variable of Go type ``static``: boxed when that is an interface type."""
    return _Iface(value, static) if value is not None and is_interface(static) else value


# What a template function raises on purpose: its Go error or recovered panic (FuncError and the codecs' and
# semver's subclasses), or the failure of a template it executes (include). Any other exception is a bug in
# chartgen: it propagates, so the CLI reports it as one instead of passing it off as Helm's answer.
_FUNCTION_ERRORS = (FuncError, ExecError)


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _value_name(value: Any) -> str:
    """Go's ``reflect.Value.String()`` of a non-string: ``<int Value>``, ``<invalid Value>`` for nil."""
    return "<invalid Value>" if value is None else f"<{go_type_name(value)} Value>"


# A function's parameter counts, read once: inspect.signature costs more than most template functions do.
_CO_VARARGS = 0x04  # the code flag of a function taking *args
_ARITIES: dict[Any, tuple[int, int, bool] | None] = {}
_ARITY_MEMO_SIZE = 4096


def _arity(fn: Callable[..., Any]) -> tuple[int, int, bool] | None:
    """(positional parameters, of which required, whether it takes *args), or None when Python cannot tell."""
    try:
        return _ARITIES[fn]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: no memo
        return _read_arity(fn)
    if len(_ARITIES) >= _ARITY_MEMO_SIZE:
        _ARITIES.clear()  # callables made per call (call's partials) must not pile up in a long process
    arity = _ARITIES[fn] = _read_arity(fn)
    return arity


def _read_arity(fn: Callable[..., Any]) -> tuple[int, int, bool] | None:
    # A plain function's or bound method's code object answers what inspect.signature would, without importing
    # inspect (several milliseconds at start-up); anything wrapped, partial or built in is left to inspect.
    bound = type(fn) is MethodType
    function = fn.__func__ if bound else fn  # type: ignore[attr-defined]
    if type(function) is FunctionType and "__wrapped__" not in function.__dict__:
        code = function.__code__
        if code.co_argcount >= bound and "__signature__" not in function.__dict__:
            positional = code.co_argcount - bound
            required = max(0, positional - len(function.__defaults__ or ()))
            return positional, required, bool(code.co_flags & _CO_VARARGS)
    import inspect

    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(1 for p in positional if p.default is p.empty)
    return len(positional), required, any(p.kind is p.VAR_POSITIONAL for p in params)


def _plain(value: Any) -> Any:
    if type(value) is _Iface or type(value) is _Addr:
        return value.value
    return None if value is _NIL else value


# Interfaces without methods, whose values a pipeline digs out (Go's "dig down one level to the thing inside").
_EMPTY_INTERFACES = frozenset({ANY, "driver.Value"})


def _dig(value: Any) -> Any:
    """A command's result as a pipeline keeps it: a nil interface becomes no value, and an empty interface's
    content its own type; a value of type ``error`` stays one (Go names ``error`` in a later field error)."""
    if type(value) is _Iface:
        return value.value if value.static in _EMPTY_INTERFACES else value
    return None if value is _NIL else value


class _State:
    def __init__(self, tmpl: Template, tree: Tree, funcs: dict, out: list[str], depth: int) -> None:
        self.tmpl = tmpl
        self.tree = tree
        self.funcs = funcs
        self.out = out
        self.depth = depth
        self.node: Node | None = None
        self.vars: list[list[Any]] = []
        self.trace: list[tuple[int, str, int, bool]] | None = None
        # Characters this execution may still write, shared with nested {{template}} calls.
        self.budget: list[int] = [MAX_OUTPUT]
        self.written = 0  # characters written so far, kept only when tracing

    # ------------------------------------------------------------------ errors and variables

    def errorf(self, message: str) -> ExecError:
        name = self.tree.name
        if self.node is None:
            return ExecError(f"template: {name}: {message}", message)
        location, context = self.tree.error_context(self.node)
        return ExecError(f"template: {location}: executing {gostrconv.quote(name)} at <{context}>: {message}", message)

    def at(self, node: Node) -> None:
        self.node = node

    def set_var(self, name: str, value: Any) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1] = value
                return
        raise self.errorf(f"undefined variable: {name}")

    def set_top_var(self, n: int, value: Any) -> None:
        self.vars[-n][1] = value

    def var_value(self, name: str) -> Any:
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry[1]
        raise self.errorf(f"undefined variable: {name}")

    # ------------------------------------------------------------------ walking

    def walk(self, dot: Any, node: Node) -> None:
        self.node = node
        # One dictionary lookup instead of a chain of isinstance tests: walk runs once per node executed.
        step = _WALK_STEPS.get(type(node))
        if step is None:
            raise self.errorf(f"unknown node: {node}")
        step(self, dot, node)

    def walk_action(self, dot: Any, node: ActionNode) -> None:
        # Variables declared here stay until the enclosing {{end}}, so nothing is popped.
        value = self.eval_pipeline(dot, node.pipe)
        if not node.pipe.decl:
            self.emit(print_value(_plain(value), addressable=type(value) is _Addr), node)

    def walk_text(self, dot: Any, node: TextNode) -> None:
        self.emit(node.text, node)

    def walk_list(self, dot: Any, node: ListNode) -> None:
        walk = self.walk
        for item in node.nodes:
            walk(dot, item)

    def walk_break(self, dot: Any, node: BreakNode) -> None:
        raise _Break

    def walk_continue(self, dot: Any, node: ContinueNode) -> None:
        raise _Continue

    def walk_comment(self, dot: Any, node: CommentNode) -> None:
        pass

    def emit(self, text: str, node: Node) -> None:
        self.budget[0] -= len(text)
        if self.budget[0] < 0:
            raise self.errorf(f"template output exceeds {self.tmpl.max_output} characters (chartgen's limit)")
        self.out.append(text)
        if self.trace is not None:
            self.trace.append((self.written, self.tree.parse_name, node.line, isinstance(node, TextNode)))
            self.written += len(text)

    def walk_if_or_with(self, dot: Any, node: IfNode | WithNode) -> None:
        mark = len(self.vars)
        try:
            value = self.eval_pipeline(dot, node.pipe)
            if truth(_plain(value)):
                self.walk(value if isinstance(node, WithNode) else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot: Any, node: RangeNode) -> None:
        self.at(node)
        outer = len(self.vars)
        try:
            value = _plain(self.eval_pipeline(dot, node.pipe))
            mark = len(self.vars)
            decl = node.pipe.decl

            def one(index: Any, elem: Any) -> None:
                if decl:
                    if node.pipe.is_assign:
                        self.set_var(decl[0].ident[0], index if len(decl) > 1 else elem)
                    else:
                        self.set_top_var(1, elem)
                if len(decl) > 1:
                    if node.pipe.is_assign:
                        self.set_var(decl[1].ident[0], elem)
                    else:
                        self.set_top_var(2, index)
                try:
                    self.walk(elem, node.list)
                except _Continue:
                    pass
                finally:
                    del self.vars[mark:]

            ran = False
            try:
                for index, elem in self.range_items(value, len(decl) > 1):
                    ran = True
                    one(index, elem)
            except _Break:
                ran = True
            if not ran and node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[outer:]

    def range_items(self, value: Any, pairs: bool) -> Iterator[tuple[Any, Any]]:
        """What ``range`` visits in ``value``, as (index or key, element), in Go's order and with the elements'
        static types; Go's error for a value it cannot range over, or a number ranged over with two variables
        (``pairs``). Lazy, as Go's loop is: each element is read just before the body that sees it runs."""
        if isinstance(value, (list, tuple)):
            static = element_type(value)
            for i, elem in enumerate(value):
                yield i, (_NIL if elem is None else _as_static(elem, static))
        elif isinstance(value, (bytes, bytearray)):
            for i, byte in enumerate(value):
                yield i, Uint8(byte)
        elif isinstance(value, dict):
            static = element_type(value)
            for key in sort_keys(value):
                elem = value[key]
                yield key, (_NIL if elem is None else _as_static(elem, static))
        elif isinstance(value, int) and not isinstance(value, bool) and self.tmpl.range_int:
            if pairs:
                raise self.errorf(f"can't use {value} to iterate over more than one variable")
            kind = type(value)  # the counter has the operand's type: int64 for a Sprig result
            for i in range(value):
                yield i, kind(i)
        elif value is not None:
            raise self.errorf(f"range can't iterate over {to_text(value)}")

    def walk_template(self, dot: Any, node: TemplateNode) -> None:
        self.at(node)
        tree = self.tmpl.lookup(node.name)
        if tree is None:
            raise self.errorf(f"template {gostrconv.quote(node.name)} not defined")
        if self.depth >= self.tmpl.max_depth:
            raise self.errorf(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
        value = self.eval_pipeline(dot, node.pipe) if node.pipe is not None else None
        # No dynamic scoping: the called template sees only $, bound to its dot.
        inner = _State(self.tmpl, tree, self.funcs, self.out, self.depth + 1)
        inner.vars = [["$", value]]
        inner.trace = self.trace
        inner.budget = self.budget
        inner.written = self.written
        inner.walk(value, tree.root)
        self.written = inner.written

    # ------------------------------------------------------------------ evaluation

    def eval_pipeline(self, dot: Any, pipe: PipeNode) -> Any:
        self.at(pipe)
        value: Any = _MISSING
        for cmd in pipe.cmds:
            value = _dig(self.eval_command(dot, cmd, _plain(value)))
        if value is _MISSING:
            value = None
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.ident[0], value)
            else:
                self.vars.append([variable.ident[0], value])
        return value

    def not_a_function(self, args: list[Node], final: Any) -> None:
        if len(args) > 1 or final is not _MISSING:
            raise self.errorf(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: Any, cmd: CommandNode, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, FieldNode):
            self.at(first)
            return self.eval_field_chain(dot, dot, first, first.ident, cmd.args, final)
        if isinstance(first, ChainNode):
            return self.eval_chain(dot, first, cmd.args, final)
        if isinstance(first, IdentifierNode):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, PipeNode):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, VariableNode):
            return self.eval_variable(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, BoolNode):
            return first.value
        if isinstance(first, DotNode):
            return dot
        if isinstance(first, NilNode):
            raise self.errorf("nil is not a command")
        if isinstance(first, NumberNode):
            return self.ideal_constant(first)
        if isinstance(first, StringNode):
            return first.text
        raise self.errorf(f"can't evaluate command {first}")

    def ideal_constant(self, node: NumberNode) -> Any:
        self.at(node)
        text = node.text
        if node.is_complex:
            return node.complex_value
        is_hex_int = len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
        if node.is_float and not is_hex_int and not text.startswith("'") and any(c in text for c in ".eEpP"):
            return node.float_value
        if node.is_int:
            return node.int_value
        raise self.errorf(f"{text} overflows int")

    def eval_variable(self, dot: Any, node: VariableNode, args: list[Node], final: Any) -> Any:
        self.at(node)
        value = self.var_value(node.ident[0])
        if len(node.ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, node, node.ident[1:], args, final)

    def eval_chain(self, dot: Any, chain: ChainNode, args: list[Node], final: Any) -> Any:
        self.at(chain)
        if not chain.fields:
            raise self.errorf("internal error: no fields in eval_chain")
        if isinstance(chain.node, NilNode):
            raise self.errorf(f"indirection through explicit nil in {chain}")
        if isinstance(chain.node, PipeNode):
            receiver = self.eval_pipeline(dot, chain.node)  # keeps an error result's type for the next step
        else:
            receiver = self.eval_arg(dot, chain.node)
        return self.eval_field_chain(dot, receiver, chain, chain.fields, args, final)

    def eval_field_chain(
        self, dot: Any, receiver: Any, node: Node, idents: list[str], args: list[Node], final: Any
    ) -> Any:
        for name in idents[:-1]:
            receiver = self.eval_field(dot, name, node, [], _MISSING, receiver)
            if receiver is None:
                receiver = _NIL  # a nil from a lookup is a nil interface, not an absent value
        return self.eval_field(dot, idents[-1], node, args, final, receiver)

    def eval_field(self, dot: Any, name: str, node: Node, args: list[Node], final: Any, receiver: Any) -> Any:
        """Go's ``evalField``: a method of the value's type, else a struct field, else a map key; nothing else.

        Only the names the value's class declares (``chartgen.gotemplate.gomembers``) are resolved; the result
        is boxed when its static Go type is an interface, so that a further step names ``interface {}``.
        """
        if receiver is None:
            return None
        if receiver is _NIL:
            raise self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        addressable = type(receiver) is _Addr
        static = None  # the receiver's Go type as errors name it: its interface type when it is boxed in one
        if type(receiver) is _Iface:
            receiver, static = receiver.value, receiver.static
        else:
            receiver = _plain(receiver)
        has_args = len(args) > 1 or final is not _MISSING
        method = find_method(receiver, name, self.tmpl.go_version, addressable=addressable)
        if method is not None:
            return self.eval_method(dot, method, receiver, node, args, final)
        members = members_of(receiver)
        if name in members.unexported:
            raise self.errorf(f"{name} is an unexported field of struct type {static or go_type_name(receiver)}")
        getter = members.fields.get(name)
        if getter is not None:
            if has_args:
                raise self.errorf(f"{name} has arguments but cannot be invoked as function")
            value = getter(receiver)
            if (addressable or go_kind(receiver) == "ptr") and members_of(value).pointer_methods:
                return _Addr(value)  # a field of an addressable struct is addressable
            return value
        if isinstance(receiver, dict):
            if has_args:
                raise self.errorf(f"{name} is not a method but has arguments")
            return _as_static(receiver.get(name), element_type(receiver))
        raise self.errorf(f"can't evaluate field {name} in type {static or go_type_name(receiver)}")

    def eval_method(self, dot: Any, method: GoMethod, receiver: Any, node: Node, args: list[Node], final: Any) -> Any:
        """Go's ``evalCall`` for a method: count the arguments, refuse a result shape Go cannot call, convert the
        arguments to the declared parameter types, call."""
        name = method.name
        args = args or [node]  # a method inside a chain (.A.B) gets no arguments
        self.check_count(name, method.params, method.variadic, args, final)
        shape = method.shape_error()
        if shape is not None:
            raise self.errorf(shape)
        values = self.eval_typed_values(dot, method.params, method.variadic, method.param_classes, args, final)
        if method.function is None:
            raise self.errorf(f"chartgen does not implement method {name} of {go_type_name(receiver)}")
        result = self.call(method.function, node, name, [receiver, *values])
        return _as_static(result, method.results[0]) if method.result_is_interface() else result

    def eval_function(self, dot: Any, node: IdentifierNode, cmd: CommandNode, args: list[Node], final: Any) -> Any:
        self.at(node)
        name = node.ident
        fn = self.funcs.get(name)
        if fn is None:
            raise self.errorf(f"{gostrconv.quote(name)} is not a defined function")
        if type(fn) is DeferredFunction:
            fn = self.funcs[name] = fn.load()
        if name in ("and", "or") and fn is BUILTINS[name]:
            return self.eval_and_or(dot, cmd, name, args, final)
        if name == "call" and fn is BUILTINS[name] and (len(args) > 1 or final is not _MISSING):
            # Go names the callee in call's errors as it was written, or by its value when piped in.
            callee = str(args[1]) if len(args) > 1 else final if isinstance(final, str) else _value_name(final)
            fn = functools.partial(call_named, callee)
        return self.eval_call(dot, fn, cmd, name, args, final)

    def eval_and_or(self, dot: Any, cmd: CommandNode, name: str, args: list[Node], final: Any) -> Any:
        operands: list[Any] = list(args[1:])
        if final is not _MISSING:
            operands.append(final)
        if not operands:
            self.at(cmd)
            raise self.errorf(f"wrong number of args for {name}: want at least 1 got 0")
        value: Any = None
        for i, operand in enumerate(operands):
            # The piped value is already evaluated; the rest are evaluated only when needed (short-circuit).
            value = operand if (final is not _MISSING and i == len(operands) - 1) else self.eval_arg(dot, operand)
            if truth(value) == (name == "or"):
                return value
        return value

    def eval_call(self, dot: Any, fn: Callable[..., Any], node: Node, name: str, args: list[Node], final: Any) -> Any:
        params = getattr(fn, "go_params", None)
        if params is None:
            self.check_arity(fn, name, len(args) - 1 + (final is not _MISSING), len(args) - 1)
            values = [self.eval_arg(dot, arg) for arg in args[1:]]
            if final is not _MISSING:
                values.append(final)
        else:
            variadic = fn.go_variadic  # type: ignore[attr-defined]
            self.check_count(name, params, variadic, args, final)
            values = self.eval_typed_values(dot, params, variadic, (), args, final)
        return self.call(fn, node, name, values)

    def call(self, fn: Callable[..., Any], node: Node, name: str, values: list[Any]) -> Any:
        try:
            return fn(*values)
        except _FUNCTION_ERRORS as exc:  # a function's error or panic ends execution, as in Go
            self.at(node)
            raise self.errorf(f"error calling {name}: {exc}") from exc

    def check_count(
        self, name: str, params: tuple[str, ...], variadic: str | None, args: list[Node], final: Any
    ) -> None:
        """Go's argument count check for declared parameter types. Go reports a bad count at the function's name
        (the node last visited), before evaluating anything, and for a variadic function counts only the written
        arguments, not a piped one."""
        count = len(args) - 1 + (final is not _MISSING)
        if variadic is not None and count < len(params):
            raise self.errorf(f"wrong number of args for {name}: want at least {len(params)} got {len(args) - 1}")
        if variadic is None and count != len(params):
            raise self.errorf(f"wrong number of args for {name}: want {len(params)} got {count}")

    def eval_typed_values(
        self,
        dot: Any,
        params: tuple[str, ...],
        variadic: str | None,
        classes: tuple[type | None, ...],
        args: list[Node],
        final: Any,
    ) -> list[Any]:
        """Go's ``evalCall`` argument conversion for declared parameter types (the count already checked);
        ``classes`` give the Python class of a named parameter type, by position, for converting constants."""
        count = len(args) - 1 + (final is not _MISSING)
        values = []
        for i, arg in enumerate(args[1:]):
            typ = params[i] if i < len(params) else variadic
            kind = classes[i] if i < len(classes) else None
            values.append(self.eval_typed_arg(dot, typ, arg, kind))
        if final is not _MISSING:
            typ = params[count - 1] if count - 1 < len(params) else variadic
            values.append(self.validate_type(final, typ, nil_interface=False))
        return values

    def eval_typed_arg(self, dot: Any, typ: str, node: Node, named: type | None = None) -> Any:
        """Go's ``evalArg``: computed values are checked for assignability, constants for their literal kind."""
        self.at(node)
        if isinstance(node, DotNode):
            return self.validate_type(_plain(dot), typ, nil_interface=dot is _NIL)
        if isinstance(node, NilNode):
            if can_be_nil(typ):
                return None
            raise self.errorf(f"cannot assign nil to {typ}")
        if isinstance(node, (FieldNode, ChainNode)) or (isinstance(node, VariableNode) and len(node.ident) > 1):
            # A field lookup yields an interface value; a nil one is a typed nil, not an absent value.
            return self.validate_type(self.eval_arg(dot, node), typ, nil_interface=True)
        if isinstance(node, (VariableNode, PipeNode, IdentifierNode)):
            return self.validate_type(self.eval_arg(dot, node), typ, nil_interface=False)
        if typ == ANY:
            return self.eval_arg(dot, node)
        if typ == "bool":
            if isinstance(node, BoolNode):
                return node.value
            raise self.errorf(f"expected bool; found {node}")
        if typ == "string":
            if isinstance(node, StringNode):
                return node.text
            raise self.errorf(f"expected string; found {node}")
        if typ in ("int", "int64") or getattr(named, "go_kind", None) == "int64":
            # A constant converts to the parameter's type: a named one (time.Duration) too.
            if isinstance(node, NumberNode) and node.is_int:
                if named is not None:
                    return named(node.int_value)
                return Int64(node.int_value) if typ == "int64" else node.int_value
            raise self.errorf(f"expected integer; found {node}")
        if typ in ("uint", "uint8", "uint16", "uint32", "uint64", "uintptr"):
            # Go's evalUnsignedInteger: only an unsigned constant converts.
            if isinstance(node, NumberNode) and node.is_uint:
                return node.uint_value
            raise self.errorf(f"expected unsigned integer; found {node}")
        if typ == "float64":
            if isinstance(node, NumberNode) and node.is_float:
                return node.float_value
            raise self.errorf(f"expected float; found {node}")
        raise self.errorf(f"can't handle {node} for arg of type {typ}")

    def validate_type(self, value: Any, typ: str, *, nil_interface: bool) -> Any:
        if value is None:
            if typ == ANY or (not nil_interface and can_be_nil(typ)):
                return None
            if nil_interface:
                raise self.errorf(f"wrong type for value; expected {typ}; got interface {{}}")
            raise self.errorf(f"invalid value; expected {typ}")
        if not assignable(value, typ):
            raise self.errorf(f"wrong type for value; expected {typ}; got {go_type_name(value)}")
        return value

    def check_arity(self, fn: Callable[..., Any], name: str, count: int, written: int) -> None:
        arity = _arity(fn)
        if arity is None:
            return
        fixed, required, variadic = arity
        if variadic:
            if count < fixed:
                raise self.errorf(f"wrong number of args for {name}: want at least {fixed} got {written}")
            return
        if not required <= count <= fixed:
            raise self.errorf(f"wrong number of args for {name}: want {fixed} got {count}")

    def eval_arg(self, dot: Any, node: Node) -> Any:
        self.at(node)
        if isinstance(node, DotNode):
            return _plain(dot)
        if isinstance(node, NilNode):
            return None
        if isinstance(node, FieldNode):
            return _plain(self.eval_field_chain(dot, dot, node, node.ident, [node], _MISSING))
        if isinstance(node, VariableNode):
            return _plain(self.eval_variable(dot, node, [node], _MISSING))
        if isinstance(node, PipeNode):
            return _plain(self.eval_pipeline(dot, node))
        if isinstance(node, IdentifierNode):
            return _plain(self.eval_function(dot, node, CommandNode(node.pos, node.line, [node]), [node], _MISSING))
        if isinstance(node, ChainNode):
            return _plain(self.eval_chain(dot, node, [node], _MISSING))
        if isinstance(node, BoolNode):
            return node.value
        if isinstance(node, NumberNode):
            return self.ideal_constant(node)
        if isinstance(node, StringNode):
            return node.text
        raise self.errorf(f"can't handle {node} for arg")


_WALK_STEPS: dict[type, Callable[[_State, Any, Any], None]] = {
    ActionNode: _State.walk_action,
    TextNode: _State.walk_text,
    ListNode: _State.walk_list,
    IfNode: _State.walk_if_or_with,
    WithNode: _State.walk_if_or_with,
    RangeNode: _State.walk_range,
    TemplateNode: _State.walk_template,
    BreakNode: _State.walk_break,
    ContinueNode: _State.walk_continue,
    CommentNode: _State.walk_comment,
}
