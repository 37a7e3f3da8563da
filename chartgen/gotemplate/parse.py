"""Parser for Go ``text/template``: turns the lexer's items into node trees, one per template.

The structure follows Go's ``text/template/parse`` (``Tree`` with ``parse``, ``itemList``, ``textOrAction``,
``action``, ``pipeline``, ``command``, ``operand``, ``term``...) so the two can be read side by side, and the error
messages are Go's, because Helm shows them to chart authors verbatim.

Go-compatible behaviour worth knowing:

* Errors read ``template: <name>:<line>: <message>``, where ``<name>`` is the name given to ``parse`` even for
  errors inside a ``define``, and ``<line>`` is the line of the furthest item the parser has looked at.
* ``{{nil}}`` parses; Go rejects it only when executing (``nil is not a command``).
* ``$x = 1`` with no ``$x`` in scope parses; Go rejects it only when executing.
* Comments are dropped unless ``parse_comments`` is set (Go's ``ParseComments`` mode).
* Within one parse, defining a name twice with non-empty bodies is an error (``multiple definition``); an
  empty (whitespace/comments only) definition never replaces a non-empty one.
"""

from __future__ import annotations

from collections.abc import Iterable

from chartgen import gostrconv
from chartgen.command_runtime import recursion_room
from chartgen.gotemplate.lex import Item, ItemType, lex
from chartgen.gotemplate.node import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    CommentNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
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
    is_empty_tree,
    parse_number,
)
from chartgen.limits import TEMPLATE_EXPRESSION_DEPTH, TEMPLATE_NESTING

__all__ = ["TemplateParseError", "Tree", "parse"]

T = ItemType
# Python frames one nested parenthesis or block costs the recursive descent.
_FRAMES_PER_LEVEL = 6

# Items that may start an operand; anything else in a pipeline is "unexpected".
_OPERAND_START = frozenset(
    {
        T.BOOL,
        T.CHAR_CONSTANT,
        T.COMPLEX,
        T.DOT,
        T.FIELD,
        T.IDENTIFIER,
        T.NUMBER,
        T.NIL,
        T.RAW_STRING,
        T.STRING,
        T.VARIABLE,
        T.LEFT_PAREN,
    }
)
# Only the first command of a pipeline may be a constant; a later one would have nowhere to put the piped value.
_NON_EXECUTABLE = (BoolNode, DotNode, NilNode, NumberNode, StringNode)


class TemplateParseError(Exception):
    """A template failed to parse. ``str()`` is Go's message; the parts are kept for callers that reformat it."""

    def __init__(self, name: str, line: int, message: str) -> None:
        super().__init__(f"template: {name}:{line}: {message}")
        self.name = name
        self.line = line
        self.message = message


class Tree:
    """One parsed template: its ``name``, its ``root`` list and the full ``text`` it was parsed from.

    ``parse_name`` is the name of the top-level template whose text contained this one; Go reports both parse
    and execution positions against it, since a define's line numbers are lines of that file.
    """

    def __init__(self, name: str, root: ListNode, text: str, parse_name: str) -> None:
        self.name = name
        self.root = root
        self.text = text
        self.parse_name = parse_name

    def error_context(self, node: Node) -> tuple[str, str]:
        """Return (``"name:line:col"``, source of ``node``) for execution errors, as Go's ``ErrorContext``.

        The column is 0-based, counted in bytes from the start of the line, exactly as Go prints it.
        """
        text = self.text if self.text.isascii() else self.text.encode("utf-8", "surrogateescape")
        newline = "\n" if isinstance(text, str) else b"\n"
        before = text[: node.pos]
        line_start = before.rfind(newline) + 1
        line = before.count(newline) + 1
        return f"{self.parse_name}:{line}:{node.pos - line_start}", str(node)

    def __repr__(self) -> str:
        return f"Tree(name={self.name!r}, root={str(self.root)!r})"


class _Parser:
    """Walks the item list. ``vars`` and ``range_depth`` belong to the template being built (a define or block
    starts afresh), so they are saved and restored around nested definitions."""

    def __init__(self, name: str, text: str, funcs: set[str] | None, parse_comments: bool) -> None:
        self.name = name
        self.text = text
        self.funcs = funcs
        self.parse_comments = parse_comments
        break_ok = funcs is None or "break" not in funcs
        continue_ok = funcs is None or "continue" not in funcs
        self.items = lex(name, text, break_ok=break_ok, continue_ok=continue_ok)
        self.index = 0
        self.last = len(self.items) - 1
        # Furthest item looked at: Go's error line is that of the last token pulled from the lexer.
        self.high = 0
        self.action_line = 0
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.trees: dict[str, Tree] = {}
        self.paren_depth = 0
        self.block_depth = 0

    # ------------------------------------------------------------------ token stream

    def next(self) -> Item:
        # Past the end every read yields the final EOF/ERROR item, so a backup after reading it stays correct.
        index = min(self.index, self.last)
        if index > self.high:
            self.high = index
        self.index += 1
        return self.items[index]

    def backup(self) -> None:
        self.index -= 1

    def peek(self) -> Item:
        item = self.next()
        self.backup()
        return item

    def next_non_space(self) -> Item:
        item = self.next()
        while item.type is T.SPACE:
            item = self.next()
        return item

    def peek_non_space(self) -> Item:
        # Like Go, this consumes the spaces and pushes back only the item after them.
        item = self.next_non_space()
        self.backup()
        return item

    # ------------------------------------------------------------------ errors

    def errorf(self, message: str) -> TemplateParseError:
        return TemplateParseError(self.name, self.items[self.high].line, message)

    def unexpected(self, item: Item, context: str) -> TemplateParseError:
        if item.type is T.ERROR:
            extra = ""
            if self.action_line and self.action_line != item.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if item.value.endswith(" action"):
                    extra = extra[len(" in action") :]  # avoid "unclosed action in action started at"
            return self.errorf(f"{item}{extra}")
        return self.errorf(f"unexpected {item} in {context}")

    def expect(self, kind: ItemType, context: str) -> Item:
        item = self.next_non_space()
        if item.type is not kind:
            raise self.unexpected(item, context)
        return item

    # ------------------------------------------------------------------ templates

    def add(self, tree: Tree) -> None:
        existing = self.trees.get(tree.name)
        if existing is None or is_empty_tree(existing.root):
            self.trees[tree.name] = tree
        elif not is_empty_tree(tree.root):
            raise self.errorf(f"template: multiple definition of template {gostrconv.quote(tree.name)}")

    def parse(self) -> dict[str, Tree]:
        root = ListNode(self.items[0].pos, self.items[0].line)
        while self.peek().type is not T.EOF:
            if self.peek().type is T.LEFT_DELIM:
                start = self.index
                self.next()
                if self.next_non_space().type is T.DEFINE:
                    self.parse_definition()
                    continue
                self.index = start
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                raise self.errorf(f"unexpected {node}")
            if node is not None:
                root.append(node)
        self.add(Tree(self.name, root, self.text, self.name))
        return self.trees

    def nested(self, name: str, context: str) -> None:
        """Parse the body of a define or block as a template of its own, with fresh variables and no range."""
        saved_vars, saved_depth = self.vars, self.range_depth
        self.vars, self.range_depth = ["$"], 0
        body, end = self.item_list()
        if not isinstance(end, EndNode):
            raise self.errorf(f"unexpected {end} in {context}")
        self.add(Tree(name, body, self.text, self.name))
        self.vars, self.range_depth = saved_vars, saved_depth

    def parse_definition(self) -> None:
        context = "define clause"
        item = self.next_non_space()
        if item.type not in (T.STRING, T.RAW_STRING):
            raise self.unexpected(item, context)
        name = self.unquote(item.value)
        self.expect(T.RIGHT_DELIM, context)
        self.nested(name, context)

    def unquote(self, quoted: str) -> str:
        try:
            return gostrconv.unquote(quoted)
        except ValueError as exc:
            raise self.errorf(str(exc)) from None

    def item_list(self) -> tuple[ListNode, Node]:
        """Parse nodes up to the ``{{end}}`` or ``{{else}}`` that closes them; return the list and that closer."""
        first = self.peek_non_space()
        nodes = ListNode(first.pos, first.line)
        # Go has no limit here; chartgen's recursive parser and executor stop at TEMPLATE_NESTING blocks.
        self.block_depth += 1
        if self.block_depth > TEMPLATE_NESTING:
            raise self.errorf(f"max block nesting depth exceeded (more than {TEMPLATE_NESTING} nested blocks)")
        while self.peek_non_space().type is not T.EOF:
            node = self.text_or_action()
            if isinstance(node, (EndNode, ElseNode)):
                self.block_depth -= 1
                return nodes, node
            if node is not None:
                nodes.append(node)
        raise self.errorf("unexpected EOF")

    def text_or_action(self) -> Node | None:
        item = self.next_non_space()
        if item.type is T.TEXT:
            return TextNode(item.pos, item.line, item.value)
        if item.type is T.LEFT_DELIM:
            self.action_line = item.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        if item.type is T.COMMENT:
            return CommentNode(item.pos, item.line, item.value) if self.parse_comments else None
        raise self.unexpected(item, "input")

    # ------------------------------------------------------------------ actions

    def action(self) -> Node:
        item = self.next_non_space()
        kind = item.type
        if kind is T.BLOCK:
            return self.block_control()
        if kind is T.BREAK or kind is T.CONTINUE:
            return self.loop_control(item)
        if kind is T.ELSE:
            return self.else_control()
        if kind is T.END:
            return EndNode(self.expect(T.RIGHT_DELIM, "end").pos, item.line)
        if kind is T.IF:
            return IfNode(*self.parse_control("if"))
        if kind is T.RANGE:
            return RangeNode(*self.parse_control("range"))
        if kind is T.TEMPLATE:
            return self.template_control()
        if kind is T.WITH:
            return WithNode(*self.parse_control("with"))
        self.backup()
        start = self.peek()
        # Variables declared in a plain action stay in scope until the enclosing {{end}}, so none are popped.
        return ActionNode(start.pos, start.line, self.pipeline("command", T.RIGHT_DELIM))

    def loop_control(self, keyword: Item) -> Node:
        name = "{{" + keyword.value + "}}"
        item = self.next_non_space()
        if item.type is not T.RIGHT_DELIM:
            raise self.unexpected(item, name)
        if self.range_depth == 0:
            raise self.errorf(f"{name} outside {{{{range}}}}")
        if keyword.type is T.BREAK:
            return BreakNode(keyword.pos, keyword.line)
        return ContinueNode(keyword.pos, keyword.line)

    def else_control(self) -> Node:
        following = self.peek_non_space()
        # "{{else if" / "{{else with": leave the keyword pending; parse_control turns it into a nested branch.
        if following.type in (T.IF, T.WITH):
            return ElseNode(following.pos, following.line)
        item = self.expect(T.RIGHT_DELIM, "else")
        return ElseNode(item.pos, item.line)

    def parse_control(self, context: str) -> tuple[int, int, PipeNode, ListNode, ListNode | None]:
        saved_vars = len(self.vars)
        pipe = self.pipeline(context, T.RIGHT_DELIM)
        if context == "range":
            self.range_depth += 1
        body, closer = self.item_list()
        if context == "range":
            self.range_depth -= 1
        else_list = None
        if isinstance(closer, ElseNode):
            # {{if a}}x{{else if b}}y{{end}} is parsed as {{if a}}x{{else}}{{if b}}y{{end}}{{end}}: the nested
            # branch consumes the only {{end}}, which also works for arbitrarily long chains.
            following = self.peek()
            if context in ("if", "with") and following.type is (T.IF if context == "if" else T.WITH):
                self.next()
                else_list = ListNode(closer.pos, closer.line)
                nested = self.parse_control(context)
                else_list.append(IfNode(*nested) if context == "if" else WithNode(*nested))
            else:
                else_list, closer = self.item_list()
                if not isinstance(closer, EndNode):
                    raise self.errorf(f"expected end; found {closer}")
        del self.vars[saved_vars:]
        return pipe.pos, pipe.line, pipe, body, else_list

    def template_name(self, item: Item, context: str) -> str:
        if item.type not in (T.STRING, T.RAW_STRING):
            raise self.unexpected(item, context)
        return self.unquote(item.value)

    def template_control(self) -> Node:
        context = "template clause"
        item = self.next_non_space()
        name = self.template_name(item, context)
        pipe = None
        if self.next_non_space().type is not T.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, T.RIGHT_DELIM)
        return TemplateNode(item.pos, item.line, name, pipe)

    def block_control(self) -> Node:
        context = "block clause"
        item = self.next_non_space()
        name = self.template_name(item, context)
        pipe = self.pipeline(context, T.RIGHT_DELIM)
        self.nested(name, context)
        return TemplateNode(item.pos, item.line, name, pipe)

    # ------------------------------------------------------------------ pipelines

    def pipeline(self, context: str, end: ItemType) -> PipeNode:
        start = self.peek_non_space()
        pipe = PipeNode(start.pos, start.line)
        self.declarations(pipe, context)
        while True:
            item = self.next_non_space()
            if item.type is end:
                self.check_pipeline(pipe, context)
                return pipe
            if item.type not in _OPERAND_START:
                raise self.unexpected(item, context)
            self.backup()
            pipe.append(self.command())

    def declarations(self, pipe: PipeNode, context: str) -> None:
        """Consume ``$x :=``, ``$x =`` or (range only) ``$k, $v :=`` at the start of a pipeline, if present."""
        while self.peek_non_space().type is T.VARIABLE:
            start = self.index
            variable = self.next_non_space()
            following = self.peek_non_space()
            if following.type in (T.ASSIGN, T.DECLARE):
                pipe.is_assign = following.type is T.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, variable.line, [variable.value]))
                self.vars.append(variable.value)
                return
            if following.type is T.CHAR and following.value == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, variable.line, [variable.value]))
                self.vars.append(variable.value)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().type in (T.VARIABLE, T.RIGHT_DELIM, T.RIGHT_PAREN):
                        continue
                    raise self.errorf("range can only initialize variables")
                raise self.errorf(f"too many declarations in {context}")
            # Not a declaration after all: the variable is the pipeline's first operand.
            self.index = start
            return

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            raise self.errorf(f"missing value for {context}")
        for stage, command in enumerate(pipe.cmds[1:], start=2):
            if isinstance(command.args[0], _NON_EXECUTABLE):
                raise self.errorf(f"non executable command in pipeline stage {stage}")

    def command(self) -> CommandNode:
        start = self.peek_non_space()
        command = CommandNode(start.pos, start.line)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.append(operand)
            item = self.next()
            if item.type is T.SPACE:
                continue
            if item.type in (T.RIGHT_DELIM, T.RIGHT_PAREN):
                self.backup()
            elif item.type is not T.PIPE:
                raise self.unexpected(item, "operand")
            break
        if not command.args:
            raise self.errorf("empty command")
        return command

    def operand(self) -> Node | None:
        node = self.term()
        if node is None or self.peek().type is not T.FIELD:
            return node
        first = self.peek()
        chain = ChainNode(first.pos, first.line, node)
        while self.peek().type is T.FIELD:
            chain.add(self.next().value)
        # Like Go, fold fields onto a field or variable term; keep a ChainNode only for (pipe).x and friends.
        if isinstance(node, FieldNode):
            return FieldNode(chain.pos, chain.line, node.ident + chain.fields)
        if isinstance(node, VariableNode):
            return VariableNode(chain.pos, chain.line, node.ident + chain.fields)
        if isinstance(node, _NON_EXECUTABLE):
            raise self.errorf(f"unexpected . after term {gostrconv.quote(str(node))}")
        return chain

    def term(self) -> Node | None:
        item = self.next_non_space()
        kind = item.type
        if kind is T.IDENTIFIER:
            if self.funcs is not None and item.value not in self.funcs:
                raise self.errorf(f"function {gostrconv.quote(item.value)} not defined")
            return IdentifierNode(item.pos, item.line, item.value)
        if kind is T.DOT:
            return DotNode(item.pos, item.line)
        if kind is T.NIL:
            return NilNode(item.pos, item.line)
        if kind is T.VARIABLE:
            return self.use_var(item)
        if kind is T.FIELD:
            return FieldNode(item.pos, item.line, [item.value[1:]])
        if kind is T.BOOL:
            return BoolNode(item.pos, item.line, item.value == "true")
        if kind in (T.CHAR_CONSTANT, T.COMPLEX, T.NUMBER):
            try:
                return parse_number(item.value, kind, item.pos, item.line)
            except ValueError as exc:
                raise self.errorf(str(exc)) from None
        if kind is T.LEFT_PAREN:
            # Go 1.24's limit (Helm 4); Go 1.23 (Helm 3.17) has none, but chartgen's recursive parser needs one.
            if self.paren_depth >= TEMPLATE_EXPRESSION_DEPTH:
                raise self.errorf("max expression depth exceeded")
            self.paren_depth += 1
            try:
                return self.pipeline("parenthesized pipeline", T.RIGHT_PAREN)
            finally:
                self.paren_depth -= 1
        if kind in (T.STRING, T.RAW_STRING):
            return StringNode(item.pos, item.line, item.value, self.unquote(item.value))
        self.backup()
        return None

    def use_var(self, item: Item) -> VariableNode:
        if item.value not in self.vars:
            raise self.errorf(f"undefined variable {gostrconv.quote(item.value)}")
        return VariableNode(item.pos, item.line, [item.value])


def parse(
    name: str,
    text: str,
    funcs: Iterable[str] | None = None,
    *,
    parse_comments: bool = False,
) -> dict[str, Tree]:
    """Parse ``text`` as template ``name``; return it and every template it defines, keyed by name.

    ``funcs`` is the complete set of callable names (Go's built-ins such as ``and``/``printf`` included: like
    Go's parse package, nothing is added here). ``None`` skips the check, like Go's ``SkipFuncCheck`` mode.
    If ``funcs`` contains ``break`` or ``continue`` those words become function names, as in Go.
    Raises TemplateParseError.
    """
    func_set = None if funcs is None else set(funcs)
    levels = min(text.count("(") + text.count("{{"), TEMPLATE_NESTING + TEMPLATE_EXPRESSION_DEPTH)
    try:
        with recursion_room(levels * _FRAMES_PER_LEVEL + 200):
            return _Parser(name, text, func_set, parse_comments).parse()
    except RecursionError:
        raise TemplateParseError(name, 0, "template nested more deeply than this Python stack can parse") from None
