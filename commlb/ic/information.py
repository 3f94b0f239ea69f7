"""Certified one-way information complexity of a catalogue problem.

``IC(δ) = min I(X; G)`` (external) or ``min I(X; G | Y)`` (internal) over channels
``Q(g|x)`` to decision functions with error at most ``δ`` (DESIGN.md sec. 1).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.certify import certify
from commlb.ic.program import minimize_information
from commlb.info import Exact, Interval

__all__ = ["ICResult", "information_complexity", "ic_curve", "exact_error"]

OBJECTIVES = ("external", "internal")


@dataclass
class ICResult:
    """A certified bracket on the information complexity (bits).

    Attributes
    ----------
    lower, upper : float
        Certified bounds ``lower <= IC(δ) <= upper`` (both checked by
        :func:`commlb.certificates.check`).
    lower_interval, upper_interval : Interval
        Certified intervals of the two witnesses' values.
    lower_exact, upper_exact : Exact or None
        Exact values of the witnesses where computed.
    exact : Exact or None
        ``IC(δ)`` exactly, when both witnesses have the same exact value.
    certificate : dict
        The checkable certificate (see :mod:`commlb.certificates`).
    witness : dict
        The upper witness: a rational channel over decision functions.
    dual : dict
        The lower witness (rd dual or Frank–Wolfe).
    iterations : int
        Blahut–Arimoto iterations.
    seconds : float
        Wall time including certification.
    status : str
        ``"converged"``, ``"exact"``, or a plain statement of why the gap was not reached.
    problem, params, objective, error :
        What was solved.
    """

    lower: float
    upper: float
    lower_interval: Interval
    upper_interval: Interval
    lower_exact: Exact | None
    upper_exact: Exact | None
    exact: Exact | None
    certificate: dict
    witness: dict
    dual: dict
    iterations: int
    seconds: float
    status: str
    problem: str
    params: dict
    objective: str
    error: Fraction

    @property
    def gap(self) -> float:
        """``upper - lower``."""
        return self.upper - self.lower

    def to_json(self) -> dict:
        """The CLI's JSON object (DESIGN.md sec. 5)."""
        return {"problem": self.problem, "params": self.params, "objective": self.objective,
                "error": str(self.error), "lower": self.lower, "upper": self.upper,
                "exact": None if self.exact is None else str(self.exact.expr),
                "status": self.status, "iterations": self.iterations, "seconds": self.seconds}

    def __str__(self) -> str:
        value = f" = {self.exact.expr}" if self.exact is not None else ""
        return (f"{self.objective} IC of {self.problem} {self.params} at error {self.error}: "
                f"[{self.lower:.10g}, {self.upper:.10g}] bits (certified){value}")


def exact_error(error) -> Fraction:
    """The error level as an exact rational (floats read as their shortest decimal)."""
    try:
        value = Fraction(repr(error)) if isinstance(error, float) else Fraction(error)
    except (TypeError, ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"error {error!r} is not a number; give e.g. 0.1 or '1/10'") \
            from None
    if not 0 <= value <= 1:
        raise InvalidParameterError(f"error {value} is outside [0, 1]; choose a value in [0, 1]")
    return value


def information_complexity(problem, error, objective: str = "external", gap: float = 1e-6, *,
                           progress: bool = False, method: str = "enumerate"):
    """Certified bracket on the one-way information complexity ``IC_μ(δ)`` of a problem.

    Parameters
    ----------
    problem : OneWayProblem
        From ``commlb.problems.get(name, **params)`` (exact law).
    error : float, Fraction or str
        Error level ``δ`` in ``[0, 1]``; floats are read as decimals (0.1 = 1/10).
    objective : {"external", "internal"}
        ``I(X; M | R)`` or ``I(X; M | Y, R)``.
    gap : float
        Target width of the certified bracket (bits).
    progress : bool
        tqdm progress bar.
    method : {"enumerate", "colgen"}
        ``"enumerate"`` lists every decision function; ``"colgen"`` uses column
        generation with exact pricing (:func:`commlb.ic.colgen.information_complexity_colgen`,
        returning a ``ColgenResult``), for alphabets far beyond enumeration.

    Returns
    -------
    ICResult
        ``lower <= IC(δ) <= upper`` certified by the certificate's check; ``exact`` when
        the two witnesses have the same exact value.

    Raises
    ------
    InvalidParameterError
        Error outside [0, 1] or below the optimal error; unknown objective.
    InstanceTooLargeError
        Too many decision functions to enumerate.
    SolveInterrupted
        Ctrl-C; ``.partial`` is the float bracket so far (not certified).

    Examples
    --------
    >>> import commlb
    >>> r = commlb.information_complexity(commlb.problems.get("index", d=2), 0.25)
    >>> r.exact.expr  # 2·(1 - h(1/4))
    -2 + 3*log(3)/(2*log(2))
    >>> r.lower <= float(r.exact) <= r.upper
    True

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021 (arXiv:2012.06421), sec. 4;
    DESIGN.md sec. 1 (decision-function reformulation).
    """
    if method == "colgen":
        from commlb.ic.colgen import information_complexity_colgen

        return information_complexity_colgen(problem, error, objective, gap, progress=progress)
    if method != "enumerate":
        raise InvalidParameterError(f"method {method!r} is unknown; use 'enumerate' or 'colgen'")
    started = time.perf_counter()
    if objective not in OBJECTIVES:
        raise InvalidParameterError(f"objective {objective!r} is unknown; use one of {OBJECTIVES}")
    delta = exact_error(error)
    if not gap > 0:
        raise InvalidParameterError(f"gap {gap!r} must be positive, e.g. 1e-6")
    p_x, D_int, scale = problem.decision_distortion_scaled()
    optimal = Fraction(problem.optimal_error())
    if delta < optimal:
        raise InvalidParameterError(
            f"error {delta} is below the optimal error {optimal} of {problem.name}; "
            "no protocol achieves it, so raise the error")
    p_cx = problem.xy_matrix(exact=True).T if objective == "internal" else p_x[None, :]
    p_cx = np.asarray(p_cx, dtype=object)
    p_cx = p_cx[[i for i in range(p_cx.shape[0]) if any(p_cx[i])]]
    D_float = np.asarray(D_int, dtype=float) / scale
    trivial = delta >= Fraction(problem.trivial_error())
    solve_delta = float(delta)
    if delta == optimal:
        solve_delta = float(optimal)
    result = minimize_information(p_cx.astype(float), D_float, solve_delta, gap=gap,
                                  progress=progress)
    if trivial and not result.trivial:
        result = minimize_information(p_cx.astype(float), D_float, 1.0, gap=gap)
    source = {"problem": problem.name, "params": problem.params_json()}
    cert, checked = certify(result, p_cx, D_int, scale, delta, source=source, objective=objective,
                            functions=(problem.decision_function_table(),
                                       list(problem.output_alphabet)), gap=gap)
    if not checked.valid:
        raise RuntimeError(f"commlb bug: a certificate failed its own check: {checked.reason}")
    exact = None
    if checked.lower_exact is not None and checked.lower_exact == checked.upper_exact:
        exact = checked.upper_exact
    status = "exact" if exact is not None else result.status
    if exact is None and cert["upper"] - cert["lower"] > gap:
        status = (f"gap not reached: certified width {cert['upper'] - cert['lower']:.3g} > {gap:g}"
                  f" ({result.status})")
    return ICResult(cert["lower"], cert["upper"], checked.lower, checked.upper,
                    checked.lower_exact, checked.upper_exact, exact, cert,
                    cert["upper_witness"], cert["lower_witness"], result.iterations,
                    time.perf_counter() - started, status, problem.name, problem.params_json(),
                    objective, delta)


def ic_curve(problem, errors, objective: str = "external", gap: float = 1e-6, *,
             progress: bool = False) -> list:
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
    return [information_complexity(problem, error, objective, gap, progress=progress)
            for error in errors]
