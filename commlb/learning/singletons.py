"""Information about parts of the training set: single slots and the singleton slots.

For a view ``V = f(X)`` of the training set (a slot ``Z_i``, or the examples
``X_s`` in a set of slots ``s``) the learner's output ``M`` depends on ``X``
only, so ``I(V; M | P) = H(P,V) + H(P,M) − H(P,V,M) − H(P)`` computed from the
joint masses of ``(P, V, M)``.  Unnormalised masses of total ``T`` give ``T``
times the conditional information, which is how ``Σ_s Pr[S = s]·I(...)`` is
accumulated over the events ``S = s``.

References: Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1 (singletons).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np

from commlb.info import Exact
from commlb.learning.learners import Channel
from commlb.learning.masses import EntropySum, grouped_columns, keyed_product, to_numerators
from commlb.learning.tasks import Task
from commlb.learning.training import Enumeration, TrainingSets, singleton_slots

__all__ = ["view_information", "slot_information", "singleton_information"]


def view_information(W: np.ndarray, den: int, channel: Channel, view: np.ndarray | None,
                     info: EntropySum, entropy: EntropySum | None = None) -> None:
    """Add ``T·I(V; M | P)`` (and ``T·H(V | P)``) for masses ``W[P, x]`` of total ``T``.

    ``view[x]`` is the integer code of ``V`` at training set ``x``; ``None``
    means ``V = X``.  ``den`` is the denominator of ``W``.
    """
    rows, cols, vals = channel.rows, channel.cols, channel.vals
    full = den * channel.den
    PM = keyed_product(W, rows, cols, vals, len(channel.models))
    P = W.sum(axis=1)
    info.add(PM, full, +1)
    if view is None:
        p_x = W.sum(axis=0)
        info.add(p_x[rows] * vals, full, -1)
        info.add(p_x, den, +1)
        info.add(P, den, -1)
        if entropy is not None:
            entropy.add(W, den, +1)
            entropy.add(P, den, -1)
        return
    codes, view_index = np.unique(view, return_inverse=True)
    view_index = view_index.ravel()
    PV = grouped_columns(W, view_index, len(codes))
    keys = view_index[rows] * len(channel.models) + cols
    _, key_index = np.unique(keys, return_inverse=True)
    PVM = keyed_product(W, rows, key_index.ravel(), vals, int(key_index.max()) + 1)
    info.add(PV, den, +1)
    info.add(PVM, full, -1)
    info.add(P, den, -1)
    if entropy is not None:
        entropy.add(PV, den, +1)
        entropy.add(P, den, -1)


def slot_information(enum: Enumeration, channel: Channel, i: int) -> Exact | float:
    """``I(Z_i; M | P)`` for a channel on the sequence space of ``enum``."""
    acc = EntropySum(enum.exact)
    view_information(enum.W, enum.W_den, channel, enum.space.slots[:, i], acc)
    return acc.value()


def singleton_information(task: Task, channel: Channel) -> tuple[Exact | float, Exact | float]:
    """``I(X_S; M | P, S)`` and ``H(X_S | P, S)`` for a channel on training sequences.

    Enumerates the component tuples ``P`` (not merged: ``S`` depends on the
    latent subpopulations), the assignments ``J ∈ [N]^n`` with weight
    ``Π w_{J_i}``, and the sequences ``x``, grouped by the singleton set
    ``S(J)`` (:func:`commlb.learning.training.singleton_slots`).
    """
    tuples, prob, sub, _ = task.raw_laws()
    n, N = task.n, task.N
    space = TrainingSets(sub.shape[2], n, symmetric=False)
    if task.exact:
        sub_i, sub_den = to_numerators(sub)
        q_i, q_den = to_numerators(prob)
        w_i, w_den = to_numerators(np.array(task.weights, dtype=object))
    else:
        sub_i, sub_den = sub.astype(float), 1
        q_i, q_den = prob.astype(float), 1
        w_i, w_den = np.array(task.weights, dtype=float), 1
    groups: dict[tuple[int, ...], list[tuple[int, ...]]] = defaultdict(list)
    for J in itertools.product(range(N), repeat=n):
        if all(w_i[j] for j in J):
            groups[singleton_slots(J)].append(J)
    den = q_den * w_den**n * sub_den**n
    info, entropy = EntropySum(task.exact), EntropySum(task.exact)
    slots = space.slots
    for s, assignments in groups.items():
        if not s:
            continue
        W = None
        for J in assignments:
            term = q_i * math.prod(w_i[j] for j in J)
            masses = term[:, None] * sub_i[:, J[0], slots[:, 0]]
            for k in range(1, n):
                masses = masses * sub_i[:, J[k], slots[:, k]]
            W = masses if W is None else W + masses
        if len(s) == n:
            view = None
        else:
            powers = space.size ** np.arange(len(s), dtype=np.int64)
            view = slots[:, list(s)] @ powers
        view_information(W, den, channel, view, info, entropy)
    return info.value(), entropy.value()
