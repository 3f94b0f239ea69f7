"""Monte Carlo estimates of error and memorization: sample ``P``, sum over ``X`` exactly.

Every quantity of :func:`commlb.learning.memorization` is an average over the
meta-distribution, ``E_{P~q}[f(P)]``, of a quantity ``f(P)`` conditional on
``P``: ``err_P``, ``I(X; M | P = P)``, ``H(X | P = P)``.  When the set of ``P``
is too large to enumerate but the training sets given ``P`` are not, we draw
``P_1..P_K ~ q`` i.i.d. (the task's sampler) and compute each ``f(P_k)``
exactly in floating point by summing over all training multisets and over the
learner's channel.  The estimate is the sample mean, its standard error is
``s/√K`` (``s`` the sample standard deviation), and the confidence interval is
the normal-approximation interval of :class:`commlb.info.Estimate`.  Because
the inner sums are exact, this is an unbiased estimate of the exact quantity
(the mutual information is never estimated from plug-in sample frequencies).

The learner's channel must be computable on the training-set space: built-in
learners that use the posterior (bayes-optimal, forgetful, noisy-memorizer,
constant) need the set of ``P`` enumerated once; nearest-neighbour and user
callables do not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.info import Estimate
from commlb.learning.learners import Learner, get_learner
from commlb.learning.tasks import Task
from commlb.learning.training import TrainingSets, enumerate_task

__all__ = ["MemorizationEstimate", "estimate_memorization", "conditional_quantities"]


@dataclass
class MemorizationEstimate:
    """Monte Carlo estimates (bits) with sample size ``samples`` and 95% CIs."""

    task: str
    learner: str
    samples: int
    seed: int
    error: Estimate
    memorization_bits: Estimate
    entropy_bits: Estimate

    def to_json(self) -> dict:
        """Values, standard errors and confidence intervals."""
        def est(e: Estimate) -> dict:
            return {"value": e.value, "stderr": e.stderr, "n": e.n, "ci": list(e.ci)}
        return {"task": self.task, "learner": self.learner, "samples": self.samples,
                "seed": self.seed, "error": est(self.error),
                "memorization_bits": est(self.memorization_bits),
                "entropy_bits": est(self.entropy_bits)}


def _plogp(m: np.ndarray) -> float:
    m = m[m > 0]
    return float(-(m * np.log2(m)).sum())


def conditional_quantities(task: Task, space: TrainingSets, channel, P: tuple
                           ) -> tuple[float, float, float]:
    """``(err_P, I(X; M | P = P), H(X | P = P))`` in floats for one component tuple ``P``.

    ``channel`` is a :class:`~commlb.learning.learners.Channel` on ``space``.
    """
    ex = sum(float(w) * np.asarray(task.example_law(j, c), dtype=float)
             for j, (w, c) in enumerate(zip(task.weights, P, strict=True)))
    te = sum(float(w) * np.asarray(task.test_law(j, c), dtype=float)
             for j, (w, c) in enumerate(zip(task.weights, P, strict=True)))
    p_x = space.multiplicity.astype(float)
    for i in range(task.n):
        p_x = p_x * ex[space.slots[:, i]]
    vals = np.asarray(channel.vals, dtype=float) / float(channel.den)
    models = channel.models[channel.cols]
    hit = te[np.arange(te.shape[0])[None, :], models].sum(axis=1)
    error = float((p_x[channel.rows] * vals * (1.0 - hit)).sum())
    p_m = np.bincount(channel.cols, weights=p_x[channel.rows] * vals,
                      minlength=len(channel.models))
    xm = p_x[channel.rows] * vals
    info = _plogp(p_m) - (_plogp(xm) - _plogp(p_x))
    return error, max(info, 0.0), task.n * _plogp(ex)


def _estimate(values: list[float]) -> Estimate:
    k = len(values)
    mean = math.fsum(values) / k
    var = math.fsum((v - mean) ** 2 for v in values) / (k - 1) if k > 1 else 0.0
    return Estimate(mean, math.sqrt(var / k), n=k,
                    note="mean over sampled P of exact conditional values")


def estimate_memorization(task: Task, learner: str | Learner = "bayes-optimal",
                          samples: int = 200, seed: int = 0) -> MemorizationEstimate:
    """Monte Carlo estimates of ``err``, ``I(X; M | P)`` and ``H(X | P)``.

    Parameters
    ----------
    task : Task
        Training sets given ``P`` must be enumerable.
    learner : str, Learner or callable
        As in :func:`commlb.learning.memorization`; must be symmetric (or the
        task small enough to enumerate sequences).
    samples : int
        Number ``K >= 2`` of sampled data distributions ``P``.
    seed : int
        Seed of the :class:`numpy.random.Generator`.

    Returns
    -------
    MemorizationEstimate
        Each quantity an :class:`commlb.info.Estimate` ``E_P[f(P)]`` with
        ``n = K`` and a 95% normal CI (see the module docstring).

    Raises
    ------
    InvalidParameterError
        ``samples < 2``.

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> e = estimate_memorization(get_task("next-symbol", d=1, N=1, n=1, delta=0),
    ...                           "constant", samples=10, seed=1)
    >>> e.memorization_bits.value, e.error.n
    (0.0, 10)

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1.
    """
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise InvalidParameterError(f"samples must be an integer >= 2, got {samples!r}")
    learner = get_learner(learner)
    needs_posterior = learner.builtin and learner.name != "nearest-neighbour"
    if learner.symmetric and needs_posterior:
        enum = enumerate_task(task, symmetric=True)
        space, channel = enum.space, learner.channel(enum)
    else:
        space = TrainingSets(len(task.examples), task.n, symmetric=learner.symmetric)
        channel = learner.channel(_SpaceOnly(task, space))
    rng = np.random.default_rng(seed)
    rows = [conditional_quantities(task, space, channel, task.sample_distribution(rng))
            for _ in range(samples)]
    err, info, ent = (list(col) for col in zip(*rows, strict=True))
    return MemorizationEstimate(task.name, learner.name, samples, seed, _estimate(err),
                                _estimate(info), _estimate(ent))


class _SpaceOnly:
    """The parts of an enumeration a posterior-free learner needs (no ``P`` enumerated)."""

    def __init__(self, task: Task, space: TrainingSets) -> None:
        self.task, self.space, self.exact = task, space, False
        self.inputs, self.labels, self.examples = task.inputs, task.labels, task.examples
