"""Rolling dice expressions with the `d20` library, safely and within Discord's limits.

``roll(text)`` turns free text from a member into a :class:`RollOutcome` or
raises ``InvalidInputError`` with a message that shows valid notation. Limits
keep every roll fast and every reply small:

- the expression is at most ``limits.DICE_EXPRESSION`` characters (so the parser and
  the recursive evaluator only ever see small inputs);
- at most ``MAX_ROLLS`` dice are rolled in all, rerolls and explosions included
  (d20's own ``RollContext``), so ``1000000d6`` or ``1d1e1`` stop at once;
- the total fits the history table's integer column;
- the detail is at most ``DETAIL_MAX`` characters: when every die does not fit,
  each group of dice is summarised as "(N dice: sum)", and failing that the
  whole roll as its total and dice count. Nothing is cut mid-markup.

d20 notation (see https://d20.readthedocs.io): ``XdY``, ``d%``, arithmetic
``+ - * / // %``, comparisons ``== != < > <= >=``, sets ``(1d6, 1d8)``, and
operators on dice: ``k``/``p`` keep/drop (``h``ighest, ``l``owest, ``<``, ``>``,
or an exact value), ``rr`` reroll until it stops matching, ``ro`` reroll once,
``ra`` reroll and add once, ``e`` explode, ``mi``/``ma`` minimum/maximum face.
Annotations in brackets label a term: ``1d8[slashing] + 2d6[fire]``.
"""

import re
import threading
import warnings
from dataclasses import dataclass
from typing import Literal

with warnings.catch_warnings():
    # lark 0.9 (d20's parser) imports the deprecated sre_parse/sre_constants modules.
    warnings.filterwarnings("ignore", message="module 'sre_", category=DeprecationWarning)
    import d20
    import lark

from rules import limits
from rules.errors import InvalidInputError

MAX_ROLLS = 1000
MAX_WORK = 100_000  # dice looked at by keep/drop/reroll/explode selectors, summed over one roll
DETAIL_MAX = 1000
TOTAL_MAX = 2**31 - 1  # the dice_rolls.total column is a 32-bit INTEGER

EXAMPLES = (
    "Examples: `1d20+5`, `2d20kh1+5` (advantage), `2d20kl1+5` (disadvantage), "
    "`4d6kh3`, `2d6ro1` (reroll 1s once), `8d6e6` (exploding sixes), `1d20>=15`."
)

Crit = Literal["critical", "fumble"]


@dataclass(frozen=True, slots=True)
class RollOutcome:
    expression: str  # d20's normal form of what was typed, e.g. "1d20 + 5"
    total: int
    detail: str  # Markdown, e.g. "1d20 (**20**) + 5 = `25`"; at most DETAIL_MAX characters
    crit: Crit | None  # natural 20 / natural 1 when exactly one d20 die decides the roll
    natural: int | None  # that d20's face, when there is exactly one kept d20
    dice_rolled: int  # every die rolled, rerolls and explosions included
    summarised: bool  # True when the detail does not show each die
    note: str | None = None  # a result d20 reads differently from what most members expect, explained


def invalid(reason: str) -> InvalidInputError:
    return InvalidInputError(f"{reason} {EXAMPLES}")


_MARKDOWN = re.compile(r"([\\*_~`|\[\]()<@])")


def _escape(text: str) -> str:
    """Discord Markdown (and mention syntax) shown literally."""
    return _MARKDOWN.sub(r"\\\1", text)


class _Summary(d20.MarkdownStringifier):
    """Each group of dice as its count and sum instead of every face."""

    def _str_dice(self, node: d20.Dice) -> str:
        count = len(node.values)
        noun = "die" if count == 1 else "dice"
        return f"{node.num}d{node.size}{self._str_ops(node.operations)} ({count} {noun}: {int(node.number)})"


class TooMuchWork(d20.RollError):
    """Selecting dice (keep, drop, reroll, explode) would take too long."""


class _Budget(d20.RollContext):
    """d20's cap on dice rolled, plus a cap on the dice that keep/drop/reroll/explode look at.

    d20 re-selects over the whole set on every reroll or explosion round, once per selector
    (``1d1e1e1e1...``): without this, a short expression can keep the CPU busy for seconds.
    """

    def __init__(self, max_rolls: int, max_work: int) -> None:
        self.max_work = max_work
        self.work = 0
        super().__init__(max_rolls=max_rolls)

    def reset(self) -> None:
        super().reset()
        self.work = 0

    def charge(self, work: int) -> None:
        self.work += work
        if self.work > self.max_work:
            raise TooMuchWork("Too much work selecting dice.")


class _SetOperator(d20.SetOperator):
    """d20's set operator, charging its selections to the roll's budget.

    ``keep`` also selects once instead of once per die (d20 1.1.2 is quadratic there:
    ``1000d6kh1`` took 150 ms). The result is the same: dropping dice a selector did not
    pick never changes what it picks (highest/lowest N keep their order, and comparisons
    look at one die at a time).
    """

    context: _Budget

    def select(self, target: d20.Number, max_targets: int | None = None) -> set[d20.Number]:
        self.context.charge(len(self.sels) * max(1, len(target.keptset)))
        chosen: set[d20.Number] = super().select(target, max_targets=max_targets)
        return chosen

    def keep(self, target: d20.Number) -> None:
        chosen = self.select(target)
        for value in target.keptset:
            if value not in chosen:
                value.drop()


class _Roller(d20.Roller):
    """d20's roller with a budget for selections and an exact-text parse cache.

    d20 1.1.2 keys its cache on the text with spaces removed, so "1 0" would
    parse as "10" once "10" has been cached, and as an error otherwise; the
    same text must always give the same answer.
    """

    context: _Budget

    def _parse_no_comment(self, expr: str) -> d20.ast.Expression:
        tree = self._parse_cache.get(expr)
        if tree is None:
            tree = d20.ast.parser.parse(expr, start="expr")
            self._parse_cache[expr] = tree
        return tree

    def _eval_operatedset(self, node: d20.ast.OperatedSet) -> d20.Number:
        # As d20's own, with our operator class.
        target = self._eval(node.value)
        for op in node.operations:
            the_op = _SetOperator.from_ast(op)
            the_op.context = self.context
            the_op.operate(target)
            target.operations.append(the_op)
        return target


_local = threading.local()


def _roller() -> _Roller:
    # A Roller keeps per-roll state (its RollContext): one per thread.
    roller = getattr(_local, "roller", None)
    if roller is None:
        roller = _local.roller = _Roller(context=_Budget(MAX_ROLLS, MAX_WORK))
    return roller


def _walk(root: d20.Number) -> tuple[list[d20.Number], list[d20.Dice], list[d20.Dice]]:
    """The annotated nodes, the kept groups of d20s, and every group of dice of an evaluated roll.

    No recursion: the tree can be as deep as the length limit allows.
    """
    annotated: list[d20.Number] = []
    d20_groups: list[d20.Dice] = []
    groups: list[d20.Dice] = []
    stack = [(root, True)]
    while stack:
        node, kept = stack.pop()
        if node.annotation:
            annotated.append(node)
        kept = kept and node.kept
        if isinstance(node, d20.Dice):  # its faces carry no annotations or sub-rolls
            groups.append(node)
            if kept and node.size == 20:
                d20_groups.append(node)
        else:
            stack.extend((child, kept) for child in node.children)
    return annotated, d20_groups, groups


def _crit(d20_groups: list[d20.Dice]) -> tuple[Crit | None, int | None]:
    """A natural 20 or 1 on the one d20 that counts: one kept group of d20s, keeping one die."""
    if len(d20_groups) != 1 or len(d20_groups[0].keptset) != 1:
        return None, None
    face = int(d20_groups[0].keptset[0].number)
    return ("critical" if face == 20 else "fumble" if face == 1 else None), face


# Capital D (phone keyboards capitalise): a D before a number or % that follows no letter.
_CAPITAL_D = re.compile(r"(?<![A-Za-z])D(?=[0-9%])")
_ANNOTATION = re.compile(r"(\[[^\]]*\])")


def _small_d(text: str) -> str:
    """The text with dice written ``XDY`` as ``XdY``; annotations in brackets keep what was typed."""
    parts = _ANNOTATION.split(text)
    return "".join(part if i % 2 else _CAPITAL_D.sub("d", part) for i, part in enumerate(parts))


# For a comparison on dice, the keep selector that keeps the dice passing it (d20 has no success count).
_KEEP_PASSING = {">=": lambda n: f"k>{n - 1}", ">": lambda n: f"k>{n}", "<=": lambda n: f"k<{n + 1}",
                 "<": lambda n: f"k<{n}", "==": lambda n: f"k{n}"}  # fmt: skip
_PASSES = {">=": lambda f, n: f >= n, ">": lambda f, n: f > n, "<=": lambda f, n: f <= n,
           "<": lambda f, n: f < n, "==": lambda f, n: f == n}  # fmt: skip


def _exact_keep_note(dice: d20.Dice) -> str | None:
    """``2d20k1`` keeps the dice showing exactly 1, not the highest one: say so."""
    for operation in dice.operations:
        if operation.op == "k" and any(s.cat is None for s in operation.sels):
            exact = next(s.num for s in operation.sels if s.cat is None)
            group = f"{dice.num}d{dice.size}"
            return (
                f"`k{exact}` keeps only the dice showing exactly {exact}. To keep the highest "
                f"{exact}, roll `{group}kh{exact}` (advantage); "
                f"the lowest, `{group}kl{exact}` (disadvantage)."
            )
    return None


def _comparison_note(root: d20.Number) -> str | None:
    """``10d6>=5`` compares the whole total, giving 1 or 0: say so, and count the dice that pass."""
    if not isinstance(root, d20.BinOp) or root.op not in _KEEP_PASSING:
        return None
    left, right = root.left, root.right
    if (
        not isinstance(left, d20.Dice)
        or left.num < 2
        or left.operations
        or not isinstance(right, d20.Literal)
    ):
        return None
    target = int(right.number)
    passing = sum(1 for die in left.keptset if _PASSES[root.op](int(die.number), target))
    group = f"{left.num}d{left.size}"
    return (
        f"`{root.op}` compares the whole total with {target} (1 means true, 0 false). "
        f"{passing} of the {left.num} dice pass on their own; to keep just those, roll "
        f"`{group}{_KEEP_PASSING[root.op](target)}` and count the dice kept."
    )


def _note(root: d20.Number, groups: list[d20.Dice]) -> str | None:
    notes = [n for n in (*(_exact_keep_note(g) for g in groups), _comparison_note(root)) if n]
    return notes[0] if notes else None  # one at most: the reply stays within Discord's 2,000


def _syntax_message(text: str, error: d20.RollSyntaxError) -> str:
    got = str(error.got or "")
    if not got:
        reason = f"The expression ends too early: something is missing after “{text[-20:]}”."
    else:
        reason = f"I can't read “{got[:20]}” (at character {error.col}) as dice notation."
    if re.search(r"\b(adv|advantage|dis|disadvantage)\b", text, re.IGNORECASE):
        reason += " For advantage roll two d20s and keep the highest: `2d20kh1+5`; disadvantage: `2d20kl1+5`."
    return reason


def _detail(expr: d20.Expression, expression: str, total: int, dice_rolled: int) -> tuple[str, bool]:
    full = d20.MarkdownStringifier().stringify(expr)
    if len(full) <= DETAIL_MAX:
        return full, False
    summary = _Summary().stringify(expr)
    if len(summary) <= DETAIL_MAX:
        return summary, True
    noun = "die" if dice_rolled == 1 else "dice"
    return f"{expression} = `{total}` ({dice_rolled} {noun} rolled, too many to show)", True


def roll(text: str) -> RollOutcome:
    """Roll a d20-notation expression typed by a member."""
    if not isinstance(text, str):
        raise invalid("Give the dice as text.")
    text = " ".join(text.split())
    if not text:
        raise invalid("Say what to roll.")
    if len(text) > limits.DICE_EXPRESSION:
        raise invalid(
            f"That expression is {len(text)} characters long; the limit is {limits.DICE_EXPRESSION}."
        )
    if "`" in text or not text.isprintable():
        raise invalid("Dice notation cannot contain backticks or control characters.")
    text = _small_d(text)
    roller = _roller()
    try:
        result = roller.roll(text)
        expr = result.expr
        annotated, d20_groups, groups = _walk(expr)
        if any(group.num == 0 for group in groups):
            raise invalid("Roll at least one die: `0d6` rolls nothing.")
        for node in annotated:
            node.annotation = _escape(node.annotation)
        raw_total = expr.total
        if not -TOTAL_MAX <= raw_total <= TOTAL_MAX:  # also catches inf; NaN fails every comparison
            raise invalid(f"The result is too large (at most {TOTAL_MAX:,} either way).")
        total = int(raw_total)
        expression = str(result.ast)
        if len(expression) > limits.STORED_EXPRESSION:  # d20 spaces operators out; never seen this far
            expression = text
        crit, natural = _crit(d20_groups)
        dice_rolled = roller.context.rolls
        detail, summarised = _detail(expr, expression, total, dice_rolled)
        note = _note(expr.roll, groups)
    except d20.RollSyntaxError as e:
        raise invalid(_syntax_message(text, e)) from None
    except d20.TooManyRolls:
        raise invalid(
            f"That would roll more than {MAX_ROLLS} dice (rerolls and explosions count too)."
        ) from None
    except TooMuchWork:
        raise invalid(
            "That roll has too many rerolls, explosions or keep/drop rules to work out; simplify it."
        ) from None
    except d20.RollValueError as e:
        raise invalid(str(e)) from None
    except (d20.RollError, lark.exceptions.LarkError) as e:  # anything else the parser or d20 refuses
        raise invalid(f"That is not a roll I can make ({type(e).__name__}).") from None
    except RecursionError:
        raise invalid("That expression is nested too deeply.") from None
    except (OverflowError, ValueError, ZeroDivisionError):
        raise invalid(f"The result is too large (at most {TOTAL_MAX:,} either way).") from None
    return RollOutcome(expression, total, detail, crit, natural, dice_rolled, summarised, note)
