"""The memorization frontier: the least ``I(X; M | P)`` of any ε-suboptimal learner.

docs/architecture.md, "One program": any model can be replaced by its prediction function
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
from commlb.ic import methods as _registered  # noqa: F401  (the registered methods, in order)
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.ic.registry import REGISTRY, Method, register, solve
from commlb.ic.statement import Statement
from commlb.learning.frontier_colgen import separable_memorization_program
from commlb.learning.tasks import ENUMERATION_LIMIT, Task, as_number
from commlb.learning.training import enumerate_task
from commlb.numbers import Interval

__all__ = ["MemorizationProgram", "memorization_program", "FrontierResult", "FrontierProblem",
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
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1; docs/architecture.md, "One program".
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
    method: str = ""
    success: bool = True
    stats: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The CLI JSON object (``lower``, ``upper`` and context)."""
        def num(v):
            return float(v)
        out = {"task": self.task, "params": {k: _plain(v) for k, v in self.params.items()},
               "excess_error": num(self.excess_error), "optimal_error": num(self.optimal_error),
               "error": num(self.error_bound), "lower": self.lower, "upper": self.upper,
               "certified": self.certified, "upper_certified": self.certified and self.upper_certified,
               "seconds": self.seconds, "status": self.status,
               "sizes": self.sizes, "method": self.method, "success": self.success,
               "stats": self.stats}
        exact = {k: str(getattr(self, k)) for k in ("excess_error", "optimal_error", "error_bound")
                 if isinstance(getattr(self, k), Fraction)}
        out["exact"] = exact
        return out


def _plain(v):
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else str(v)
    return v if isinstance(v, (int, float, str, bool)) or v is None else str(v)


class FrontierProblem:
    """The frontier program of a task as the ``conditional`` statement of :mod:`commlb.ic`.

    Offers what the registered methods ask for: ``separable_program()`` (column
    generation), ``dense_program()`` (enumeration), ``num_functions`` and the sizes.
    """

    def __init__(self, task: Task) -> None:
        self.task = task
        self.name = task.name
        self.params = dict(task.params)
        self._enum = None
        self._separable = None

    def _enumerated(self):
        if self._enum is None:
            self._enum = enumerate_task(self.task, symmetric=True)
        return self._enum

    @property
    def num_functions(self) -> int:
        """``|labels|^|inputs|`` prediction functions."""
        enum = self._enumerated()
        return len(enum.labels) ** len(enum.inputs)

    @property
    def training_sets(self) -> int:
        """Training multisets of positive probability."""
        return int(np.count_nonzero(self._enumerated().p_x))

    def separable_program(self):
        """The program in separable form (:func:`.frontier_colgen.separable_memorization_program`)."""
        if self._separable is None:
            self._separable = separable_memorization_program(self.task)
        return self._separable

    @property
    def optimal_error(self) -> Fraction:
        """``err* = Σ_x p(x) min_g D[x, g]``."""
        return self.separable_program().optimal_error

    def dense_program(self) -> MemorizationProgram:
        """The program with every prediction function listed (:func:`memorization_program`)."""
        return memorization_program(self.task)


def _enumerate_can_run(statement) -> tuple[bool, str]:
    frontier = statement.problem
    entries = frontier.num_functions * frontier.training_sets
    if entries > ENUMERATION_LIMIT:
        return False, (f"{frontier.training_sets} training sets x {frontier.num_functions} "
                       f"prediction functions = {entries} entries, above {ENUMERATION_LIMIT}")
    return True, ""


def _enumerate_run(statement, gap: float = 1e-6, progress: bool = False):
    import time

    from commlb.learning.frontier_solve import solve_program

    started = time.perf_counter()
    program = statement.problem.dense_program()
    bound = min(Fraction(1), program.optimal_error + statement.error)
    lower, upper, _, certificate, status = solve_program(program, bound, gap=gap,
                                                        progress=progress)
    bracket = Bracket(Interval(lower, lower), Interval(upper, upper), certificate,
                      int(program.D.shape[1]), 0, time.perf_counter() - started, status)
    return to_result(bracket, statement, "enumerate", gap)


ENUMERATE = register(Method(
    "enumerate", ("conditional",), _enumerate_can_run, _enumerate_run,
    "every prediction function listed: Blahut–Arimoto and certify (the conditional dual)"),
    before="conditional-colgen") if not any(
        m.name == "enumerate" and "conditional" in m.objectives for m in REGISTRY) else None


def memorization_frontier(task: Task, excess_error, gap: float = 1e-6,
                          progress: bool = False, method="auto") -> FrontierResult:
    """The certified least memorization ``min I(X; M | P)`` at error ``<= err* + ε``.

    Parameters
    ----------
    task : Task
        A tiny task with rational parameters.
    excess_error : Fraction, int, float or str
        ``ε >= 0`` (floats read as their shortest decimal: 0.05 is 1/20).
    gap : float
        Target width of the bracket (bits).
    progress : bool
        Show solver progress.
    method : str or callable
        ``"auto"`` (default) or a method of the ``conditional`` objective in
        :mod:`commlb.ic.registry`: ``"enumerate"`` (every prediction function) or
        ``"conditional-colgen"`` (column generation over the separable distortion,
        never storing ``D``).

    Returns
    -------
    FrontierResult
        ``lower`` and ``upper`` (bits) with the certificate; the same fields as
        :class:`commlb.ic.ICResult` (``method``, ``success``, ``stats``).

    Raises
    ------
    InvalidParameterError
        ``ε`` negative or not a number, an unknown method.
    InstanceTooLargeError
        No method can take the program (one line with each method's reason).

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> r = memorization_frontier(get_task("next-symbol", d=1, N=1, n=1, delta=0), 1)
    >>> r.lower, r.upper, r.method
    (0.0, 0.0, 'enumerate')

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1 (ε-suboptimal learners);
    ``proofs/column_generation/conditional_dual.md``.
    """
    eps = as_number(excess_error, "excess_error")
    if eps < 0:
        raise InvalidParameterError(f"excess_error must be >= 0, got {excess_error}")
    frontier = FrontierProblem(task)
    result = solve(Statement(frontier, "conditional", eps), method, gap=gap, progress=progress)
    program_optimal = frontier.optimal_error
    # the certificate states the frontier program it embeds and its excess error, both
    # checked; the task is not named there (the checker cannot rebuild a task's program)
    statement = result.certificate["statement"]
    statement.update(objective="memorization-frontier",
                     excess_error=str(Fraction(statement["error"]) - program_optimal))
    sizes = {"classes": None, "training_sets": frontier.training_sets,
             "functions": frontier.num_functions, "columns": result.stats.get("columns"),
             "rounds": result.stats.get("rounds")}
    return FrontierResult(
        task=task.name, params=dict(task.params), excess_error=eps,
        optimal_error=program_optimal, error_bound=min(Fraction(1), program_optimal + eps),
        lower=result.lower, upper=result.upper, certified=True, certificate=result.certificate,
        seconds=result.seconds, status=result.status, sizes=sizes,
        upper_certified=result.upper_certified, method=result.method, success=result.success,
        stats=dict(result.stats))

