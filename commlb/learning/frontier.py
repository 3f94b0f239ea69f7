"""The memorization frontier: the least ``I(X; M | P)`` of any ε-suboptimal learner.

DESIGN.md section 1: any model can be replaced by its prediction function
``G`` (data processing can only lower ``I(X; · | P)``; the error is unchanged),
so the frontier is the information program

    minimise  Σ_P q(P) I(X; G | P = P)  over channels Q(g | x)
    subject to  Σ_x p(x) Σ_g Q(g|x) D[x, g] <= err* + ε,

with classes ``c = P``, weights ``p(c, x) = q(P)·Pr[X = x | P]``, Alice's input
``x`` = the training set, decisions ``g`` = all prediction functions
(``|labels|^|inputs|``) and ``D[x, g] = E_{P | X = x}[err_P(g)]``.

Training sets are multisets: the program is invariant under permuting the
slots of ``X`` and the objective is convex in the channel, so averaging any
channel over slot permutations gives a symmetric one with no larger
information and the same error; for a symmetric channel
``I(X; G | P) = I({X}; G | P)``.  Hence the multiset program has the same value.

The program is built exactly (Fractions) and solved and certified by
:mod:`commlb.ic`; certificates are checked by :func:`commlb.certificates.check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.learning.tasks import ENUMERATION_LIMIT, Task, as_number
from commlb.learning.training import enumerate_task

__all__ = ["MemorizationProgram", "memorization_program", "FrontierResult",
           "memorization_frontier"]


@dataclass
class MemorizationProgram:
    """The frontier program of a task (exact when the task is).

    Attributes
    ----------
    p_cx : numpy.ndarray
        ``p(P, x) = q(P)·Pr[{X} = x | P]``, shape ``(|P|, |X|)`` (object Fractions or floats);
        only training multisets of positive probability are kept.
    D : numpy.ndarray
        ``D[x, g] = E_{P|X=x}[err_P(g)]``, shape ``(|X|, |G|)``.
    functions : numpy.ndarray
        The prediction functions ``g`` (label indices over ``task.inputs``), shape ``(|G|, |U|)``.
    training_sets : numpy.ndarray
        The multisets kept (example indices), shape ``(|X|, n)``.
    optimal_error : Fraction or float
        ``err* = Σ_x p(x) min_g D[x, g]``.
    """

    p_cx: np.ndarray
    D: np.ndarray
    functions: np.ndarray
    training_sets: np.ndarray
    optimal_error: Fraction | float


def memorization_program(task: Task, max_entries: int = ENUMERATION_LIMIT) -> MemorizationProgram:
    """The exact information program whose value is the memorization frontier.

    Parameters
    ----------
    task : Task
        A tiny task (everything is enumerated).
    max_entries : int
        Refuse programs with more than this many entries in ``D``.

    Returns
    -------
    MemorizationProgram

    Raises
    ------
    InstanceTooLargeError
        ``|X|·|labels|^|inputs|`` exceeds ``max_entries``.

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> prog = memorization_program(get_task("next-symbol", d=1, N=1, n=1, delta=0))
    >>> prog.D.tolist(), prog.optimal_error
    ([[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)]], Fraction(0, 1))

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1; DESIGN.md sec. 1.
    """
    enum = enumerate_task(task, symmetric=True)
    U, Y = len(enum.inputs), len(enum.labels)
    keep = np.flatnonzero(enum.p_x != 0)
    count = Y**U
    if count * len(keep) > max_entries:
        raise InstanceTooLargeError(
            f"the frontier program has {len(keep)} training sets x {Y}^{U} = {count} prediction "
            f"functions (limit {max_entries} entries); lower d or n")
    functions = np.indices((Y,) * U).reshape(U, -1).T[:, ::-1] if U else np.zeros((1, 0), int)
    A = enum.A[keep]
    hits = np.zeros((len(keep), count), dtype=A.dtype)
    for u in range(U):
        hits = hits + A[:, u, functions[:, u]]
    p_x = enum.p_x[keep]
    miss = p_x[:, None] * enum.te_den - hits
    if enum.exact:
        row_den = p_x * enum.te_den
        D = np.empty(miss.shape, dtype=object)
        for i in range(len(keep)):
            D[i] = [Fraction(int(m), int(row_den[i])) for m in miss[i]]
        p_cx = np.empty((enum.W.shape[0], len(keep)), dtype=object)
        W = enum.W[:, keep]
        p_cx.ravel()[:] = [Fraction(int(w), int(enum.W_den)) for w in W.ravel()]
    else:
        D = miss / (p_x[:, None] * enum.te_den)
        p_cx = enum.W[:, keep] / enum.W_den
    return MemorizationProgram(p_cx=p_cx, D=D, functions=functions,
                               training_sets=enum.space.slots[keep],
                               optimal_error=enum.optimal_error())


@dataclass
class FrontierResult:
    """A bracket on the memorization frontier at one excess-error level (bits).

    Attributes
    ----------
    lower, upper : float
        ``lower <= min I(X; G | P) <= upper`` over learners with error
        ``<= err* + excess_error``; certified when ``certified`` is True, except the
        upper side when ``upper_certified`` is False (``method="colgen"`` when no
        rational rounding of its channel meets the error bound: a float value).
    certificate : dict or None
        The JSON certificate (accepted by :func:`commlb.certificates.check`).
    """

    task: str
    params: dict
    excess_error: Fraction | float
    optimal_error: Fraction | float
    error_bound: Fraction | float
    lower: float
    upper: float
    certified: bool
    certificate: dict | None
    seconds: float
    status: str = ""
    sizes: dict = field(default_factory=dict)
    upper_certified: bool = True

    def to_json(self) -> dict:
        """The CLI JSON object (``lower``, ``upper`` and context)."""
        def num(v):
            return float(v)
        out = {"task": self.task, "params": {k: _plain(v) for k, v in self.params.items()},
               "excess_error": num(self.excess_error), "optimal_error": num(self.optimal_error),
               "error": num(self.error_bound), "lower": self.lower, "upper": self.upper,
               "certified": self.certified, "upper_certified": self.certified and self.upper_certified,
               "seconds": self.seconds, "status": self.status,
               "sizes": self.sizes}
        exact = {k: str(getattr(self, k)) for k in ("excess_error", "optimal_error", "error_bound")
                 if isinstance(getattr(self, k), Fraction)}
        out["exact"] = exact
        return out


def _plain(v):
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else str(v)
    return v if isinstance(v, (int, float, str, bool)) or v is None else str(v)


def memorization_frontier(task: Task, excess_error, gap: float = 1e-6,
                          progress: bool = False, method: str = "enumerate") -> FrontierResult:
    """The certified least memorization ``min I(X; M | P)`` at error ``<= err* + ε``.

    Parameters
    ----------
    task : Task
        A tiny task.
    excess_error : Fraction, int or float
        ``ε >= 0``.
    gap : float
        Target width of the bracket (bits).
    progress : bool
        Show solver progress.
    method : {"enumerate", "colgen"}
        ``"enumerate"`` builds the full ``|X| x |G|`` program; ``"colgen"`` uses
        conditional column generation over the separable distortion
        (:mod:`commlb.learning.frontier_colgen`), never storing ``D``; its upper bound
        is the float information of the restricted channel, its lower bound certified.

    Returns
    -------
    FrontierResult
        ``lower`` and ``upper`` (bits) with the certificate.

    Raises
    ------
    InvalidParameterError
        ``ε`` negative or not a number, an unknown method, or ``"colgen"`` on a float task.
    InstanceTooLargeError
        The program is too large.

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> r = memorization_frontier(get_task("next-symbol", d=1, N=1, n=1, delta=0), 1)
    >>> r.lower, r.upper
    (0.0, 0.0)

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1 (ε-suboptimal learners);
    DESIGN.md sec. 1 (the program).
    """
    import time

    eps = as_number(excess_error, "excess_error")
    if eps < 0:
        raise InvalidParameterError(f"excess_error must be >= 0, got {excess_error}")
    started = time.perf_counter()
    if method not in ("enumerate", "colgen"):
        raise InvalidParameterError(f"method {method!r} must be 'enumerate' or 'colgen'")
    if method == "colgen":
        from commlb.learning.frontier_colgen import frontier_colgen, separable_memorization_program

        program = separable_memorization_program(task)
        eps = Fraction(eps)
        bound = min(Fraction(1), program.optimal_error + eps)
        lower, upper, certified, certificate, status, sizes, upper_certified = frontier_colgen(
            task, bound, gap=gap, progress=progress, program=program)
        return FrontierResult(
            task=task.name, params=dict(task.params), excess_error=eps,
            optimal_error=program.optimal_error, error_bound=bound, lower=lower, upper=upper,
            certified=certified, certificate=certificate,
            seconds=time.perf_counter() - started, status=status, sizes=sizes,
            upper_certified=upper_certified)
    program = memorization_program(task)
    if task.exact:
        eps = Fraction(eps)  # a float is read as its exact binary value, so it can be certified
    bound = program.optimal_error + (eps if task.exact else float(eps))
    if isinstance(bound, Fraction) and bound > 1:
        bound = Fraction(1)
    from commlb.learning.frontier_solve import solve_program

    lower, upper, certified, certificate, status = solve_program(
        program, bound, gap=gap, progress=progress)
    sizes = {"classes": int(program.p_cx.shape[0]), "training_sets": int(program.D.shape[0]),
             "functions": int(program.D.shape[1])}
    return FrontierResult(
        task=task.name, params=dict(task.params), excess_error=eps,
        optimal_error=program.optimal_error, error_bound=bound, lower=lower, upper=upper,
        certified=certified, certificate=certificate,
        seconds=time.perf_counter() - started, status=status, sizes=sizes)

