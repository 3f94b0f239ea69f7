"""The enumerate method: every decision function listed, Blahut–Arimoto, then certified.

``IC(δ) = min I(X; G | C)`` over channels to all ``|O|^|Y|`` decision functions
(the decision-function reformulation, ``proofs/information_complexity/reformulation.md``),
solved by :func:`commlb.ic.program.minimize_information` and certified by
:func:`commlb.ic.certify.certify`: an explicit rational channel above and a
rate–distortion dual (or Frank–Wolfe) point below
(``proofs/information_complexity/external_dual.md``, ``conditional_dual.md``).
Catalogue families are named in the certificate (the checker builds their
program itself); any other problem's program is embedded in it.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.certify import certify
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.ic.program import minimize_information
from commlb.protocols.decision import DEFAULT_MAX_FUNCTIONS

__all__ = ["can_run", "run", "MAX_FUNCTIONS"]

MAX_FUNCTIONS = DEFAULT_MAX_FUNCTIONS


def can_run(statement) -> tuple[bool, str]:
    """Whether this method takes ``statement``: at most ``MAX_FUNCTIONS`` decision functions and an exact law.

    Returns ``(True, "")`` or ``(False, reason)``, from sizes and declared structure only.
    """
    if statement.log2_functions > math.log2(MAX_FUNCTIONS):
        return False, (f"2^{statement.log2_functions:.4g} decision functions, above the "
                       f"{MAX_FUNCTIONS} it lists")
    if statement.structure is None and not statement.problem.exact:
        return False, "the law has floats; certification needs ints or Fractions"
    return True, ""


def _source(problem, p_cx, d_int, scale) -> dict:
    s = problem.structure
    if s is not None:
        return {"problem": {"name": s.family, "params": {
            k: (str(v) if isinstance(v, Fraction) else v) for k, v in s.params.items()}}}
    D = [[str(Fraction(int(v), scale)) for v in row] for row in d_int]
    return {"program": {"p_cx": [[str(Fraction(v)) for v in row] for row in p_cx], "D": D}}


def run(statement, gap: float = 1e-6, progress: bool = False):
    """Enumerate on ``statement``: Blahut–Arimoto above, the rate–distortion dual below.

    Returns an :class:`~commlb.ic.result.ICResult` with its certificate.
    """
    started = time.perf_counter()
    problem, delta, objective = statement.problem, statement.error, statement.objective
    p_x, d_int, scale = problem.decision_distortion_scaled()
    optimal = Fraction(problem.optimal_error())
    if delta < optimal:
        raise InvalidParameterError(f"error {delta} is below the optimal error {optimal} of "
                                    f"{problem.name}; no protocol achieves it, so raise the error")
    p_cx = problem.xy_matrix(exact=True).T if objective == "internal" else p_x[None, :]
    p_cx = np.asarray(p_cx, dtype=object)
    p_cx = p_cx[[i for i in range(p_cx.shape[0]) if any(p_cx[i])]]
    d_float = np.asarray(d_int, dtype=float) / scale
    result = minimize_information(p_cx.astype(float), d_float, float(delta), gap=gap,
                                  progress=progress)
    if delta >= Fraction(problem.trivial_error()) and not result.trivial:
        result = minimize_information(p_cx.astype(float), d_float, 1.0, gap=gap)
    functions = None
    if problem.structure is not None:
        functions = (problem.decision_function_table(), list(problem.output_alphabet))
    cert, checked = certify(result, p_cx, d_int, scale, delta,
                            source=_source(problem, p_cx, d_int, scale), objective=objective,
                            functions=functions, gap=gap)
    if not checked.valid:
        raise RuntimeError(f"commlb bug: a certificate failed its own check: {checked.reason}")
    lower = checked.lower_exact if checked.lower_exact is not None else checked.lower
    upper = checked.upper_exact if checked.upper_exact is not None else checked.upper
    bracket = Bracket(lower, upper, cert, int(d_int.shape[1]), 0, time.perf_counter() - started,
                      result.status)
    return to_result(bracket, statement, "enumerate", gap, iterations=result.iterations)
