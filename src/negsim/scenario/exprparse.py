"""The expression language's own tokenizer and parser: exactly the documented grammar, nothing of Python's.

It builds ``ast`` nodes (the compiler in ``negsim.scenario.expr`` walks them), but it is not
Python's parser: ``True``, ``0x10``, ``1_000``, ``1.5``, ``#`` comments, backslashes, quotes,
``/`` and full-width letters are all errors here, each at the offending character. Whitespace
(spaces, tabs, line breaks) separates tokens anywhere.

Precedence, loosest first: ``A if C else B``; ``or``; ``and``; ``not``; comparisons (which
chain) and membership (``X in (a, b)``, ``X in forum``); ``+`` and ``-``; ``*``; unary ``-``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import NamedTuple, NoReturn

MAX_DEPTH = 40
"""Deepest nesting of parentheses, calls, ``not``, unary ``-`` and ``if ... else`` accepted."""
MAX_DIGITS = 18
"""Longest whole number accepted."""

KEYWORDS = frozenset({"and", "or", "not", "if", "else", "true", "false"})
"""Words that are not names."""

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<num>[0-9]+)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[<>+\-*(),.])"
)
_COMPARE: dict[str, type[ast.cmpop]] = {
    "<": ast.Lt,
    "<=": ast.LtE,
    ">": ast.Gt,
    ">=": ast.GtE,
    "==": ast.Eq,
    "!=": ast.NotEq,
}
_ARITHMETIC_ONLY = "only +, - and * are allowed in arithmetic"
_NOT_HERE: dict[str, str] = {
    "/": _ARITHMETIC_ONLY,
    "%": _ARITHMETIC_ONLY,
    "=": "write == to compare (= alone is not part of the expression language)",
    "!": "write 'not' to negate a condition",
    "&": "write 'and' to combine conditions",
    "|": "write 'or' to combine conditions",
    "#": "comments (#) are not part of the expression language",
    "\\": "backslashes are not part of the expression language (an expression may span lines as it is)",
    "'": "text in quotes is not part of the expression language; only whole numbers are allowed",
    '"': "text in quotes is not part of the expression language; only whole numbers are allowed",
}
_OPERATOR_WORDS = {
    "is": "only <, <=, >, >=, == and != compare values, and 'in' tests membership (not 'is')",
}


class ParseError(Exception):
    """A syntax mistake, at a 0-based character offset."""

    def __init__(self, message: str, offset: int) -> None:
        """Keep the message and the offset."""
        super().__init__(message)
        self.message = message
        self.offset = offset


class Token(NamedTuple):
    """One token: its kind (``num``, ``name``, ``op``, ``end``), its text and where it starts."""

    kind: str
    """``num``, ``name``, ``op`` or ``end``."""
    text: str
    """The characters."""
    at: int
    """0-based offset in the expression."""


def _bad_character(text: str, at: int) -> NoReturn:
    ch = text[at]
    if ch in _NOT_HERE:
        raise ParseError(_NOT_HERE[ch], at)
    if ch.isascii():
        raise ParseError(f"{ch!r} is not part of the expression language", at)
    raise ParseError(f"character {ch!r} (U+{ord(ch):04X}) is not allowed: names are ASCII letters, digits and _", at)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; ``ParseError`` at the first character outside the language."""
    out: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:
            _bad_character(text, pos)
        kind = m.lastgroup
        assert kind is not None
        end = m.end()
        if kind == "num":
            _check_number(text, pos, end)
        elif kind == "op" and m.group() == "*" and text.startswith("**", pos):
            raise ParseError(_ARITHMETIC_ONLY, pos)
        if kind != "ws":
            out.append(Token(kind, m.group(), pos))
        pos = end
    out.append(Token("end", "", n))
    return out


def _check_number(text: str, start: int, end: int) -> None:
    digits = text[start:end]
    after = text[end : end + 1]
    if after == "." and text[end + 1 : end + 2].isdigit():
        frac = re.match(r"\.[0-9]*", text[end:])
        assert frac is not None
        raise ParseError(f"only whole numbers are allowed, not {digits}{frac.group()}", start)
    if after and (after.isalnum() or after == "_"):
        raise ParseError(f"numbers are written in decimal digits only ({after!r} is not one)", end)
    if len(digits) > 1 and digits[0] == "0":
        raise ParseError(f"a number cannot start with 0: write {int(digits)}", start)
    if len(digits) > MAX_DIGITS:
        raise ParseError(f"a number of {len(digits)} digits is too long; the limit is {MAX_DIGITS}", start)


def parse(text: str) -> ast.expr:
    """Parse an expression into ``ast`` nodes whose ``col_offset`` is their offset in ``text``."""
    parser = _Parser(text, tokenize(text))
    if parser.peek.kind == "end":
        raise ParseError("syntax error: the expression is empty", 0)
    node = parser.expr()
    tok = parser.peek
    if tok.kind != "end":
        if tok.text == ")":
            raise ParseError("syntax error: unmatched ')'", tok.at)
        parser.unexpected(tok)
    return node


def _at(node: ast.expr, at: int) -> ast.expr:
    node.col_offset = at
    return node


class _Parser:
    """Recursive descent over the tokens, one method per level of precedence."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, text: str) -> Token | None:
        tok = self.tokens[self.i]
        if tok.text == text and tok.kind != "num":
            self.i += 1
            return tok
        return None

    def unexpected(self, tok: Token, wanted: str = "") -> NoReturn:
        if tok.kind == "end":
            raise ParseError(f"syntax error: the expression ends where {wanted or 'more'} was expected", tok.at)
        if tok.kind == "name" and tok.text in _OPERATOR_WORDS:
            raise ParseError(_OPERATOR_WORDS[tok.text], tok.at)
        what = f"{tok.text!r}" if tok.kind != "num" else f"number {tok.text}"
        tail = f"; expected {wanted}" if wanted else ""
        raise ParseError(f"syntax error: unexpected {what}{tail}", tok.at)

    def deeper(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"expression too deeply nested (more than {MAX_DEPTH} levels)", at)

    def expr(self) -> ast.expr:
        body = self.or_expr()
        if self.accept("if") is None:
            return body
        self.deeper(body.col_offset)
        test = self.or_expr()
        if self.accept("else") is None:
            self.unexpected(self.peek, "'else'")
        orelse = self.expr()
        self.depth -= 1
        return _at(ast.IfExp(test=test, body=body, orelse=orelse), body.col_offset)

    def or_expr(self) -> ast.expr:
        return self.bool_chain("or", ast.Or, self.and_expr)

    def and_expr(self) -> ast.expr:
        return self.bool_chain("and", ast.And, self.not_expr)

    def bool_chain(self, word: str, op: type[ast.boolop], operand: Callable[[], ast.expr]) -> ast.expr:
        first = operand()
        values = [first]
        while self.accept(word) is not None:
            values.append(operand())
        if len(values) == 1:
            return first
        return _at(ast.BoolOp(op=op(), values=values), first.col_offset)

    def not_expr(self) -> ast.expr:
        tok = self.accept("not")
        if tok is None:
            return self.comparison()
        self.deeper(tok.at)
        operand = self.not_expr()
        self.depth -= 1
        return _at(ast.UnaryOp(op=ast.Not(), operand=operand), tok.at)

    def comparison(self) -> ast.expr:
        left = self.arith()
        if (word := self.peek).kind == "name" and word.text == "in":
            self.take()
            return _at(ast.Compare(left=left, ops=[ast.In()], comparators=[self.members()]), left.col_offset)
        ops: list[ast.cmpop] = []
        rights: list[ast.expr] = []
        while (tok := self.peek).kind == "op" and tok.text in _COMPARE:
            self.take()
            ops.append(_COMPARE[tok.text]())
            rights.append(self.arith())
        if not ops:
            return left
        return _at(ast.Compare(left=left, ops=ops, comparators=rights), left.col_offset)

    def members(self) -> ast.expr:
        """What follows ``in``: a parenthesised list of names, or one name (a forum)."""
        tok = self.take()
        if tok.kind == "name" and tok.text not in KEYWORDS:
            return _at(ast.Name(id=tok.text), tok.at)
        if tok.kind != "op" or tok.text != "(":
            self.i -= 1
            self.unexpected(tok, "'(' or a forum's id after 'in'")
        elts: list[ast.expr] = []
        while True:
            item = self.take()
            if item.kind != "name" or item.text in KEYWORDS:
                self.i -= 1
                self.unexpected(item, "an actor's id")
            elts.append(_at(ast.Name(id=item.text), item.at))
            if self.accept(")") is not None:
                return _at(ast.Tuple(elts=elts, ctx=ast.Load()), tok.at)
            if self.accept(",") is None:
                if self.peek.kind == "end":
                    raise ParseError("syntax error: '(' was never closed", tok.at)
                self.unexpected(self.peek, "',' or ')'")

    def arith(self) -> ast.expr:
        left = self.term()
        while (tok := self.peek).kind == "op" and tok.text in "+-":
            self.take()
            op: ast.operator = ast.Add() if tok.text == "+" else ast.Sub()
            left = _at(ast.BinOp(left=left, op=op, right=self.term()), left.col_offset)
        return left

    def term(self) -> ast.expr:
        left = self.unary()
        while self.peek.kind == "op" and self.peek.text == "*":
            self.take()
            left = _at(ast.BinOp(left=left, op=ast.Mult(), right=self.unary()), left.col_offset)
        return left

    def unary(self) -> ast.expr:
        tok = self.peek
        if tok.kind == "op" and tok.text == "-":
            self.take()
            self.deeper(tok.at)
            operand = self.unary()
            self.depth -= 1
            return _at(ast.UnaryOp(op=ast.USub(), operand=operand), tok.at)
        return self.atom()

    def atom(self) -> ast.expr:
        tok = self.take()
        if tok.kind == "num":
            return _at(ast.Constant(value=int(tok.text)), tok.at)
        if tok.kind == "op" and tok.text == "(":
            self.deeper(tok.at)
            inner = self.expr()
            self.depth -= 1
            if self.accept(")") is None:
                if self.peek.kind == "end":
                    raise ParseError("syntax error: '(' was never closed", tok.at)
                self.unexpected(self.peek, "')'")
            return inner
        if tok.kind == "name" and tok.text not in KEYWORDS - {"true", "false"}:
            return self.name(tok)
        self.i -= 1
        self.unexpected(tok, "a number, a name or '('")

    def name(self, tok: Token) -> ast.expr:
        node = _at(ast.Name(id=tok.text), tok.at)
        calls = self.peek.kind == "op" and self.peek.text == "("
        if self.accept(".") is not None:
            attr = self.take()
            if attr.kind != "name" or attr.text in KEYWORDS:
                self.i -= 1
                self.unexpected(attr, "a meter's id after '.'")
            if self.peek.kind == "op" and self.peek.text == "(":
                raise ParseError(f"only functions can be called, not {tok.text}.{attr.text}", tok.at)
            return _at(ast.Attribute(value=node, attr=attr.text), tok.at)
        if not calls:
            return node
        self.take()
        self.deeper(tok.at)
        args: list[ast.expr] = []
        if self.accept(")") is None:
            while True:
                args.append(self.expr())
                if self.accept(")") is not None:
                    break
                if self.accept(",") is None:
                    if self.peek.kind == "end":
                        raise ParseError("syntax error: '(' was never closed", tok.at + len(tok.text))
                    self.unexpected(self.peek, "',' or ')'")
        self.depth -= 1
        return _at(ast.Call(func=node, args=args, keywords=[]), tok.at)
