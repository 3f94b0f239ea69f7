"""Exact error and memorization of a learner on a task (``commlb.learning.memorization``).

All quantities are in bits and are exact (:class:`commlb.info.Exact`, or
``Fraction`` for errors) when the task's parameters are rational, floats
otherwise.  With ``M`` the learner's output (a prediction function):

* ``err = E_{P,X,M} Pr_{(u,y)~P}[M(u) != y]`` and ``err* = min_A err(A)``
  (attained by the Bayes-optimal learner); excess error ``err − err*``;
* memorization ``I(X; M | P)`` and the entropy ``H(X | P) = n·E_P H(Z | P)``;
* per-example ``I(Z_i; M | P)``;
* the singleton form (see :func:`memorization` for the definition).

References: Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from commlb.info import Exact
from commlb.learning.learners import Channel, Learner, get_learner
from commlb.learning.masses import EntropySum, grouped_columns, keyed_product, to_numerators
from commlb.learning.singletons import singleton_information
from commlb.learning.tasks import Task
from commlb.learning.training import Enumeration, TrainingSets, enumerate_task

__all__ = ["MemorizationResult", "memorization", "learner_error", "conditional_information"]

Value = Exact | Fraction | float


@dataclass
class MemorizationResult:
    """Error and memorization of one learner on one task (bits; exact when rational).

    Attributes
    ----------
    error, optimal_error, excess_error : Fraction or float
        ``err``, ``err*`` and ``err − err*``.
    memorization_bits : Exact or float
        ``I(X; M | P)``.
    entropy_bits : Exact or float
        ``H(X | P)``.
    singleton_memorization_bits : Exact or float
        ``I(X_S; M | P, S)`` (see :func:`memorization`).
    singleton_entropy_bits : Exact or float
        ``H(X_S | P, S)``.
    per_example_bits : list
        ``I(Z_i; M | P)`` for ``i = 1..n``.
    """

    task: str
    learner: str
    params: dict
    error: Value
    optimal_error: Value
    excess_error: Value
    memorization_bits: Value
    entropy_bits: Value
    singleton_memorization_bits: Value | None
    singleton_entropy_bits: Value | None
    per_example_bits: list = field(default_factory=list)
    exact: bool = True

    def to_json(self) -> dict:
        """The CLI JSON object: floats, plus an ``exact`` string form where exact."""
        keys = ("error", "optimal_error", "excess_error", "memorization_bits", "entropy_bits",
                "singleton_memorization_bits", "singleton_entropy_bits")
        out: dict = {"task": self.task, "learner": self.learner,
                     "params": {k: _jsonable(v) for k, v in self.params.items()}}
        exact_forms = {}
        for key in keys:
            value = getattr(self, key)
            out[key] = None if value is None else float(value)
            if isinstance(value, (Exact, Fraction)):
                exact_forms[key] = str(value)
        out["per_example_bits"] = [float(v) for v in self.per_example_bits]
        out["exact"] = exact_forms
        return out


def _jsonable(value):
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else int(value)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)


def learner_error(enum: Enumeration, channel: Channel) -> Value:
    """``err = Σ_x Σ_m Q(m|x) p(x) E_{P|x} err_P(m)`` (exact Fraction or float)."""
    cost = enum.error_numerators(channel.rows, channel.models[channel.cols])
    total = (cost * channel.vals).sum()
    if enum.exact:
        return Fraction(int(total), int(enum.A_den * channel.den))
    return float(total) / (enum.A_den * channel.den)


def _joint(enum: Enumeration, channel: Channel, keys: np.ndarray, weights=None) -> np.ndarray:
    """``J[P, k] = Σ_{nonzeros with key k} W[P, x]·val·weight`` (numerators)."""
    vals = channel.vals if weights is None else channel.vals * weights
    nk = int(keys.max()) + 1 if len(keys) else 0
    return keyed_product(enum.W, channel.rows, keys, vals, nk)


def conditional_information(enum: Enumeration, channel: Channel) -> Value:
    """``I(X; M | P) = H(M | P) − H(M | X, P)`` for a channel on the enumeration's space.

    On multisets this equals ``I(X; M | P)`` for the sequence ``X`` because the
    channel depends on ``X`` only through its multiset.
    """
    acc = EntropySum(enum.exact)
    den = enum.W_den * channel.den
    PM = _joint(enum, channel, channel.cols)
    acc.add(PM, den, +1)                                    # H(P, M)
    acc.add(PM.sum(axis=1), den, -1)                        # − H(P)
    XM = enum.p_x[channel.rows] * channel.vals              # masses of (X, M)
    acc.add(XM, den, -1)                                    # − H(X, M)
    acc.add(enum.p_x, enum.W_den, +1)                       # + H(X)
    return acc.value()


def entropy_of_training_set(task: Task, enum: Enumeration) -> Value:
    """``H(X | P) = n · Σ_P q(P) H(Z | P)`` (examples are i.i.d. given P)."""
    acc = EntropySum(enum.exact)
    if enum.exact:
        ex, ex_den = to_numerators(enum.laws.example)
        q, q_den = to_numerators(enum.laws.prob)
        acc.add(q[:, None] * ex, q_den * ex_den, +1)
        acc.add(q, q_den, -1)
    else:
        acc.add(enum.laws.prob[:, None] * enum.laws.example, 1, +1)
        acc.add(enum.laws.prob, 1, -1)
    return acc.value() * task.n


def per_example_information(enum: Enumeration, channel: Channel) -> Value:
    """``I(Z_1; M | P)`` for a symmetric learner (the same for every slot).

    Given the multiset, slot 1 holds example ``z`` with probability ``k_z/n``
    independently of ``M``, so ``p(P, z, m) = Σ_x W[P, x]·(k_z(x)/n)·Q(m|x)``.
    """
    counts = enum.space.counts
    nz_rows, nz_z = np.nonzero(counts[channel.rows])
    expanded = Channel(channel.models, channel.rows[nz_rows], channel.cols[nz_rows],
                       channel.vals[nz_rows], channel.den)
    weight = counts[channel.rows[nz_rows], nz_z]
    weight = weight.astype(object) if enum.exact else weight.astype(float)
    M = len(channel.models)
    keys = nz_z * M + expanded.cols
    _, keys = np.unique(keys, return_inverse=True)
    keys = keys.ravel()
    PZM = _joint(enum, expanded, keys, weight)
    z_of_key = np.zeros(PZM.shape[1], dtype=np.int64)
    m_of_key = np.zeros(PZM.shape[1], dtype=np.int64)
    z_of_key[keys] = nz_z
    m_of_key[keys] = expanded.cols
    den = enum.W_den * channel.den * enum.task.n
    acc = EntropySum(enum.exact)
    acc.add(grouped_columns(PZM, z_of_key, len(enum.examples)), den, +1)  # H(P, Z)
    acc.add(grouped_columns(PZM, m_of_key, M), den, +1)                    # H(P, M)
    acc.add(PZM, den, -1)                                                   # − H(P, Z, M)
    acc.add(PZM.sum(axis=1), den, -1)                                       # − H(P)
    return acc.value()


def memorization(task: Task, learner: str | Learner = "bayes-optimal",
                 singletons: bool = True) -> MemorizationResult:
    """Exact error and memorization ``I(X; M | P)`` of a learner on a task.

    Parameters
    ----------
    task : Task
        From :func:`commlb.learning.get_task`; tiny parameters (everything is enumerated).
    learner : str, Learner or callable
        A built-in name (``"bayes-optimal"``, ``"constant"``, ``"nearest-neighbour"``,
        ``"forgetful(b)"``, ``"noisy-memorizer(eta)"``) or a user learner.
    singletons : bool
        Also compute the singleton form (enumerates component tuples and sequences).

    Returns
    -------
    MemorizationResult
        ``err``, ``err*``, ``err − err*``, ``I(X; M | P)``, ``H(X | P)``,
        ``I(X_S; M | P, S)``, ``H(X_S | P, S)`` and ``I(Z_i; M | P)`` (bits).

    Notes
    -----
    **Singleton form.**  Let ``J_i`` be the (latent) subpopulation of example i
    and ``S = {i : J_i occurs once in J}`` the singleton slots; ``X_s = (Z_i)_{i∈s}``.
    We define

    ``I(X_S; M | P) := I(X_S; M | P, S) = Σ_s Pr[S = s] · I(X_s; M | P, S = s)``,

    where ``P`` is the component tuple and weights, and the inner mutual
    information is under the conditional law given the event ``S = s`` (a
    function of ``J`` only, independent of ``P``).  Conditioning on ``S`` is
    forced: ``X_S`` has no fixed coordinates until ``S`` is known.  It is the
    quantity the reduction of Brown et al., STOC 2021 bounds (public randomness fixes
    the singleton slots), and ``0 <= I(X_S; M | P, S) <= H(X_S | P, S)``.
    ``S = ∅`` contributes 0.

    Raises
    ------
    InstanceTooLargeError
        The task is too large to enumerate (use :func:`estimate_memorization`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.learning import get_task
    >>> task = get_task("next-symbol", d=1, N=1, n=1, delta=Fraction(1, 2))
    >>> r = memorization(task, "bayes-optimal")   # bits flip w.p. 1/4: err* = 2·(1/4)(3/4)
    >>> r.optimal_error, r.error
    (Fraction(3, 8), Fraction(3, 8))
    >>> r.memorization_bits                        # = H(X | P) = h(1/4)
    Exact(2 - 3/4·log2(3))

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1 (memorization, singletons).
    """
    learner = get_learner(learner)
    enum = enumerate_task(task, symmetric=True)
    if learner.symmetric:
        channel, space_enum = learner.channel(enum), enum
    else:
        space_enum = enumerate_task(task, symmetric=False)
        channel = learner.channel(space_enum)
    error = learner_error(space_enum, channel)
    optimal = enum.optimal_error()
    info = conditional_information(space_enum, channel)
    if learner.symmetric:
        per_example = [per_example_information(enum, channel)] * task.n
    else:
        from commlb.learning.singletons import slot_information

        per_example = [slot_information(space_enum, channel, i) for i in range(task.n)]
    s_info = s_entropy = None
    if singletons:
        sequences = TrainingSets(len(task.examples), task.n, symmetric=False).slots
        seq_channel = (channel.on_sequences(enum.space.index_of(sequences))
                       if learner.symmetric else channel)
        s_info, s_entropy = singleton_information(task, seq_channel)
    return MemorizationResult(
        task=task.name, learner=learner.name, params=dict(task.params),
        error=error, optimal_error=optimal, excess_error=error - optimal,
        memorization_bits=info, entropy_bits=entropy_of_training_set(task, enum),
        singleton_memorization_bits=s_info, singleton_entropy_bits=s_entropy,
        per_example_bits=per_example, exact=task.exact,
    )
