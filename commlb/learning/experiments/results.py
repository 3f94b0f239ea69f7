"""Result objects of the scaled experiments: every accuracy is an estimate.

Accuracies over finitely many test points are Bernoulli means with standard
error ``sqrt(p(1 - p)/m)``; a recovery accuracy is the mean over the attacked
singleton examples of the fraction of their bits recovered, with the standard
error of that mean (``n`` counts examples, not bits).

References
----------
docs/architecture.md, "Numbers" (exact, certified or estimate: the type says which).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from commlb.info import Estimate

__all__ = ["bernoulli_estimate", "mean_estimate", "Checkpoint", "ExperimentResult"]


def bernoulli_estimate(hits: np.ndarray, note: str = "") -> Estimate:
    """The fraction of true entries of ``hits`` as an :class:`~commlb.info.Estimate`.

    Its confidence interval is Wilson's, so it stays inside [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> e = bernoulli_estimate(np.array([1, 1, 0, 1]))
    >>> e.value, round(e.stderr, 4), e.n
    (0.75, 0.2165, 4)
    """
    hits = np.asarray(hits, dtype=bool).ravel()
    return Estimate.proportion(int(hits.sum()), max(hits.size, 1), note=note)


def mean_estimate(values: np.ndarray, note: str = "") -> Estimate:
    """Mean of i.i.d. ``values`` with the standard error ``s/sqrt(k)`` (NaNs dropped).

    Examples
    --------
    >>> import numpy as np
    >>> e = mean_estimate(np.array([1.0, 0.5, 1.0, 0.5]))
    >>> e.value, round(e.stderr, 4), e.n
    (0.75, 0.1443, 4)
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    values = values[~np.isnan(values)]
    k = values.size
    if k == 0:
        return Estimate(float("nan"), 0.0, 1, note=note + " (no values)")
    spread = float(values.std(ddof=1)) if k > 1 else 0.0
    return Estimate(float(values.mean()), spread / math.sqrt(k), k, note=note)


def _estimate_json(e: Estimate) -> dict:
    lo, hi = e.ci
    return {"kind": "estimate", "value": e.value, "stderr": e.stderr, "n": e.n,
            "ci": [lo, hi], "level": e.level}


@dataclass
class Checkpoint:
    """Metrics after ``step`` training steps (all estimates).

    Attributes
    ----------
    step : int
    accuracy : dict
        ``train``, ``test`` (fresh draws from P), ``represented`` and
        ``singleton`` (fresh points of clusters seen at least once / exactly
        once in training).
    recovery : dict
        Attack name -> recovery accuracy over all d bits of the attacked
        singleton training examples.
    recovery_irrelevant : dict
        Attack name -> recovery over the bits that the example's own
        subpopulation does not determine (noise / unfixed coordinates).
    """

    step: int
    accuracy: dict[str, Estimate]
    recovery: dict[str, Estimate] = field(default_factory=dict)
    recovery_irrelevant: dict[str, Estimate] = field(default_factory=dict)

    def to_json(self) -> dict:
        """A JSON-ready dictionary."""
        return {
            "step": self.step,
            "accuracy": {k: _estimate_json(v) for k, v in self.accuracy.items()},
            "recovery": {k: _estimate_json(v) for k, v in self.recovery.items()},
            "recovery_irrelevant": {
                k: _estimate_json(v) for k, v in self.recovery_irrelevant.items()
            },
        }


@dataclass
class ExperimentResult:
    """Outcome of a scaled memorization experiment.

    Attributes
    ----------
    experiment : str
        ``cluster-labeling`` or ``next-symbol``.
    model : str
        ``logistic`` or ``mlp``.
    params : dict
        Every parameter of the run (sizes, rho or delta, seed, optimiser).
    checkpoints : list of Checkpoint
        Metrics over training; the last one is the trained model, attacked on
        every singleton.
    primary_attack : str
        The attack reported as ``recovery_accuracy``.
    sizes : dict
        Sample sizes (singletons, test points, ...).
    seconds : dict
        Wall-clock time of ``training``, ``attacks`` and ``total``.
    """

    experiment: str
    model: str
    params: dict
    checkpoints: list[Checkpoint]
    primary_attack: str
    sizes: dict
    seconds: dict

    @property
    def final(self) -> Checkpoint:
        """The last checkpoint (the trained model)."""
        return self.checkpoints[-1]

    @property
    def recovery_accuracy(self) -> Estimate:
        """Recovery of the primary attack on the trained model (estimate)."""
        return self.final.recovery[self.primary_attack]

    @property
    def singleton_accuracy(self) -> Estimate:
        """Accuracy on fresh points of singleton subpopulations (estimate)."""
        return self.final.accuracy["singleton"]

    @property
    def test_accuracy(self) -> Estimate:
        """Accuracy on fresh draws from P (estimate)."""
        return self.final.accuracy["test"]

    @property
    def train_accuracy(self) -> Estimate:
        """Accuracy on the training set (a fraction of the n examples)."""
        return self.final.accuracy["train"]

    def to_json(self) -> dict:
        """The ``commlb experiment --json`` object (docs/architecture.md)."""
        final = self.final
        return {
            "experiment": self.experiment,
            "model": self.model,
            "params": self.params,
            "recovery_accuracy": self.recovery_accuracy.value,
            "singleton_accuracy": self.singleton_accuracy.value,
            "test_accuracy": self.test_accuracy.value,
            "train_accuracy": self.train_accuracy.value,
            "primary_attack": self.primary_attack,
            "recovery": {k: v.value for k, v in final.recovery.items()},
            "recovery_irrelevant": {k: v.value for k, v in final.recovery_irrelevant.items()},
            "estimates": {
                "recovery_accuracy": _estimate_json(self.recovery_accuracy),
                "singleton_accuracy": _estimate_json(self.singleton_accuracy),
                "test_accuracy": _estimate_json(self.test_accuracy),
                "train_accuracy": _estimate_json(self.train_accuracy),
            },
            "sizes": self.sizes,
            "seconds": self.seconds["total"],
            "timings": self.seconds,
            "checkpoints": [c.to_json() for c in self.checkpoints],
        }

    def __str__(self) -> str:
        lines = [f"{self.experiment} ({self.model}), {self.params}"]
        lines.append(f"  recovery ({self.primary_attack}): {self.recovery_accuracy}")
        for name, value in self.final.recovery.items():
            if name != self.primary_attack:
                lines.append(f"  recovery ({name}): {value}")
        for name, value in self.final.recovery_irrelevant.items():
            lines.append(f"  recovery of irrelevant bits ({name}): {value}")
        for name, value in self.final.accuracy.items():
            lines.append(f"  {name} accuracy: {value}")
        lines.append(f"  seconds: {self.seconds['total']:.1f}")
        return "\n".join(lines)
