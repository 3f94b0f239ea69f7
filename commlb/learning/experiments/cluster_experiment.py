"""The cluster-labeling memorization experiment: train, attack singletons, measure.

Draw ``P`` and ``X ~ P^n`` (:mod:`.clusters`), train a numpy model
(:mod:`.models`), and at checkpoints over training measure accuracy on
fresh points (overall, on represented and on singleton subpopulations) and
how much of each singleton training example a black-box attack recovers
from the model's score for its label (:mod:`.attacks`).

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 6.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.experiments.attacks import coordinate_ascent, sign_attack
from commlb.learning.experiments.clusters import sample_cluster_labeling
from commlb.learning.experiments.models import MLP, LogisticRegression, nesterov_fit, score_function
from commlb.learning.experiments.procedures import ATTACKS, Procedure
from commlb.learning.experiments.procedures import procedure as make_procedure
from commlb.learning.experiments.progress import progress_bar
from commlb.learning.experiments.results import Checkpoint, ExperimentResult, Run

MODELS = ("logistic", "mlp")

__all__ = ["ATTACKS", "run_cluster_labeling"]


def _attack(name: str, proc: Procedure, score, labels, d, known, rng) -> np.ndarray:
    knowledge = known if name.endswith("-informed") else None
    if name.startswith("sign"):
        background = "random" if proc.attack_start == "random" else "zero"
        return sign_attack(score, labels, d, known=knowledge, background=background,
                           repeats=proc.repeats, ties=proc.ties, rng=rng)
    return coordinate_ascent(score, labels, d, known=knowledge, start=proc.attack_start,
                             max_sweeps=proc.max_sweeps, rng=rng)


def run_cluster_labeling(
    n: int = 500,
    d: int = 1000,
    *,
    model: str = "logistic",
    procedure: str | Procedure = "authors",
    seeds: int = 1,
    seed: int = 0,
    N: int | None = None,
    rho: float | None = None,
    prior: str = "uniform",
    zipf_exponent: float = 1.0,
    labels: str | int = "index",
    hidden: int = 1500,
    n_test: int = 2000,
    per_cluster: int = 5,
    progress: bool | None = None,
    **settings,
) -> ExperimentResult:
    """Train a model on cluster-labeling data and attack its singleton examples, over seeds.

    Each seed draws ``P ~ q`` and ``X ~ P^n``, initialises and trains the model
    and runs the attacks with its own independent streams (data, initialisation,
    attack).  The reported fractions are means over seeds with 95% intervals in
    [0, 1] (:func:`~commlb.learning.experiments.results.across_seeds`).

    Parameters
    ----------
    n, d : int
        Sample size and dimension (the paper: 500 and 1000).
    model : {"logistic", "mlp"}
        Multiclass logistic regression or one hidden layer of sigmoid units.
    procedure : {"authors", "fast"} or Procedure
        The preset of :mod:`~commlb.learning.experiments.procedures`.
    seeds : int
        Number of independent runs, with seeds ``seed, seed + 1, ...``.
    seed : int
        The first seed.
    N, rho, prior, zipf_exponent, labels
        The task, see :func:`~commlb.learning.experiments.clusters.sample_cluster_labeling`.
    hidden : int
        Hidden units of the MLP (1500 in the paper).
    n_test, per_cluster : int
        Fresh draws from P for ``test`` accuracy; fresh points per represented
        cluster for ``represented`` and ``singleton`` accuracy.
    progress : bool, optional
        Show a progress bar on stderr (default: only when stderr is a tty).
    **settings
        Any :class:`~commlb.learning.experiments.procedures.Procedure` setting
        (``init``, ``learning_rate``, ``momentum``, ``schedule``, ``steps``,
        ``duplicate_singletons``, ``attack``, ``extra_attacks``, ``curve_attack``,
        ``attack_start``, ``repeats``, ``ties``, ``max_sweeps``, ``targets``,
        ``curve_targets``, ``record_every``), replacing the preset's value.

    Returns
    -------
    ExperimentResult
        ``recovery_accuracy``, ``singleton_accuracy``, ``represented_accuracy``,
        ``test_accuracy``, ``train_accuracy`` (estimates over seeds), the curve
        (``checkpoints``) and every run.

    Raises
    ------
    InvalidParameterError
        On an unknown model, procedure or setting, or a parameter out of range.

    Examples
    --------
    >>> r = run_cluster_labeling(30, 60, n_test=200, per_cluster=2, seeds=2)
    >>> r.seeds, r.train_accuracy.value, r.recovery_accuracy.value > 0.9
    ([0, 1], 1.0, True)
    >>> lo, hi = r.recovery_accuracy.ci; 0 <= lo <= hi <= 1
    True

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 6.
    """
    started = time.perf_counter()
    if model not in MODELS:
        raise InvalidParameterError(f"unknown model {model!r}; use 'logistic' or 'mlp'")
    proc = (procedure if isinstance(procedure, Procedure)
            else make_procedure(procedure, model, **settings))
    if isinstance(procedure, Procedure) and settings:
        proc = dataclasses.replace(procedure, **settings)
    if seeds < 1 or n_test < 1 or per_cluster < 1:
        raise InvalidParameterError(
            f"seeds, n_test and per_cluster must be >= 1 (got {seeds}, {n_test}, {per_cluster})")
    task = {"n": n, "d": d, "N": N, "rho": rho, "prior": prior, "zipf_exponent": zipf_exponent,
            "labels": labels}
    runs: list[Run] = []
    with progress_bar(seeds * proc.steps, f"{model} training ({proc.name})", progress) as bar:
        for k in range(seeds):
            runs.append(_one_run(seed + k, task, model, hidden, proc, n_test, per_cluster, bar))
    first = runs[0].sizes
    params = {"n": n, "d": d, "N": first["N"], "rho": first["rho"], "prior": prior,
              "labels": labels, "n_labels": first["n_labels"], "model": model, "seed": seed, "seeds": seeds,
              "n_test": n_test, "per_cluster": per_cluster}
    if model == "mlp":
        params["hidden"] = hidden
    if prior == "zipf":
        params["zipf_exponent"] = zipf_exponent
    return ExperimentResult("cluster-labeling", model, params, runs, proc.attack,
                            proc.to_json(), time.perf_counter() - started)


def _one_run(seed: int, task: dict, model: str, hidden: int, proc: Procedure, n_test: int,
             per_cluster: int, bar) -> Run:
    started = time.perf_counter()
    data_stream, init_stream, attack_stream = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    data = sample_cluster_labeling(rng=data_stream, **task)
    d = data.d
    singles = data.singleton_index
    if not singles.size:
        raise InvalidParameterError(
            "the training sample has no singleton cluster to attack; take N closer to n")
    x, y = data.train_x, data.train_y
    if proc.duplicate_singletons:
        x = np.concatenate([x, x[singles]])
        y = np.concatenate([y, y[singles]])
    if model == "logistic":
        classifier = LogisticRegression(d, data.n_labels, init=proc.init, rng=init_stream)
    else:
        classifier = MLP(d, data.n_labels, hidden=hidden, rng=init_stream, init=proc.init)

    # Fresh evaluation points, drawn once so that checkpoints are comparable.
    test_cluster = data_stream.choice(data.N, size=n_test, p=data.weights)
    test_x = data.examples(test_cluster, data_stream)
    counts = data.cluster_count
    probe_cluster = np.repeat(np.flatnonzero(counts >= 1), per_cluster)
    probe_x = data.examples(probe_cluster, data_stream)
    probe_single = counts[probe_cluster] == 1

    targets = singles[: proc.targets] if proc.targets is not None else singles
    curve_targets = targets[: proc.curve_targets] if proc.curve_targets is not None else targets
    truth = data.train_x[targets]
    labels = data.train_y[targets]
    known = data.centers(data.train_cluster[targets])
    irrelevant = ~data.fixed[data.train_cluster[targets]]
    marks = set(range(0, proc.steps + 1, proc.record_every)) | {proc.steps}
    history: list[Checkpoint] = []
    attack_seconds = 0.0

    def predict(points: np.ndarray) -> np.ndarray:
        return classifier.logits(points).argmax(axis=1)

    def checkpoint(step: int) -> None:
        nonlocal attack_seconds
        if step not in marks:
            return
        entry = Checkpoint(step, {})
        probe_hits = predict(probe_x) == data.cluster_label[probe_cluster]
        entry.record_accuracy("train", predict(data.train_x) == data.train_y, "training set")
        entry.record_accuracy("test", predict(test_x) == data.cluster_label[test_cluster],
                              "fresh draws from P")
        entry.record_accuracy("represented", probe_hits, "clusters seen in training")
        entry.record_accuracy("singleton", probe_hits[probe_single], "singleton clusters")
        final = step == proc.steps
        names = (dict.fromkeys((proc.attack, *proc.extra_attacks)) if final
                 else (proc.curve_attack or proc.attack,))
        take = slice(None) if final else slice(0, curve_targets.size)
        clock = time.perf_counter()
        score = score_function(classifier)  # a fresh closure: the model changed since the last
        for name in names:
            guess = _attack(name, proc, score, labels[take], d, known[take], attack_stream)
            entry.record_recovery(name, guess == truth[take], irrelevant[take],
                                  "singleton examples, all d bits",
                                  "singleton examples, coordinates their cluster leaves free")
        attack_seconds += time.perf_counter() - clock
        history.append(entry)

    train_clock = time.perf_counter()

    def callback(step: int) -> None:
        checkpoint(step)
        if step:
            bar.update(1)

    nesterov_fit(classifier, x, y, steps=proc.steps, learning_rate=proc.learning_rate,
                 momentum=proc.momentum, schedule=proc.schedule, callback=callback)
    training_seconds = time.perf_counter() - train_clock - attack_seconds
    sizes = {"N": data.N, "rho": data.rho, "n_labels": data.n_labels,
             "n_singletons": int(singles.size), "targets": int(targets.size),
             "curve_targets": int(curve_targets.size), "n_test": n_test,
             "n_represented_test": int(probe_cluster.size),
             "n_singleton_test": int(probe_single.sum())}
    seconds = {"training": training_seconds, "attacks": attack_seconds,
               "total": time.perf_counter() - started}
    return Run(seed, history, sizes, seconds)
