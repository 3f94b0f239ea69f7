r"""Inequalities of a reduction, checked exactly, and the result of a check.

A reduction turns a solution of its target (a learner for a task, or a
protocol for a bigger problem) into a protocol for its source and promises
inequalities between quantities of the two.  :class:`Inequality` holds one of
them with both sides computed (exact :class:`commlb.info.Exact` or
``Fraction`` when the inputs are rational); :class:`CheckResult` holds all of
them and says which fail.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, section 5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from commlb.info import Exact

__all__ = ["Inequality", "CheckResult", "Reduction"]

Number = Exact | Fraction | int | float


def _float(value: Number) -> float:
    return float(value)


def _text(value: Number) -> str:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Exact):
        return str(value)
    return repr(value)


@dataclass(frozen=True)
class Inequality:
    r"""One inequality ``lhs <= rhs`` (``relation="<="``) or ``lhs >= rhs``, both sides computed.

    Attributes
    ----------
    name : str
        E.g. ``"information: I(X; M | P) >= I(X_A; M | P_A, R)"``.
    lhs, rhs : Exact, Fraction or float
        Both sides (bits or error probabilities).
    relation : {"<=", ">="}

    Examples
    --------
    >>> from fractions import Fraction
    >>> ineq = Inequality("error", Fraction(1, 4), Fraction(1, 2), "<=")
    >>> ineq.holds, ineq.slack
    (True, Fraction(1, 4))
    """

    name: str
    lhs: Number
    rhs: Number
    relation: str = "<="

    @property
    def slack(self) -> Number:
        """``rhs − lhs`` for ``<=``, ``lhs − rhs`` for ``>=`` (exact when both sides are)."""
        return self.rhs - self.lhs if self.relation == "<=" else self.lhs - self.rhs

    @property
    def holds(self) -> bool:
        """Exact decision ``slack >= 0`` (never float rounding for exact sides)."""
        return bool(self.slack >= 0)

    def to_json(self) -> dict[str, Any]:
        """``name, lhs, rhs, relation, slack, holds`` (floats) plus exact strings."""
        return {"name": self.name, "lhs": _float(self.lhs), "rhs": _float(self.rhs),
                "relation": self.relation, "slack": _float(self.slack), "holds": self.holds,
                "lhs_exact": _text(self.lhs), "rhs_exact": _text(self.rhs)}

    def __str__(self) -> str:
        mark = "holds" if self.holds else "FAILS"
        return (f"{mark:5}  {self.name}\n       lhs = {float(self.lhs):.6g}, rhs = {float(self.rhs):.6g}, "
                f"slack = {float(self.slack):.6g}")


@dataclass
class CheckResult:
    """Every inequality of one reduction applied to one target solution.

    Attributes
    ----------
    reduction : str
    params : dict
    solution : str
        The learner or protocol that was reduced.
    inequalities : list of Inequality
    details : dict
        Other exact quantities (errors, factors) with their meaning.
    """

    reduction: str
    params: dict
    solution: str
    inequalities: list[Inequality]
    details: dict = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        """True when every inequality holds."""
        return all(i.holds for i in self.inequalities)

    @property
    def failing(self) -> list[str]:
        """Names of the inequalities that fail."""
        return [i.name for i in self.inequalities if not i.holds]

    def __getitem__(self, name: str) -> Inequality:
        for ineq in self.inequalities:
            if ineq.name == name or ineq.name.split(":")[0] == name:
                return ineq
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """The ``commlb check --json`` object: ``holds``, ``inequalities``, ``failing``, ``details``."""
        return {"reduction": self.reduction, "params": {k: _text(v) if isinstance(v, Fraction) else v
                                                        for k, v in self.params.items()},
                "solution": self.solution, "holds": self.holds,
                "inequalities": [i.to_json() for i in self.inequalities], "failing": self.failing,
                "details": {k: (_text(v) if isinstance(v, (Fraction, Exact)) else v)
                            for k, v in self.details.items()}}

    def __str__(self) -> str:
        head = f"{self.reduction} with {self.solution}: " + ("all inequalities hold" if self.holds
                                                            else f"FAILS: {', '.join(self.failing)}")
        return "\n".join([head, *map(str, self.inequalities)])


class Reduction:
    """Base class: a source problem, a target (problem or task), and the map between solutions.

    Subclasses define ``name``, ``source``, ``target``, ``params``,
    :meth:`protocol_from` and :meth:`check`.
    """

    name: str = "reduction"
    #: what :meth:`check` takes: a ``"protocol"`` for the target problem or a ``"learner"``
    solution: str = "protocol"
    source: Any
    target: Any
    params: dict

    def protocol_from(self, target_solution: Any):
        """The source protocol built from a target solution, as the reduction prescribes."""
        raise NotImplementedError

    def check(self, target_solution: Any = None, **kwargs: Any) -> CheckResult:
        """Compute both sides of every inequality exactly."""
        raise NotImplementedError

    def target_protocol(self, solution: Any):
        """A protocol for the target problem: ``solution`` itself, or a standard one by name.

        ``None`` is ``"send-everything"``; used by reductions whose ``solution`` is
        ``"protocol"``.
        """
        from commlb.errors import InvalidParameterError
        from commlb.protocols import OneWayProtocol, get_protocol

        if solution is None:
            solution = "send-everything"
        if isinstance(solution, OneWayProtocol):
            return solution
        if isinstance(solution, str):
            return get_protocol(solution, self.target)
        raise InvalidParameterError(f"a target solution of {self.name} is a protocol for "
                                    f"{self.target.name} or its name, got {solution!r}")

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"get({self.name!r}, {args})"
