"""Layer ``ic``: certified one-way information complexity (docs/architecture.md, "One program").

Stable API:

* :func:`minimize_information` — the float solver of the program
  ``min Σ_c p(c) I(X; G | C = c)`` s.t. ``E[D] <= δ`` on numpy arrays (also used by
  the memorization frontier);
* :func:`certify` — rational witnesses and a checked certificate for its result;
* :func:`information_complexity`, :func:`ic_curve` — certified brackets by the
  registered methods (:func:`methods` lists them for a problem);
* :class:`ICResult` — the one result type of every method.

>>> import commlb
>>> r = commlb.information_complexity(commlb.problems.get("index", d=1), "1/4")
>>> r.status
'exact'
"""

from commlb.ic.certify import certify
from commlb.ic.information import exact_error, ic_curve, information_complexity, methods
from commlb.ic.program import ProgramResult, SolveInterrupted, minimize_information
from commlb.ic.result import ICResult

__all__ = [
    "ICResult", "ProgramResult", "SolveInterrupted", "certify", "exact_error", "ic_curve",
    "information_complexity", "methods", "minimize_information",
]
