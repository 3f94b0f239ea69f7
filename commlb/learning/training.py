"""Training sets ``X = (Z_1..Z_n)`` given ``P``: their exact law and the singleton slots.

Given ``P``, the examples are i.i.d., so ``Pr[X = x | P] = Π_i P(z_i)``.  A
symmetric learner sees only the multiset of ``X``, and the law of the multiset
is ``Pr[{x} | P] = (n! / Π_z k_z!) Π_z P(z)^{k_z}`` (multinomial weights,
``k_z`` = multiplicity of z); :class:`TrainingSets` enumerates either space.

:class:`Enumeration` holds, for a task, the joint masses
``W[P, x] = q(P)·Pr[X = x | P]`` and the posterior-predictive table
``A[x, u, y] = Σ_P W[P, x]·P(u, y)`` from which every Bayes-type learner and
the error of every prediction function follow.  In exact mode both are
integer numerators over one denominator (see :mod:`.masses`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import numpy as np

from commlb.errors import InstanceTooLargeError
from commlb.learning.masses import to_numerators
from commlb.learning.tasks import ENUMERATION_LIMIT, Task

__all__ = ["TrainingSets", "Enumeration", "enumerate_task", "singleton_slots"]


def singleton_slots(J: Iterable[int]) -> tuple[int, ...]:
    """The singleton slots ``S``: positions i whose subpopulation ``J_i`` occurs once.

    >>> singleton_slots([0, 1, 0, 2])
    (1, 3)
    """
    J = list(J)
    return tuple(i for i, j in enumerate(J) if J.count(j) == 1)


class TrainingSets:
    """The space of training sets over ``range(size)``: multisets or sequences.

    Parameters
    ----------
    size : int
        ``|Z|``, the number of possible examples.
    n : int
        Training-set size.
    symmetric : bool
        Multisets (sorted tuples, with multinomial multiplicities) or sequences.

    Examples
    --------
    >>> space = TrainingSets(3, 2, symmetric=True)
    >>> len(space), space.multiplicity.tolist()[:3]
    (6, [1, 2, 2])
    """

    def __init__(self, size: int, n: int, symmetric: bool) -> None:
        count = math.comb(size + n - 1, n) if symmetric else size**n
        if count > ENUMERATION_LIMIT:
            kind = "multisets" if symmetric else "sequences"
            raise InstanceTooLargeError(
                f"there are {count} training {kind} of {n} examples from {size} "
                f"(limit {ENUMERATION_LIMIT}); lower n or d, or use estimate_memorization")
        self.size, self.n, self.symmetric = size, n, symmetric
        if symmetric:
            combos = itertools.combinations_with_replacement(range(size), n)
            self.slots = np.array(list(combos), dtype=np.int64).reshape(-1, n)
            self.counts = np.zeros((len(self.slots), size), dtype=np.int64)
            for i in range(n):
                np.add.at(self.counts, (np.arange(len(self.slots)), self.slots[:, i]), 1)
            fact = np.array([math.factorial(k) for k in range(n + 1)], dtype=object)
            mult = np.full(len(self.slots), math.factorial(n), dtype=object)
            self.multiplicity = mult // np.prod(fact[self.counts], axis=1)
        else:
            grid = np.indices((size,) * n).reshape(n, -1).T
            self.slots = grid.astype(np.int64)
            self.counts = None
            self.multiplicity = np.ones(len(self.slots), dtype=object)
        self._keys = self._key(np.sort(self.slots, axis=1)) if symmetric else None

    def __len__(self) -> int:
        return len(self.slots)

    def _key(self, sorted_slots: np.ndarray) -> np.ndarray:
        powers = self.size ** np.arange(self.n - 1, -1, -1, dtype=np.int64)
        return sorted_slots @ powers  # first slot most significant: lexicographic order

    def index_of(self, sequences: np.ndarray) -> np.ndarray:
        """The multiset index of each sequence (rows of example indices)."""
        keys = self._key(np.sort(np.asarray(sequences, dtype=np.int64), axis=1))
        return np.searchsorted(self._keys, keys)


class Enumeration:
    """Exact joint masses of ``(P, X)`` for a task, over multisets or sequences.

    Attributes
    ----------
    laws : TaskLaws
        The data distributions ``P`` (equal mixtures merged).
    space : TrainingSets
    W, W_den : ndarray, int
        ``q(P)·Pr[X = x | P] = W[P, x] / W_den`` (floats with ``W_den = 1`` in float mode).
    A, A_den : ndarray, int
        ``Σ_P q(P) Pr[x | P] P(u, y) = A[x, u, y] / A_den``.
    """

    def __init__(self, task: Task, symmetric: bool = True) -> None:
        self.task, self.exact = task, task.exact
        self.laws = task.laws()
        self.inputs, self.labels, self.examples = task.inputs, task.labels, task.examples
        self.space = TrainingSets(len(self.examples), task.n, symmetric)
        size = len(self.laws) * len(self.space)
        if size > ENUMERATION_LIMIT * 10:
            raise InstanceTooLargeError(
                f"the joint law of (P, X) has {size} masses (limit {ENUMERATION_LIMIT * 10}); "
                "lower d, N or n, or use estimate_memorization")
        slots = self.space.slots
        if self.exact:
            ex, ex_den = to_numerators(self.laws.example)
            q, q_den = to_numerators(self.laws.prob)
            te, te_den = to_numerators(self.laws.test)
            W = q[:, None] * self.space.multiplicity[None, :]
            for i in range(task.n):
                W = W * ex[:, slots[:, i]]
            self.W, self.W_den = W, q_den * ex_den**task.n
        else:
            te, te_den = self.laws.test.astype(float), 1
            W = self.laws.prob.astype(float)[:, None] * self.space.multiplicity.astype(float)
            for i in range(task.n):
                W = W * self.laws.example.astype(float)[:, slots[:, i]]
            self.W, self.W_den = W, 1
        flat = te.reshape(len(self.laws), -1)
        A = self.W.T @ flat
        self.A = A.reshape(len(self.space), len(self.inputs), len(self.labels))
        self.A_den = self.W_den * te_den
        self.te_den = te_den
        self.p_x = self.W.sum(axis=0)

    def bayes_models(self, A: np.ndarray | None = None) -> np.ndarray:
        """The Bayes prediction function of each row of a predictive table.

        ``g(u) = argmax_y A[x, u, y]``; ties go to the smallest label index.
        """
        A = self.A if A is None else A
        if A.dtype == object:
            best = np.zeros(A.shape[:2], dtype=np.int64)
            top = A[:, :, 0].copy()
            for y in range(1, A.shape[2]):
                better = A[:, :, y] > top
                best[better] = y
                top = np.where(better, A[:, :, y], top)
            return best
        return np.argmax(A, axis=2)

    def error_numerators(self, rows: np.ndarray, models: np.ndarray) -> np.ndarray:
        """``p(x)·E_{P|x}[err_P(g)]`` over ``A_den`` for each pair (x = rows[k], g = models[k])."""
        U = np.arange(len(self.inputs))
        hit = self.A[rows[:, None], U[None, :], models]
        return self.p_x[rows] * self.te_den - hit.sum(axis=1)

    def optimal_error(self):
        """``err* = Σ_x p(x) − Σ_x Σ_u max_y A[x, u, y]`` (exact Fraction or float)."""
        best = self.A.max(axis=2).sum()
        num = self.p_x.sum() * self.te_den - best
        return _ratio(num, self.A_den, self.exact)


def _ratio(num, den, exact: bool):
    from fractions import Fraction

    return Fraction(int(num), int(den)) if exact else float(num) / den


_CACHE: dict[tuple[int, bool], Enumeration] = {}


def enumerate_task(task: Task, symmetric: bool = True) -> Enumeration:
    """The (cached) :class:`Enumeration` of a task."""
    key = (id(task), symmetric)
    cached = _CACHE.get(key)
    if cached is None or cached.task is not task:
        if len(_CACHE) > 16:
            _CACHE.clear()
        cached = _CACHE[key] = Enumeration(task, symmetric)
    return cached
