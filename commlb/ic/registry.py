"""The ordered registry of solver methods and the selection rule of ``method="auto"``.

Each method declares its name, the objectives it serves and a cheap
``can_run(statement) -> (bool, reason)`` computed from closed-form sizes and
declared structure (never by enumerating).  The registry's order is the
preference: ``"auto"`` runs the first method that applies, and if its bracket
is wider than the requested gap, the next one, keeping the narrowest bracket.
A method that finds at run time that it cannot serve (a deeper condition than
``can_run`` checks) raises :class:`NotApplicable` and the next one is tried.
The model is cvxpy's solver map with ``can_solve`` and scipy's
``minimize(method=None)`` front door that also accepts a callable.

>>> [m.name for m in REGISTRY]  # doctest: +SKIP
['chain-rule', 'orbit', 'enumerate', 'colgen', 'conditional-colgen']
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.result import ICResult
from commlb.ic.statement import Statement

__all__ = ["Method", "NotApplicable", "REGISTRY", "register", "applicable", "solve"]


class NotApplicable(Exception):
    """Raised by a method's ``run`` when a condition beyond ``can_run`` fails."""


def _resolve(target):
    """A callable, or the attribute named by ``"package.module:attribute"`` (imported now)."""
    if callable(target):
        return target
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class Method:
    """A registered solver method.

    ``can_run`` and ``run`` are callables or ``"package.module:attribute"`` references,
    as in a package's entry points: a reference is imported the first time the method is
    asked, so importing the registry does not import every solver.

    Attributes
    ----------
    name : str
        What ``method=`` names.
    objectives : tuple of str
        The objectives it serves.
    can_run : callable or str
        ``statement -> (bool, reason)``, cheap.
    run : callable or str
        ``(statement, gap, progress, **options) -> ICResult``.
    summary : str
        One line: what it does and the result it implements.
    """

    name: str
    objectives: tuple[str, ...]
    can_run: Callable[[Statement], tuple[bool, str]] | str
    run: Callable[..., ICResult] | str
    summary: str = ""

    def check(self, statement: Statement) -> tuple[bool, str]:
        """``can_run`` with the objective checked first."""
        if statement.objective not in self.objectives:
            return False, f"serves the {' and '.join(self.objectives)} objective only"
        return _resolve(self.can_run)(statement)

    def solve(self, statement: Statement, **options) -> ICResult:
        """``run(statement, **options)``: the method's bracket with its certificate."""
        return _resolve(self.run)(statement, **options)


REGISTRY: list[Method] = []


def register(method: Method, before: str | None = None) -> Method:
    """Add ``method`` to the registry, at the end or just before the method ``before``.

    Its position is its preference.  Two methods may share a name only if they serve
    different objectives (``enumerate`` of a problem and of the frontier program).
    """
    if any(m.name == method.name and set(m.objectives) & set(method.objectives)
           for m in REGISTRY):
        raise ValueError(f"a method named {method.name!r} is already registered")
    at = next((i for i, m in enumerate(REGISTRY) if m.name == before), len(REGISTRY))
    REGISTRY.insert(at, method)
    return method


def applicable(statement: Statement) -> list[dict]:
    """Every registered method with ``{"name", "applies", "reason", "summary", "serves"}``.

    ``serves`` says whether the method serves the statement's objective at all.
    """
    rows = []
    for m in REGISTRY:
        if any(o.name == m.name and statement.objective in o.objectives and o is not m
               for o in REGISTRY) and statement.objective not in m.objectives:
            continue  # the same name serves this objective elsewhere in the registry
        ok, reason = m.check(statement)
        rows.append({"name": m.name, "applies": bool(ok), "reason": "" if ok else reason,
                     "summary": m.summary, "serves": statement.objective in m.objectives})
    return rows


def _serving(statement: Statement) -> list[Method]:
    """The registered methods that serve the statement's objective, in order of preference."""
    return [m for m in REGISTRY if statement.objective in m.objectives]


def _refusal(statement: Statement, rows: list[dict]) -> str:
    reasons = "; ".join(f"{r['name']}: {r['reason']}" for r in rows if r["serves"])
    return f"no method can take {statement.describe()} ({statement.objective}) — {reasons}"


def solve(statement: Statement, method="auto", gap: float = 1e-6, progress: bool = False,
          **options) -> ICResult:
    """Run ``method`` (a name, ``"auto"`` or a callable) on ``statement``.

    Raises
    ------
    InvalidParameterError
        Unknown method name, or a named method that does not apply (with its reason).
    InstanceTooLargeError
        No registered method applies (one line naming the size and every reason).
    """
    if not gap > 0:
        raise InvalidParameterError(f"gap {gap!r} must be positive, e.g. 1e-6")
    if callable(method):
        return method(statement, gap=gap, progress=progress, **options)
    if method != "auto":
        chosen = next((m for m in REGISTRY if m.name == method
                       and statement.objective in m.objectives), None)
        chosen = chosen or next((m for m in REGISTRY if m.name == method), None)
        if chosen is None:
            names = ", ".join(["auto"] + [m.name for m in REGISTRY])
            raise InvalidParameterError(f"method {method!r} is unknown; use one of {names}")
        ok, reason = chosen.check(statement)
        if not ok:
            raise InvalidParameterError(f"method {method!r} cannot take {statement.describe()}: "
                                        f"{reason}")
        try:
            return chosen.solve(statement, gap=gap, progress=progress, **options)
        except NotApplicable as exc:
            raise InvalidParameterError(f"method {method!r} cannot take "
                                        f"{statement.describe()}: {exc}") from None
    started = time.perf_counter()
    best: ICResult | None = None
    rows = []
    for m in _serving(statement):  # each method's module is imported only when it is asked
        ok, reason = m.check(statement)
        row = {"name": m.name, "applies": bool(ok), "reason": "" if ok else reason,
               "summary": m.summary, "serves": True}
        rows.append(row)
        if not ok:
            continue
        try:
            result = m.solve(statement, gap=gap, progress=progress, **options)
        except NotApplicable as exc:
            row.update(applies=False, reason=str(exc))
            continue
        if best is None or result.gap < best.gap or (result.success and not best.success):
            best = result
        if result.success:
            break
    if best is None:
        raise InstanceTooLargeError(_refusal(statement, rows))
    best.stats["seconds_total"] = time.perf_counter() - started
    return best
