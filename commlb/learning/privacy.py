r"""The least excess error of differentially private learners, certified exactly.

A learner is (ε, δ)-differentially private when its channel to prediction
functions satisfies ``Σ_{g ∈ S} Q(g | x) <= e^ε·Σ_{g ∈ S} Q(g | x') + δ`` for every
set S of prediction functions and every pair of training sets x, x' that differ
in one example, i.e. ``Σ_g max(0, Q(g | x) − e^ε Q(g | x')) <= δ`` (post-processing:
any model can be read through the prediction function it induces, so these
channels are all the private learners).  On a tiny task the
least excess error ``min_Q err(Q) − err*`` over private channels is a linear
program; :func:`private_excess_error` solves it (HiGHS through scipy) and
certifies both ends in exact rationals: Lagrange multipliers of the privacy
constraints below (weak duality), a private rational channel above (S13 of
``proofs/INDEX.md``; ``proofs/privacy/README.md``).

The paper's corollary runs through memorization: an ε-DP learner has
``I(X; M | P) <= n·ε·log2(e)`` (each example moves the model's law by at most
``ε`` nats of divergence), so a learner whose error is at most ``err* + η``
where the memorization frontier exceeds that budget cannot be ε-DP.
:func:`memorization_privacy_bound` turns certified frontier values into that lower
bound on the private excess error.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021 (the corollary for private
learners); Dwork, McSherry, Nissim, Smith, TCC 2006 (differential privacy).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from commlb.certificates import envelope, seal
from commlb.certificates.programs import exp_bounds, read_statement
from commlb.certificates.programs import private_program as read_program
from commlb.certificates.witnesses.dp_channel import channel_excess
from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.learning.tasks import Task
from commlb.learning.training import enumerate_task
from commlb.numbers import as_rational

__all__ = ["PrivacyResult", "private_excess_error", "private_program",
           "memorization_privacy_bound", "task_error_of_constant", "MAX_FUNCTIONS", "MAX_ENTRIES",
           "MAX_CONSTRAINTS"]

MAX_FUNCTIONS = 2**12  # prediction functions |labels|^|inputs|
MAX_ENTRIES = 2**14  # training sets x prediction functions (LP variables)
MAX_CONSTRAINTS = 2**18  # neighbouring pairs x prediction functions
SCALE = 2**40  # the grid of the rational multipliers and channel counts
#: ``log2(e) <= 1.4427`` (an upper bound keeps the privacy budget of information valid)
LOG2_E_CEIL = Fraction(14427, 10000)


@dataclass(frozen=True)
class PrivacyResult:
    """A certified bracket on the least excess error of (ε, δ)-DP learners.

    Attributes
    ----------
    lower, upper : Fraction
        ``lower <= min {err(A) − err* : A is (ε, δ)-DP} <= upper``, both exact.
    epsilon, delta : Fraction
    optimal_error : Fraction
        ``err*`` of all learners (the Bayes learner, which is not private).
    error_upper : Fraction
        ``err`` of the private channel that attains ``upper``.
    certificate : dict
        The envelope (``commlb.certificates.check`` re-verifies it).
    stats : dict
        Sizes (training sets, prediction functions, neighbouring pairs) and seconds.
    """

    lower: Fraction
    upper: Fraction
    epsilon: Fraction
    delta: Fraction
    optimal_error: Fraction
    error_upper: Fraction
    certificate: dict
    stats: dict = field(default_factory=dict)

    @property
    def width(self) -> Fraction:
        """``upper − lower``."""
        return self.upper - self.lower

    def to_json(self) -> dict:
        """The ``commlb privacy --json`` object: exact values as ``"p/q"`` with floats beside."""
        def exact(v: Fraction) -> dict:
            return {"exact": str(v), "float": float(v)}

        return {"quantity": "min err(A) - err* over (epsilon, delta)-DP learners A",
                "kind": "certified", "epsilon": str(self.epsilon), "delta": str(self.delta),
                "lower": exact(self.lower), "upper": exact(self.upper),
                "optimal_error": exact(self.optimal_error),
                "private_error_upper": exact(self.error_upper), "stats": self.stats}


def private_program(task: Task, epsilon, delta=0) -> dict:
    """The linear program of S13 for ``task``: cost numerators, denominator, neighbours.

    Parameters
    ----------
    task : Task
        An exact tiny task (sequences of training examples are enumerated).
    epsilon, delta
        The privacy parameters (read by :func:`commlb.numbers.as_rational`).

    Returns
    -------
    dict
        ``{"epsilon", "delta", "cost", "denominator", "neighbours"}``: ``cost[x][g]``
        is the numerator of ``Pr[X = x]·E[err of g | X = x]`` over ``denominator``;
        ``neighbours`` lists the ordered pairs of training-set indices that differ
        in one slot.  This is the embedded program of the certificate.

    Raises
    ------
    InvalidParameterError
        If ε or δ is out of range or the task is not exact.
    InstanceTooLargeError
        Above :data:`MAX_FUNCTIONS` prediction functions, :data:`MAX_ENTRIES` variables or
        :data:`MAX_CONSTRAINTS` privacy constraints (refused before anything is built).

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> prog = private_program(get_task("next-symbol", d=1, N=1, n=1, delta=0), 1)
    >>> len(prog["cost"]), len(prog["cost"][0]), prog["neighbours"]
    (2, 2, [[0, 1], [1, 0]])
    """
    epsilon, delta = _privacy(epsilon, delta)
    if not task.exact:
        raise InvalidParameterError("private_excess_error needs an exact task (rational "
                                    "parameters)")
    inputs, labels = len(task.inputs), len(task.labels)
    functions = labels ** inputs
    if functions > MAX_FUNCTIONS:
        raise InstanceTooLargeError(
            f"{labels}^{inputs} = {functions} prediction functions, above the limit "
            f"{MAX_FUNCTIONS}; take a smaller d")
    enum = enumerate_task(task, symmetric=False)
    sets = len(enum.space)
    if sets * functions > MAX_ENTRIES:
        raise InstanceTooLargeError(
            f"{sets} training sets x {functions} prediction functions = {sets * functions} "
            f"variables, above the limit {MAX_ENTRIES}; take a smaller d, N or n")
    pairs_count = sets * task.n * (len(enum.examples) - 1)
    if pairs_count * functions > MAX_CONSTRAINTS:
        raise InstanceTooLargeError(
            f"{pairs_count} neighbouring pairs x {functions} prediction functions = "
            f"{pairs_count * functions} privacy constraints, above the limit {MAX_CONSTRAINTS}; "
            "take a smaller d, N or n")
    digits = (np.arange(functions)[:, None] // labels ** np.arange(inputs)[None, :]) % labels
    rows = np.repeat(np.arange(sets), functions)
    cost = enum.error_numerators(rows, np.tile(digits, (sets, 1))).reshape(sets, functions)
    size, n = len(enum.examples), task.n
    slots = enum.space.slots
    place = size ** np.arange(n - 1, -1, -1)
    pairs = [[int(x), int(x + (z - slots[x, i]) * place[i])]
             for x in range(sets) for i in range(n) for z in range(size) if z != slots[x, i]]
    return {"epsilon": str(epsilon), "delta": str(delta),
            "cost": [[str(int(v)) for v in row] for row in cost],
            "denominator": str(int(enum.A_den)), "neighbours": pairs}


def private_excess_error(task: Task, epsilon, delta=0) -> PrivacyResult:
    r"""``min {err(A) − err* : A is (ε, δ)-DP}``: a certified exact bracket.

    Solves the linear program over channels ``Q(g | x)`` from training sets to
    prediction functions with ``Σ_g max(0, Q(g | x) − e^ε Q(g | x')) <= δ`` for
    neighbouring x, x' (S13; for δ = 0, ``Q(g | x) <= e^ε Q(g | x')``), and certifies
    it exactly: the rounded dual gives the lower end by weak duality with
    ``E >= e^ε``, the rounded primal, mixed with the uniform channel until it is
    private with ``E <= e^ε``, the upper end.

    Parameters
    ----------
    task : Task
        An exact tiny task.
    epsilon : number
        ``ε >= 0`` (at most 20).
    delta : number
        ``δ`` in [0, 1].

    Returns
    -------
    PrivacyResult

    Raises
    ------
    InvalidParameterError, InstanceTooLargeError

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> task = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    >>> r = private_excess_error(task, 0)   # ε = 0: the model cannot depend on the data
    >>> r.lower == r.upper == task_error_of_constant(task) - r.optimal_error
    True

    References
    ----------
    Dwork et al., TCC 2006; Brown et al., STOC 2021 (private learners must err);
    proofs/privacy/README.md.
    """
    started = time.perf_counter()
    program = private_program(task, epsilon, delta)
    eps, dlt = Fraction(program["epsilon"]), Fraction(program["delta"])
    cost = np.array([[int(v) for v in row] for row in program["cost"]], dtype=object)
    den = int(program["denominator"])
    pairs = np.array(program["neighbours"], dtype=np.int64).reshape(-1, 2)
    sets, functions = cost.shape
    y, q = _solve(cost.astype(float) / den, pairs, float(exp_bounds(eps)[0]), float(dlt))
    lower_wit = {"type": "dp-dual", "scale": SCALE,
                 "multipliers": [[int(p), int(g), int(v)] for (p, g), v in np.ndenumerate(y)
                                 if v > 0]}
    counts = np.floor(np.clip(q, 0, None) * SCALE).astype(np.int64)
    counts[counts.sum(axis=1) == 0] = 1
    statement = {"objective": "private-excess-error", "program": program}
    read = read_program(read_statement(statement))
    upper_wit = {"type": "dp-channel", "rows": [[int(v) for v in row] for row in counts],
                 "mix": str(_mixing(read, counts))}
    cert = envelope(statement, lower_wit, upper_wit, 0.0, None)
    verdict = seal(cert)  # the checker's own evaluation writes the claim, rounded outward
    if not verdict.valid:
        raise RuntimeError(f"commlb bug: the privacy certificate is refused: {verdict.reason}")
    lower, upper = verdict.lower_exact.rational, verdict.upper_exact.rational
    stats = {"training_sets": sets, "prediction_functions": functions,
             "neighbouring_pairs": len(pairs), "seconds": time.perf_counter() - started}
    return PrivacyResult(lower, upper, eps, dlt, read.optimal_error,
                         upper + read.optimal_error, cert, stats)


def _privacy(epsilon, delta) -> tuple[Fraction, Fraction]:
    eps = as_rational(epsilon, "epsilon")
    dlt = as_rational(delta, "delta")
    if not 0 <= eps <= 20:
        raise InvalidParameterError(f"epsilon must lie in [0, 20] (got {eps})")
    if not 0 <= dlt <= 1:
        raise InvalidParameterError(f"delta must lie in [0, 1] (got {dlt})")
    return eps, dlt


def _solve(cost: np.ndarray, pairs: np.ndarray, e: float, delta: float):
    """Float LP (HiGHS): multipliers ``y[p, g] >= 0`` (scaled) and the channel ``Q``.

    Variables ``Q`` (|X|·|G|) and, for δ > 0, the privacy losses ``s[p, g] >= 0``:
    ``Q(g | x) − e·Q(g | x') − s[p, g] <= 0`` and ``Σ_g s[p, g] <= δ``.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack

    sets, functions = cost.shape
    n_pairs = len(pairs)
    n_q, n_s = sets * functions, (n_pairs * functions if delta > 0 else 0)
    rows = np.arange(n_pairs * functions)
    g = np.tile(np.arange(functions), n_pairs)
    p = np.repeat(np.arange(n_pairs), functions)
    data = [np.ones(rows.size), np.full(rows.size, -e)]
    cols = [pairs[p, 0] * functions + g, pairs[p, 1] * functions + g]
    if n_s:
        data.append(-np.ones(rows.size))
        cols.append(n_q + rows)
    main = coo_matrix((np.concatenate(data), (np.tile(rows, len(data)), np.concatenate(cols))),
                      shape=(rows.size, n_q + n_s))
    b_ub = np.zeros(rows.size)
    if n_s:
        budget = coo_matrix((np.ones(n_s), (p, n_q + rows)), shape=(n_pairs, n_q + n_s))
        main, b_ub = vstack([main, budget]), np.concatenate([b_ub, np.full(n_pairs, delta)])
    a_eq = coo_matrix((np.ones(n_q), (np.repeat(np.arange(sets), functions), np.arange(n_q))),
                      shape=(sets, n_q + n_s))
    objective = np.concatenate([cost.ravel(), np.zeros(n_s)])
    res = linprog(objective, A_ub=main.tocsr() if n_pairs else None,
                  b_ub=b_ub if n_pairs else None, A_eq=a_eq.tocsr(), b_eq=np.ones(sets),
                  bounds=(0, None), method="highs",
                  options={"primal_feasibility_tolerance": 1e-10,
                           "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:  # the uniform channel is always feasible: this is a solver failure
        raise RuntimeError(f"commlb bug: the privacy LP did not solve ({res.message})")
    marginals = -res.ineqlin.marginals[:rows.size] if n_pairs else np.zeros(0)
    y = np.floor(np.clip(marginals, 0, None) * SCALE).astype(np.int64)
    return y.reshape(n_pairs, functions), res.x[:n_q].reshape(sets, functions)


def _mixing(program, counts: np.ndarray) -> Fraction:
    """The least weight ``t`` (on a grid) of the uniform channel that makes the rounded one private.

    With ``a_g = Q(g|x) − E Q(g|x')`` and ``c = (E − 1)/|G|``, the mixture has losses
    ``(1 − t)·a_g − t·c``; the smallest grid ``t`` with ``Σ_g max(0, ·) <= δ`` on every
    pair is found in floats and then checked exactly (raised until it holds).
    """
    sets, functions = counts.shape
    q = counts / counts.sum(axis=1, keepdims=True)
    e, delta = float(program.e_lower), float(program.delta)
    a = q[program.neighbours[:, 0]] - e * q[program.neighbours[:, 1]]
    c = (e - 1) / functions

    def loss(t: float) -> float:
        return float(np.clip((1 - t) * a - t * c, 0, None).sum(axis=1).max(initial=0.0))

    lo, hi = 0.0, 1.0  # bisection in floats; the exact check below has the last word
    if loss(0.0) <= delta * (1 - 1e-9):
        hi = 0.0
    for _ in range(60 if hi else 0):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if loss(mid) <= delta * (1 - 1e-9) else (mid, hi)
    t = hi
    mix = Fraction(math.ceil(t * SCALE), SCALE)
    while mix < 1 and not _private_exactly(program, counts, mix):
        mix = min(Fraction(1), 2 * mix + Fraction(1, SCALE))
    return mix


def _private_exactly(program, counts: np.ndarray, mix: Fraction) -> bool:
    from commlb.certificates.kernel import Refuted

    wit = {"type": "dp-channel", "rows": [[int(v) for v in row] for row in counts],
           "mix": str(mix)}
    try:
        channel_excess(program, wit)
    except Refuted:
        return False
    return True


def memorization_privacy_bound(task: Task, epsilon, levels: Iterable = (0, "1/40", "1/20",
                                                                        "1/10")) -> dict:
    r"""A lower bound on the private excess error that follows from memorization (ε-DP).

    An ε-DP learner has ``I(X; M | P) <= n·ε·log2(e)`` (bits): given ``P`` the
    examples are independent, and changing one of them moves the law of ``M`` by at
    most ``ε`` nats of divergence.  So at any excess error ``η`` where the
    certified memorization frontier exceeds that budget, every ε-DP learner has
    excess error ``> η``.  Returns the largest such ``η`` among ``levels``.

    Parameters
    ----------
    task : Task
    epsilon : number
    levels : iterable of numbers
        Excess-error levels at which the frontier is certified.

    Returns
    -------
    dict
        ``budget`` (``n·ε·1.4427`` bits, at least ``n·ε·log2 e``), the frontier's certified
        lower end at each level, and ``excess_error_above`` (the largest level whose
        frontier exceeds the budget, or None).

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> task = get_task("next-symbol", d=2, N=2, n=2, delta="1/4")
    >>> out = memorization_privacy_bound(task, "1/4", levels=[0])
    >>> round(out["budget_bits"], 4), round(out["levels"][0]["frontier_lower"], 4)
    (0.7214, 1.3525)
    >>> out["excess_error_above"]   # so every (1/4)-DP learner errs more than err*
    '0'

    References
    ----------
    Brown et al., STOC 2021 (the corollary: private learners cannot be near optimal).
    """
    from commlb.learning.frontier import memorization_frontier

    eps, _ = _privacy(epsilon, 0)
    budget = task.n * eps * LOG2_E_CEIL
    rows, above = [], None
    for level in sorted({as_rational(v, "an excess-error level") for v in levels}):
        front = memorization_frontier(task, level)
        rows.append({"excess_error": str(level), "frontier_lower": front.lower,
                     "frontier_upper": front.upper})
        if front.lower > float(budget) * (1 + 1e-12):
            above = level
    return {"budget_bits": float(budget), "epsilon": str(eps), "n": task.n, "levels": rows,
            "excess_error_above": None if above is None else str(above)}


def task_error_of_constant(task: Task) -> Fraction:
    """The least error of a learner that ignores its data (the best constant prediction function).

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> task_error_of_constant(get_task("next-symbol", d=1, N=1, n=1, delta=0))
    Fraction(1, 2)
    """
    from commlb.learning.measures import memorization

    return Fraction(memorization(task, learner="constant", singletons=False).error)
