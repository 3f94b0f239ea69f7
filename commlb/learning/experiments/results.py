"""Result objects of the scaled experiments: every accuracy is an estimate.

Within one run, accuracies over finitely many test points are Bernoulli means
with Wilson intervals, and a recovery accuracy is the mean over the attacked
singleton examples of the fraction of their bits recovered (``n`` counts
examples, not bits; its interval is intersected with [0, 1]).  Over K seeds,
:func:`across_seeds` reports the mean over runs with the hull of a bootstrap
interval over runs and Wilson's interval of the pooled counts.

References
----------
docs/architecture.md, "Numbers" (exact, certified or estimate: the type says which).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from commlb.info import Estimate

__all__ = ["bernoulli_estimate", "mean_estimate", "across_seeds", "Checkpoint", "Run",
           "ExperimentResult"]


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


def mean_estimate(values: np.ndarray, note: str = "", within: tuple[float, float] | None = None
                  ) -> Estimate:
    """Mean of i.i.d. ``values`` with the standard error ``s/sqrt(k)`` (NaNs dropped).

    ``within=(a, b)``: the values lie in ``[a, b]``, so the mean does too and the
    normal interval is intersected with ``[a, b]`` (coverage is unchanged: the
    removed part cannot hold the mean).

    Examples
    --------
    >>> import numpy as np
    >>> e = mean_estimate(np.array([1.0, 0.5, 1.0, 0.5]))
    >>> e.value, round(e.stderr, 4), e.n
    (0.75, 0.1443, 4)
    >>> mean_estimate(np.array([1.0, 0.98, 1.0]), within=(0, 1)).ci[1]
    1.0
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    values = values[~np.isnan(values)]
    k = values.size
    if k == 0:
        return Estimate(float("nan"), 0.0, 1, note=note + " (no values)")
    spread = float(values.std(ddof=1)) if k > 1 else 0.0
    estimate = Estimate(float(values.mean()), spread / math.sqrt(k), k, note=note)
    if within is None:
        return estimate
    lo, hi = estimate.ci
    return Estimate(estimate.value, estimate.stderr, k, note=note,
                    bounds=(max(float(within[0]), lo), min(float(within[1]), hi)))


def across_seeds(estimates: list[Estimate], pooled: list[tuple[int, int]], note: str = "",
                 level: float = 0.95) -> Estimate:
    """A fraction measured on K independent runs: its mean over runs with an interval in [0, 1].

    The interval is the hull of two 95% intervals: the percentile bootstrap of the
    mean over the K per-run values (:func:`scipy.stats.bootstrap`, K >= 2; it captures
    the variation between runs) and Wilson's interval of the pooled counts
    ``Σ successes / Σ trials`` (bits recovered, test points classified; it is never
    degenerate at 0 or 1).  Both lie in [0, 1], so the hull does.

    Parameters
    ----------
    estimates : list of Estimate
        One per run, each a fraction in [0, 1].
    pooled : list of (int, int)
        ``(successes, trials)`` behind each run's fraction.
    note : str
        What was counted.

    Returns
    -------
    Estimate
        ``value`` the mean over runs, ``n`` the number of runs, ``stderr`` the standard
        error over runs (0 for one run), ``ci`` the hull above.

    Examples
    --------
    >>> from commlb.info import Estimate
    >>> runs = [Estimate.proportion(970, 1000), Estimate.proportion(990, 1000)]
    >>> e = across_seeds(runs, [(970, 1000), (990, 1000)])
    >>> e.value, e.n, 0 <= e.ci[0] <= 0.97 and 0.99 <= e.ci[1] <= 1
    (0.98, 2, True)
    """
    values = np.array([e.value for e in estimates], dtype=np.float64)
    k = values.size
    if k == 0 or len(pooled) != k:
        raise ValueError("across_seeds needs one estimate and one (successes, trials) per run")
    successes = sum(int(s) for s, _ in pooled)
    trials = sum(int(t) for _, t in pooled)
    lo, hi = Estimate.proportion(successes, trials, level).ci if trials else (0.0, 1.0)
    if k >= 2 and float(values.max() - values.min()) > 0:
        from scipy.stats import bootstrap

        boot = bootstrap((values,), np.mean, confidence_level=level, n_resamples=9999,
                         method="percentile", random_state=0).confidence_interval
        lo, hi = min(lo, float(boot.low)), max(hi, float(boot.high))
    mean = float(values.mean())
    stderr = float(values.std(ddof=1)) / math.sqrt(k) if k > 1 else 0.0
    return Estimate(mean, stderr, k, level,
                    f"{note} (mean over {k} run(s); {trials} pooled trials)".strip(),
                    (max(0.0, min(lo, mean)), min(1.0, max(hi, mean))))


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
    pooled : dict
        ``"accuracy:test"``, ``"recovery:sign"``, ... -> ``(successes, trials)``
        behind each fraction (points classified, bits recovered).
    per_target : dict
        Attack name -> the recovery of each attacked example (for the spread).
    """

    step: int
    accuracy: dict[str, Estimate]
    recovery: dict[str, Estimate] = field(default_factory=dict)
    recovery_irrelevant: dict[str, Estimate] = field(default_factory=dict)
    pooled: dict[str, tuple[int, int]] = field(default_factory=dict)
    per_target: dict[str, list[float]] = field(default_factory=dict)

    def record_accuracy(self, kind: str, hits: np.ndarray, note: str) -> None:
        """Store the accuracy ``kind`` from boolean ``hits`` with its counts."""
        hits = np.asarray(hits, dtype=bool).ravel()
        self.accuracy[kind] = bernoulli_estimate(hits, note)
        self.pooled[f"accuracy:{kind}"] = (int(hits.sum()), int(hits.size))

    def record_recovery(self, attack: str, correct: np.ndarray, mask: np.ndarray | None,
                        note: str, irrelevant_note: str, over: np.ndarray | None = None) -> None:
        """Store attack recovery from ``correct`` ``(k, d)`` bools; ``mask``: the irrelevant bits.

        ``over`` (``(k, d)`` bools, optional) restricts both to the bits that count,
        the positions a truncated training string kept (by default all d).
        """
        correct = np.asarray(correct, dtype=bool)
        over = np.ones(correct.shape, bool) if over is None else np.asarray(over, dtype=bool)
        kept = over.sum(axis=1)
        fractions = (correct & over).sum(axis=1) / np.maximum(kept, 1)
        self.recovery[attack] = mean_estimate(fractions, note, within=(0.0, 1.0))
        self.pooled[f"recovery:{attack}"] = (int((correct & over).sum()), int(over.sum()))
        self.per_target[attack] = [float(f) for f in fractions]
        if mask is None:
            return
        mask = np.asarray(mask, dtype=bool) & over
        counts = mask.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            found = np.where(counts > 0, (correct & mask).sum(axis=1) / counts, np.nan)
        self.recovery_irrelevant[attack] = mean_estimate(found, irrelevant_note, within=(0.0, 1.0))
        self.pooled[f"recovery_irrelevant:{attack}"] = (int((correct & mask).sum()),
                                                         int(mask.sum()))

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
class Run:
    """One seed of an experiment: its checkpoints, sample sizes and timings."""

    seed: int
    checkpoints: list[Checkpoint]
    sizes: dict
    seconds: dict

    @property
    def final(self) -> Checkpoint:
        """The last checkpoint (the trained model)."""
        return self.checkpoints[-1]


def _combine(entries: list[Checkpoint]) -> Checkpoint:
    """The checkpoint of the same step over several runs, by :func:`across_seeds`."""
    out = Checkpoint(entries[0].step, {})
    for table in ("accuracy", "recovery", "recovery_irrelevant"):
        for name, first in getattr(entries[0], table).items():
            key = f"{table}:{name}"
            if not all(name in getattr(e, table) and key in e.pooled for e in entries):
                continue
            counts = [e.pooled[key] for e in entries]
            getattr(out, table)[name] = across_seeds([getattr(e, table)[name] for e in entries],
                                                     counts, first.note)
            out.pooled[key] = (sum(c[0] for c in counts), sum(c[1] for c in counts))
    for name in entries[0].per_target:
        out.per_target[name] = [v for e in entries for v in e.per_target.get(name, [])]
    return out


def _interval(e: Estimate) -> list[float]:
    lo, hi = e.ci
    return [lo, hi]


@dataclass
class ExperimentResult:
    """Outcome of a scaled memorization experiment over one or more seeds.

    Every fraction it reports is an :class:`~commlb.info.Estimate` over the runs
    (:func:`across_seeds`): the mean over seeds, with a 95% interval inside [0, 1].

    Attributes
    ----------
    experiment : str
        ``cluster-labeling`` or ``next-symbol``.
    model : str
        ``logistic``, ``mlp`` or ``causal-logistic``.
    params : dict
        The task and run parameters (sizes, rho or delta, first seed, ...).
    runs : list of Run
        One per seed, each with its checkpoints; the last checkpoint of a run is
        the trained model.
    primary_attack : str
        The attack reported as ``recovery_accuracy``.
    procedure : dict
        The name of the procedure and every setting used (see
        :mod:`commlb.learning.experiments.procedures`).
    seconds : float
        Wall-clock time of the whole experiment.
    """

    experiment: str
    model: str
    params: dict
    runs: list[Run]
    primary_attack: str
    procedure: dict = field(default_factory=dict)
    seconds: float = 0.0

    @functools.cached_property
    def checkpoints(self) -> list[Checkpoint]:
        """The curve: each recorded step, its metrics combined over the runs."""
        steps = [c.step for c in self.runs[0].checkpoints]
        by_step = [{c.step: c for c in run.checkpoints} for run in self.runs]
        return [_combine([b[step] for b in by_step if step in b]) for step in steps]

    @functools.cached_property
    def final(self) -> Checkpoint:
        """The trained models' metrics, combined over the runs."""
        return _combine([run.final for run in self.runs])

    @property
    def seeds(self) -> list[int]:
        """The seed of each run."""
        return [run.seed for run in self.runs]

    @property
    def recovery_accuracy(self) -> Estimate:
        """Recovery of the primary attack on the trained model (estimate over seeds)."""
        return self.final.recovery[self.primary_attack]

    @property
    def singleton_accuracy(self) -> Estimate:
        """Accuracy on fresh points of singleton subpopulations (estimate over seeds)."""
        return self.final.accuracy["singleton"]

    @property
    def represented_accuracy(self) -> Estimate:
        """Accuracy on fresh points of subpopulations seen in training (estimate)."""
        return self.final.accuracy["represented"]

    @property
    def test_accuracy(self) -> Estimate:
        """Accuracy on fresh draws from P (estimate over seeds)."""
        return self.final.accuracy["test"]

    @property
    def train_accuracy(self) -> Estimate:
        """Accuracy on the training set (estimate over seeds)."""
        return self.final.accuracy["train"]

    def to_json(self) -> dict:
        """The ``commlb experiment --json`` object (docs/architecture.md, "Experiments")."""
        final = self.final
        headline = {
            "recovery": self.recovery_accuracy, "singleton": self.singleton_accuracy,
            "represented": self.represented_accuracy, "test": self.test_accuracy,
            "train": self.train_accuracy,
        }
        out: dict = {"experiment": self.experiment, "model": self.model,
                     "procedure": self.procedure, "params": self.params, "seeds": self.seeds,
                     "primary_attack": self.primary_attack}
        for name, e in headline.items():
            key = "recovery_accuracy" if name == "recovery" else f"{name}_accuracy"
            out[key] = e.value
            out[f"{name}_interval"] = _interval(e)
        spread = np.array(final.per_target.get(self.primary_attack, []), dtype=np.float64)
        out["recovery_per_target"] = (
            {"targets": int(spread.size), "mean": float(spread.mean()), "min": float(spread.min()),
             "max": float(spread.max()),
             "std": float(spread.std(ddof=1)) if spread.size > 1 else 0.0}
            if spread.size else {"targets": 0})
        out["recovery"] = {k: v.value for k, v in final.recovery.items()}
        out["recovery_irrelevant"] = {k: v.value for k, v in final.recovery_irrelevant.items()}
        out["estimates"] = {name: _estimate_json(e) for name, e in headline.items()}
        out["sizes"] = [run.sizes for run in self.runs]
        out["seconds"] = self.seconds
        out["timings"] = [run.seconds for run in self.runs]
        out["curve"] = [
            {"step": c.step,
             **({"recovery": c.recovery[self.curve_attack].value,
                 "recovery_interval": _interval(c.recovery[self.curve_attack])}
                if self.curve_attack in c.recovery else {}),
             **{f"{kind}_accuracy": e.value for kind, e in c.accuracy.items()},
             **{f"{kind}_interval": _interval(e) for kind, e in c.accuracy.items()}}
            for c in self.checkpoints]
        out["checkpoints"] = [c.to_json() for c in self.checkpoints]
        return out

    @property
    def curve_attack(self) -> str:
        """The attack recorded along the curve."""
        return self.procedure.get("curve_attack") or self.primary_attack

    def __str__(self) -> str:
        lines = [f"{self.experiment} ({self.model}), procedure "
                 f"{self.procedure.get('name', '-')}, seeds {self.seeds}, {self.params}"]
        lines.append(f"  recovery ({self.primary_attack}): {self.recovery_accuracy}")
        final = self.final
        for name, value in final.recovery.items():
            if name != self.primary_attack:
                lines.append(f"  recovery ({name}): {value}")
        for name, value in final.recovery_irrelevant.items():
            lines.append(f"  recovery of irrelevant bits ({name}): {value}")
        for name, value in final.accuracy.items():
            lines.append(f"  {name} accuracy: {value}")
        lines.append(f"  seconds: {self.seconds:.1f}")
        return "\n".join(lines)
