"""The next-symbol memorization experiment: train a causal model, recover noise bits.

Two presets (:func:`~commlb.learning.experiments.procedures.next_symbol_procedure`):
``paper`` (whole training strings, the paper's sec. 3 setting) and
``follow-up`` (truncated strings, d = 500, N = n = 100, delta = 0.05, the attack
averaging over fresh noisy prefixes).

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3.
"""

from __future__ import annotations

import time

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.experiments.models import nesterov_fit
from commlb.learning.experiments.next_symbol import (
    CausalLogistic,
    decode_attack,
    fresh_prefix_attack,
    next_symbol_probabilities,
    next_symbol_score,
    sample_next_symbol,
)
from commlb.learning.experiments.procedures import NextSymbolProcedure, next_symbol_procedure
from commlb.learning.experiments.progress import progress_bar
from commlb.learning.experiments.results import Checkpoint, ExperimentResult, Run
from commlb.problems.training import DEFAULT_TRAINING, position_law, training_mode

__all__ = ["run_next_symbol"]


def run_next_symbol(
    n: int | None = None,
    d: int | None = None,
    *,
    procedure: str | NextSymbolProcedure = "paper",
    prior: str = "uniform",
    zipf_exponent: float = 1.0,
    n_test: int = 2000,
    per_cluster: int = 5,
    seed: int = 0,
    seeds: int = 1,
    training: str = DEFAULT_TRAINING,
    progress: bool | None = None,
    **settings,
) -> ExperimentResult:
    """Train :class:`CausalLogistic` on the sample and recover singletons' noise bits.

    Parameters
    ----------
    n, d : int, optional
        Training strings and string length (default: the preset's).
    procedure : {"paper", "follow-up"} or NextSymbolProcedure
        The preset of the task size and of every training and attack setting.
    prior, zipf_exponent
        Mixture weights, see :func:`~commlb.learning.experiments.clusters.cluster_weights`.
    n_test, per_cluster : int
        Fresh strings from P and per represented cluster, each queried at one
        position drawn from the preset's ``positions`` law.
    seed, seeds : int
        The first seed and the number of independent runs (seeds ``seed, seed + 1, ...``).
    training : str
        The task definition of :mod:`commlb.problems.training`: the model trains
        on every prefix position of each (kept part of a) training string,
        ``training="whole"``, the only form this experiment takes.
    progress : bool, optional
    **settings
        Any :class:`~commlb.learning.experiments.procedures.NextSymbolProcedure`
        attribute (``N``, ``delta``, ``positions``, ``truncation``,
        ``train_positions``, ``learning_rate``, ``momentum``, ``steps``,
        ``attack``, ``attack_samples``, ``checkpoints``, ``curve_targets``).

    Returns
    -------
    ExperimentResult
        ``recovery_accuracy``: the attack's recovery of the trained bits of each
        singleton string (all d bits for whole strings), averaged over targets;
        ``recovery_irrelevant``: the fraction of their noise bits (``e_t = 1``)
        recovered; accuracies of next-symbol prediction.  All estimates.

    Raises
    ------
    InvalidParameterError
        If the sample has no singleton or a parameter is out of range.

    Examples
    --------
    >>> r = run_next_symbol(10, 200, steps=20, n_test=100, per_cluster=1, checkpoints=0)
    >>> r.recovery_accuracy.value > 0.9
    True
    >>> r = run_next_symbol(10, 40, procedure="follow-up", attack_samples=5, n_test=50,
    ...                     per_cluster=1, checkpoints=0)
    >>> r.params["truncation"], r.primary_attack
    ('uniform', 'fresh-prefixes')

    References
    ----------
    Brown et al., STOC 2021 (next-symbol prediction; the noise bits are the irrelevant information).
    """
    started = time.perf_counter()
    if n_test < 1 or per_cluster < 1 or seeds < 1:
        raise InvalidParameterError("n_test, per_cluster and seeds must be >= 1")
    if training_mode(training) != "whole":
        raise InvalidParameterError("the next-symbol experiment trains on every prefix of the "
                                    "(kept part of the) strings; give training='whole'")
    recipe = (procedure if isinstance(procedure, NextSymbolProcedure)
              else next_symbol_procedure(procedure)).replaced(n=n, d=d, **settings)
    law = np.array([float(p) for p in position_law(recipe.d, recipe.positions)])
    with progress_bar(seeds * recipe.steps, "next-symbol training", progress) as bar:
        runs = [_one_run(seed + k, recipe, prior, zipf_exponent, law, n_test, per_cluster, bar)
                for k in range(seeds)]
    params = {"n": recipe.n, "d": recipe.d, "N": runs[0].sizes["N"], "delta": recipe.delta,
              "prior": prior, "model": "causal-logistic", "seed": seed, "seeds": seeds,
              "training": "whole", "truncation": recipe.truncation,
              "positions": recipe.positions}
    return ExperimentResult("next-symbol", "causal-logistic", params, runs, recipe.attack,
                            recipe.to_json(), time.perf_counter() - started)


def _one_run(seed: int, recipe: NextSymbolProcedure, prior: str, zipf_exponent: float,
             law: np.ndarray, n_test: int, per_cluster: int, bar) -> Run:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    data = sample_next_symbol(recipe.n, recipe.d, N=recipe.N, delta=recipe.delta, prior=prior,
                              zipf_exponent=zipf_exponent, truncation=recipe.truncation, rng=rng)
    d, steps = recipe.d, recipe.steps
    singles = data.singleton_index
    if not singles.size:
        raise InvalidParameterError("the sample has no singleton subpopulation; take N closer to n")
    trained = data.trained(0 if recipe.train_positions == "all" else 1)
    model = CausalLogistic(d)
    score, probability = next_symbol_score(model), next_symbol_probabilities(model)
    N = data.weights.size
    test_cluster = rng.choice(N, size=n_test, p=data.weights)
    test_z, test_t = data.examples(test_cluster, rng), rng.choice(d, n_test, p=law)
    counts = data.cluster_count
    probe_cluster = np.repeat(np.flatnonzero(counts >= 1), per_cluster)
    probe_z, probe_t = data.examples(probe_cluster, rng), rng.choice(d, probe_cluster.size, p=law)
    probe_single = counts[probe_cluster] == 1
    truth, noise = data.train_z[singles], data.train_noise[singles]
    kept = trained[singles]
    references = data.references[data.train_cluster[singles]]
    marks = sorted({0, steps, *np.linspace(0, steps, recipe.checkpoints + 2).round().astype(int)})
    history: list[Checkpoint] = []
    attack_seconds = 0.0

    def hits(z: np.ndarray, t: np.ndarray) -> np.ndarray:
        rows = np.arange(t.size)
        return (model.logits(z)[rows, t] >= 0) == (z[rows, t] == 1)

    def attack(targets: slice) -> np.ndarray:
        if recipe.attack == "prefix-reference":
            return decode_attack(score, references[targets])
        return fresh_prefix_attack(probability, references[targets], recipe.delta,
                                   recipe.attack_samples, rng)

    def checkpoint(step: int) -> None:
        nonlocal attack_seconds
        if step not in marks:
            return
        entry = Checkpoint(step, {})
        probe = hits(probe_z, probe_t)
        entry.record_accuracy("train", ((model.logits(data.train_z) >= 0)
                                        == (data.train_z == 1))[trained],
                              "every trained (prefix, next) pair of the training strings")
        entry.record_accuracy("test", hits(test_z, test_t), "fresh strings from P")
        entry.record_accuracy("represented", probe, "subpopulations seen in training")
        entry.record_accuracy("singleton", probe[probe_single], "singleton subpopulations")
        take = slice(None) if step == steps else slice(0, recipe.curve_targets)
        clock = time.perf_counter()
        guess = attack(take)
        entry.record_recovery(recipe.attack, guess == truth[take], noise[take],
                              "singleton strings, every trained bit",
                              "singleton strings, noise bits e_t = 1 recovered",
                              over=kept[take])
        attack_seconds += time.perf_counter() - clock
        history.append(entry)

    clock = time.perf_counter()

    def callback(step: int) -> None:
        checkpoint(step)
        if step:
            bar.update(1)

    nesterov_fit(model, data.train_z, trained, callback=callback, steps=steps,
                 learning_rate=recipe.learning_rate, momentum=recipe.momentum)
    training_seconds = time.perf_counter() - clock - attack_seconds
    sizes = {"N": int(N), "n_singletons": int(singles.size), "n_test": n_test,
             "n_represented_test": int(probe_cluster.size),
             "n_singleton_test": int(probe_single.sum()), "noise_bits": int((noise & kept).sum()),
             "trained_bits": int(kept.sum())}
    seconds = {"training": training_seconds, "attacks": attack_seconds,
               "total": time.perf_counter() - started}
    return Run(seed, history, sizes, seconds)
