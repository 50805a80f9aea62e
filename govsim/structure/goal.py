"""Goals for `govsim explore`, written as small expressions and evaluated without `eval`.

A goal is parsed with Python's own parser and then walked node by node: only
names of the state, constants, comparisons (`==`, `<`, `in`...), `and`, `or`,
`not` and `+ - *` on numbers are allowed. Anything else (a call, an
attribute, a subscript, a lambda) is refused before anything is evaluated,
so a goal cannot run code. Arithmetic takes numbers only (the counts and
numeric constants, never text or lists, so `'a' * 99999999999` cannot fill
the memory), constants are at most `MAX_NUMBER`, and a result that grows
past it stops the search with a message. Examples:

    ceo == None and last_type == "remove_ceo" and chair_before not in last_for
    independents * 2 <= board_size
    board_size < quorum
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

from govsim.errors import GovsimError, did_you_mean

VARIABLES: dict[str, str] = {
    "phase": "the phase (\"crisis_vacant\"...)",
    "ceo": "the CEO's id, or None",
    "interim": "the interim CEO's id, or None",
    "chair": "the chair's id, or None",
    "directors": "the voting directors' ids",
    "board_size": "how many voting directors",
    "independents": "how many voting directors are independent",
    "quorum": "directors needed for a quorum on this board",
    "last_type": "the type of the step just taken (\"remove_ceo\"...)",
    "last_for": "who voted for that step (empty if it was no vote)",
    "last_present": "who was present for it",
    "chair_before": "the chair before that step",
    "ceo_before": "the CEO before that step",
    "steps": "how many steps so far",
}
"""The names a goal may use, with what each means (shown by `govsim explore --help`)."""

COUNTS = frozenset({"board_size", "independents", "quorum", "steps"})
"""The variables that are numbers: the only names arithmetic may use."""

GROUPS = frozenset({"directors", "last_for", "last_present"})
"""The variables that are sets of people's ids: `'toner' in directors` asks of one person."""

MAX_LENGTH = 400
MAX_NUMBER = 10**15
"""The largest number a goal may write or compute (boards and steps are far smaller)."""

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


class GoalError(GovsimError, ValueError):
    """A goal expression that is not allowed or does not parse."""


class Goal:
    """A checked goal expression; call it with a mapping of the variables."""

    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise GoalError(f"--goal: longer than {MAX_LENGTH} characters")
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as error:
            raise GoalError(f"--goal {text!r}: not an expression ({error.msg})") from None
        self.text = text
        self.tree = tree.body
        _check(self.tree)

    def __call__(self, variables: Mapping[str, Any]) -> bool:
        try:
            return bool(_value(self.tree, variables))
        except TypeError as error:
            raise GoalError(f"--goal {self.text!r}: {error}") from None


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.BoolOp | ast.Compare | ast.BinOp | ast.UnaryOp):
        if isinstance(node, ast.BinOp) and type(node.op) not in _ARITHMETIC:
            raise GoalError(f"--goal: the operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not | ast.USub):
            raise GoalError(f"--goal: the operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.BinOp | ast.UnaryOp) and not isinstance(node.op, ast.Not):
            _numbers_only(node)
        if isinstance(node, ast.Compare):
            _alike(node)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.boolop | ast.cmpop | ast.operator | ast.unaryop):
                _check(child)
        return
    if isinstance(node, ast.Name):
        if node.id not in VARIABLES and node.id not in ("None", "True", "False"):
            raise GoalError(f"--goal: unknown name {node.id!r}{did_you_mean(node.id, VARIABLES)}"
                            f" (names: {', '.join(VARIABLES)})")
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bool | type(None)):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        _bounded(node.value, ast.unparse(node))
        return
    if isinstance(node, ast.Tuple | ast.List):
        for item in node.elts:
            _check(item)
        return
    raise GoalError(f"--goal: {type(node).__name__.lower()} is not allowed (only names, "
                    "constants, comparisons, and/or/not and + - *)")


def _alike(node: ast.Compare) -> None:
    """Refuse comparing a number with text or a set of people (`directors == 3`).

    Such a comparison is never true (or never false), so a search for it would
    explore every state and report nothing found, as if no board could get there.
    """
    lefts = (node.left, *node.comparators[:-1])
    for op, left, right in zip(node.ops, lefts, node.comparators, strict=True):
        kinds = (_kind(left), _kind(right))
        if isinstance(op, ast.In | ast.NotIn | ast.Is | ast.IsNot) or None in kinds \
                or kinds[0] == kinds[1]:
            continue
        raise GoalError(f"--goal: {ast.unparse(left)[:60]} is {kinds[0]} and "
                        f"{ast.unparse(right)[:60]} is {kinds[1]}, so they never compare; "
                        f"compare a count with a number ({', '.join(sorted(COUNTS))}), a "
                        "person with a quoted id, or ask 'toner' in directors")


def _kind(node: ast.AST) -> str | None:
    """What a side of a comparison is, when that is certain (None: it may be None, or any)."""
    if isinstance(node, ast.Name) and node.id in VARIABLES:
        return "a number" if node.id in COUNTS else "a set of people" \
            if node.id in GROUPS else "text"
    if isinstance(node, ast.Constant) and not isinstance(node.value, bool | type(None)):
        return "text" if isinstance(node.value, str) else "a number"
    if isinstance(node, ast.BinOp) or (isinstance(node, ast.UnaryOp)
                                       and not isinstance(node.op, ast.Not)):
        return "a number"
    return None


def _numbers_only(node: ast.BinOp | ast.UnaryOp) -> None:
    """Refuse arithmetic on anything that is not a number (text, lists, None)."""
    operands = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.operand,)
    for operand in operands:
        number = (isinstance(operand, ast.Constant) and type(operand.value) in (int, float)) \
            or (isinstance(operand, ast.Name) and operand.id in COUNTS) \
            or (isinstance(operand, ast.BinOp | ast.UnaryOp)
                and not isinstance(operand.op, ast.Not))
        if not number:
            raise GoalError(f"--goal: + - * work on numbers only ({', '.join(sorted(COUNTS))} "
                            f"or a number), not on {ast.unparse(operand)[:60]!r}")


def _bounded(number: float, shown: str) -> float:
    if not abs(number) <= MAX_NUMBER:  # also refuses inf and nan
        raise GoalError(f"--goal: numbers must be between -{MAX_NUMBER:.0e} and "
                        f"{MAX_NUMBER:.0e} (got {shown[:60]})")
    return number


def _value(node: ast.AST, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return {"None": None, "True": True, "False": False}.get(node.id, variables.get(node.id))
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_value(item, variables) for item in node.elts)
    if isinstance(node, ast.BoolOp):
        values = (_value(v, variables) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, variables)
        return not operand if isinstance(node.op, ast.Not) else -operand
    if isinstance(node, ast.BinOp):
        result = _ARITHMETIC[type(node.op)](_value(node.left, variables),
                                            _value(node.right, variables))
        return _bounded(result, ast.unparse(node))
    if isinstance(node, ast.Compare):
        left = _value(node.left, variables)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _value(right_node, variables)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    raise GoalError(f"--goal: cannot evaluate {type(node).__name__}")  # _check prevents this
