"""A small arithmetic over named figures (« (cout-final - budget-reference) / budget-reference * 100 »), parsed and
evaluated here, never by Python's eval: numbers, names, + - * /, parentheses and a few date functions, with dimensions
checked (a date minus a date is a number of days; an amount divided by an amount is a number)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from macros.core.dates import add_working_days, working_days_between
from macros.core.vocabulary import Dimension

# A name is a fact id: lowercase words joined by hyphens. « a-b » is one name; « a - b » a subtraction.
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)|(?P<op>[-+*/(),]))")
MAX_LENGTH = 500  # an expression is one line of a data file, not a program


class ExpressionError(ValueError):
    """A French message and the character of the expression it is about (0 for the start)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Quantity:
    """A figure and what it measures: a number or an amount (exact fractions), or a date."""

    dimension: Dimension
    value: Fraction | dt.date


@dataclass(frozen=True)
class Num:
    value: Fraction
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Neg:
    operand: Node
    offset: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    offset: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    offset: int


Node = Num | Name | Neg | Binary | Call


def _tokens(text: str) -> list[tuple[str, str, int]]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"calcul trop long ({len(text)} caractères ; {MAX_LENGTH} au plus)")
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].lstrip()
            if not rest:
                break
            offset = len(text) - len(rest)
            raise ExpressionError(f"caractère inattendu « {rest[0]} » (permis : nombres, identifiants de faits, + - * / et parenthèses)", offset)
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    return found


class _Parser:
    """Recursive descent: sum := product (+|- product)* ; product := unary (*|/ unary)* ; unary := - unary | atom."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, value: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] == value:
            self.at += 1
            return True
        return False

    def sum(self) -> Node:
        node = self.product()
        while (token := self.peek()) is not None and token[1] in ("+", "-") and token[0] == "op":
            self.at += 1
            node = Binary(token[1], node, self.product(), token[2])
        return node

    def product(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token[1] in ("*", "/") and token[0] == "op":
            self.at += 1
            node = Binary(token[1], node, self.unary(), token[2])
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token == ("op", "-", token[2]):
            self.at += 1
            return Neg(self.unary(), token[2])
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise ExpressionError("calcul incomplet : une valeur manque à la fin", len(self.text))
        kind, value, offset = token
        self.at += 1
        if kind == "number":
            return Num(Fraction(value), offset)
        if kind == "name":
            if not self.take("("):
                return Name(value, offset)
            args = [] if self.take(")") else self.arguments()
            return Call(value, tuple(args), offset)
        if value == "(":
            node = self.sum()
            if not self.take(")"):
                raise ExpressionError("parenthèse fermante « ) » attendue", self._offset())
            return node
        raise ExpressionError(f"« {value} » inattendu : une valeur est attendue", offset)

    def arguments(self) -> list[Node]:
        args = [self.sum()]
        while self.take(","):
            args.append(self.sum())
        if not self.take(")"):
            raise ExpressionError("parenthèse fermante « ) » attendue après les arguments", self._offset())
        return args

    def _offset(self) -> int:
        token = self.peek()
        return token[2] if token is not None else len(self.text)


def parse(text: str) -> Node:
    """The expression's tree; ExpressionError (in French, with the offset) when it is not well formed."""
    parser = _Parser(text)
    if not parser.tokens:
        raise ExpressionError("calcul vide")
    node = parser.sum()
    if (token := parser.peek()) is not None:
        raise ExpressionError(f"« {token[1]} » inattendu : un opérateur (+ - * /) est attendu entre deux valeurs", token[2])
    return node


def names(node: Node) -> list[tuple[str, int]]:
    """Every name the expression uses, with its offset, in reading order."""
    if isinstance(node, Name):
        return [(node.name, node.offset)]
    if isinstance(node, Neg):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        return [found for arg in node.args for found in names(arg)]
    return []


N, M, D = Dimension.NUMBER, Dimension.MONEY, Dimension.DATE
# The result of each operation by the dimensions of its operands; any other pairing is refused.
_RESULTS: dict[tuple[str, Dimension, Dimension], Dimension] = {
    ("+", N, N): N, ("-", N, N): N, ("*", N, N): N, ("/", N, N): N,
    ("+", M, M): M, ("-", M, M): M, ("*", M, N): M, ("*", N, M): M, ("/", M, N): M, ("/", M, M): N,
    ("-", D, D): N, ("+", D, N): D, ("+", N, D): D, ("-", D, N): D,
}


def _days(q: Quantity) -> int:
    assert isinstance(q.value, Fraction)
    if q.value.denominator != 1:
        raise ExpressionError("un nombre de jours ajouté à une date doit être entier")
    return int(q.value)


def _binary(op: str, a: Quantity, b: Quantity, offset: int) -> Quantity:
    result = _RESULTS.get((op, a.dimension, b.dimension))
    if result is None:
        raise ExpressionError(f"opération impossible : {a.dimension} {op} {b.dimension}", offset)
    if a.dimension == D and b.dimension == D:
        assert isinstance(a.value, dt.date) and isinstance(b.value, dt.date)
        return Quantity(N, Fraction((a.value - b.value).days))
    if D in (a.dimension, b.dimension):
        day, count = (a, b) if a.dimension == D else (b, a)
        assert isinstance(day.value, dt.date)
        try:
            shifted = day.value + dt.timedelta(days=_days(count) * (-1 if op == "-" else 1))
        except OverflowError:
            raise ExpressionError("date hors du calendrier", offset) from None
        return Quantity(D, shifted)
    x, y = a.value, b.value
    assert isinstance(x, Fraction) and isinstance(y, Fraction)
    if op == "/" and y == 0:
        raise ExpressionError("division par zéro", offset)
    value = x + y if op == "+" else x - y if op == "-" else x * y if op == "*" else x / y
    return Quantity(result, value)


def _call(node: Call, args: list[Quantity]) -> Quantity:
    """jours(a, b): calendar days from a to b; jours_ouvres(a, b): working days after a up to b; ajouter_jours_ouvres(d, n)."""
    wanted = {"jours": (D, D), "jours_ouvres": (D, D), "ajouter_jours_ouvres": (D, N), "abs": None}
    if node.function not in wanted:
        raise ExpressionError(f"fonction inconnue « {node.function} » ; fonctions : {', '.join(wanted)}", node.offset)
    signature = wanted[node.function]
    if node.function == "abs":
        if len(args) != 1 or args[0].dimension == D:
            raise ExpressionError("abs(x) prend un nombre ou un montant", node.offset)
        assert isinstance(args[0].value, Fraction)
        return Quantity(args[0].dimension, abs(args[0].value))
    assert signature is not None
    if tuple(a.dimension for a in args) != signature:
        raise ExpressionError(f"{node.function}() prend ({', '.join(signature)}) ; reçu ({', '.join(a.dimension for a in args)})",
                              node.offset)
    first = args[0].value
    assert isinstance(first, dt.date)
    if node.function == "ajouter_jours_ouvres":
        return Quantity(D, add_working_days(first, _days(args[1])))
    second = args[1].value
    assert isinstance(second, dt.date)
    if node.function == "jours":
        return Quantity(N, Fraction((second - first).days))
    return Quantity(N, Fraction(working_days_between(first, second)))


def evaluate(node: Node, lookup: Callable[[str, int], Quantity]) -> Quantity:
    """The expression's value; `lookup` gives each name's value (or raises ExpressionError for an unknown one)."""
    if isinstance(node, Num):
        return Quantity(N, node.value)
    if isinstance(node, Name):
        return lookup(node.name, node.offset)
    if isinstance(node, Neg):
        operand = evaluate(node.operand, lookup)
        if operand.dimension == D:
            raise ExpressionError("une date ne peut pas être négative", node.offset)
        assert isinstance(operand.value, Fraction)
        return Quantity(operand.dimension, -operand.value)
    if isinstance(node, Binary):
        return _binary(node.op, evaluate(node.left, lookup), evaluate(node.right, lookup), node.offset)
    return _call(node, [evaluate(arg, lookup) for arg in node.args])
