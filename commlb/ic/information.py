"""The front door: certified one-way information complexity by any registered method.

``IC(δ) = min I(X; M | R)`` (external) or ``min I(X; M | Y, R)`` (internal) over
one-way protocols with error at most ``δ``, computed as the program over channels
``Q(g|x)`` to decision functions (``proofs/information_complexity/reformulation.md``).
"""

from __future__ import annotations

from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.ic import methods as _registered  # noqa: F401  (registers the methods in order)
from commlb.ic.registry import applicable, solve
from commlb.ic.result import ICResult
from commlb.ic.statement import Statement
from commlb.numbers import as_probability

__all__ = ["ICResult", "information_complexity", "ic_curve", "exact_error", "methods"]


def exact_error(error) -> Fraction:
    """The error level as an exact rational in [0, 1] (floats read as shortest decimals).

    Examples
    --------
    >>> exact_error(0.1)
    Fraction(1, 10)
    """
    return as_probability(error, "error")


def information_complexity(problem, error, objective: str = "external", *,
                           method="auto", gap: float = 1e-6, progress: bool = False,
                           **options) -> ICResult:
    """Certified bracket on the one-way information complexity ``IC_μ(δ)`` (bits).

    Parameters
    ----------
    problem : OneWayProblem
        A catalogue problem (``commlb.problems.get(name, **params)``; its declared
        structure lets methods run at sizes that are never built) or a problem of
        your own (``OneWayProblem(...)``, ``OneWayProblem.from_function(...)``):
        exact law, certificates embedding its program.
    error : float, Fraction or str
        ``δ`` in ``[0, 1]``; floats are read as their shortest decimal (0.1 = 1/10).
    objective : {"external", "internal"}
        ``I(X; M | R)`` or ``I(X; M | Y, R)``.
    method : str or callable
        ``"auto"`` (default) runs the registered methods in order of preference,
        moving on while the bracket is wider than ``gap``; a name runs that method
        (see :func:`methods`); a callable ``f(statement, gap=, progress=, **options)``
        returning an :class:`ICResult` is run as is.
    gap : float
        Target width of the certified bracket (bits).
    progress : bool
        tqdm progress bars where a method has them.
    **options
        Passed to the method (e.g. ``top``, ``max_rounds`` for column generation).

    Returns
    -------
    ICResult
        ``lower <= IC(δ) <= upper`` certified by ``result.certificate``
        (:func:`commlb.certificates.check`); ``exact`` when both ends agree exactly.

    Raises
    ------
    InvalidParameterError
        Error outside [0, 1] or below the optimal error; unknown objective or method;
        a named method that cannot take the problem (with its reason).
    InstanceTooLargeError
        No registered method can take it (one line: its sizes and each reason).

    Examples
    --------
    >>> import commlb
    >>> r = commlb.information_complexity(commlb.problems.get("index", d=2), 0.25)
    >>> r.exact.expr  # 2·(1 - h(1/4))
    -2 + 3*log(3)/(2*log(2))
    >>> r.lower <= float(r.exact) <= r.upper, r.method
    (True, 'orbit')

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021 (arXiv:2012.06421), sec. 4;
    Blahut 1972 (the rate–distortion dual).
    """
    statement = Statement.of(problem, error, objective)
    if objective == "conditional":
        raise InvalidParameterError("the conditional objective is the memorization frontier; "
                                    "use commlb.memorization_frontier")
    return solve(statement, method, gap=gap, progress=progress, **options)


def methods(problem, objective: str = "external", error=None) -> list[dict]:
    """Every registered method and whether it can take ``problem``.

    Parameters
    ----------
    problem : OneWayProblem
    objective : {"external", "internal"}
    error : number, optional
        The error level (some methods need it inside a range); default ``1/4``.

    Returns
    -------
    list of dict
        ``{"name", "applies", "reason", "summary"}`` in order of preference.

    Examples
    --------
    >>> import commlb
    >>> rows = commlb.ic.methods(commlb.problems.get("gap-hamming", d=20, rho="1/2"))
    >>> [r["name"] for r in rows if r["applies"]]
    []
    """
    return applicable(Statement.of(problem, Fraction(1, 4) if error is None else error, objective))


def ic_curve(problem, errors, objective: str = "external", gap: float = 1e-6, *,
             progress: bool = False, method="auto") -> list[ICResult]:
    """:func:`information_complexity` at each error level (a list of ICResult).

    Examples
    --------
    >>> import commlb
    >>> curve = commlb.ic_curve(commlb.problems.get("index", d=1), ["1/10", "1/4"])
    >>> curve[0].upper >= curve[1].upper
    True

    References
    ----------
    Brown et al., STOC 2021, sec. 4.
    """
    return [information_complexity(problem, error, objective, gap=gap, progress=progress,
                                   method=method) for error in errors]
