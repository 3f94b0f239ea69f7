"""The next-symbol memorization experiment: train a causal model, recover noise bits.

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
    next_symbol_score,
    sample_next_symbol,
)
from commlb.learning.experiments.progress import progress_bar
from commlb.learning.experiments.results import Checkpoint, ExperimentResult, Run
from commlb.problems.training import DEFAULT_POSITIONS, DEFAULT_TRAINING, position_law, training_mode

__all__ = ["run_next_symbol"]


def run_next_symbol(
    n: int = 100,
    d: int = 1000,
    *,
    N: int | None = None,
    delta: float = 0.25,
    prior: str = "uniform",
    zipf_exponent: float = 1.0,
    steps: int = 50,
    learning_rate: float = 1.0,
    momentum: float = 0.9,
    checkpoints: int = 4,
    checkpoint_targets: int = 32,
    n_test: int = 2000,
    per_cluster: int = 5,
    seed: int = 0,
    seeds: int = 1,
    training: str = DEFAULT_TRAINING,
    positions: object = DEFAULT_POSITIONS,
    progress: bool | None = None,
) -> ExperimentResult:
    """Train :class:`CausalLogistic` on whole strings and recover singletons' noise bits.

    Parameters
    ----------
    n, d, N, delta, prior, zipf_exponent
        The task, see :func:`~commlb.learning.experiments.next_symbol.sample_next_symbol`.
    steps, learning_rate, momentum
        Full-batch Nesterov optimiser over every (prefix, next symbol) pair.
    checkpoints, checkpoint_targets
        Intermediate checkpoints, each attacking the first ``checkpoint_targets`` singletons.
    n_test, per_cluster : int
        Fresh strings from P (cut at a uniform position) and per represented cluster.
    training, positions
        The task definition of :mod:`commlb.problems.training`: the model trains on
        every prefix of whole strings (``training="whole"``, the only form it takes);
        ``positions`` is the law of the position of test queries.
    seed, seeds : int
        The first seed and the number of independent runs (seeds ``seed, seed + 1, ...``).
    progress : bool, optional

    Returns
    -------
    ExperimentResult
        ``recovery`` of the attack ``prefix-reference`` over all d bits;
        ``recovery_irrelevant``: the fraction of noise bits (``e_t = 1``)
        recovered; accuracies of next-symbol prediction.

    Raises
    ------
    InvalidParameterError
        If the sample has no singleton or a parameter is out of range.

    Examples
    --------
    >>> r = run_next_symbol(10, 200, steps=20, n_test=100, per_cluster=1, checkpoints=0)
    >>> r.recovery_accuracy.value > 0.9
    True

    References
    ----------
    Brown et al., STOC 2021 (next-symbol prediction; the noise bits are the irrelevant information).
    """
    started = time.perf_counter()
    if checkpoints < 0 or checkpoint_targets < 1 or n_test < 1 or per_cluster < 1 or seeds < 1:
        raise InvalidParameterError(
            "checkpoints must be >= 0 and checkpoint_targets, n_test, per_cluster, seeds >= 1"
        )
    if training_mode(training) != "whole":
        raise InvalidParameterError("the next-symbol experiment trains on every prefix of whole "
                                    "strings; give training='whole'")
    law = np.array([float(p) for p in position_law(d, positions)])
    task = {"n": n, "d": d, "N": N, "delta": delta, "prior": prior,
            "zipf_exponent": zipf_exponent}
    train = {"steps": steps, "learning_rate": learning_rate, "momentum": momentum}
    with progress_bar(seeds * steps, "next-symbol training", progress) as bar:
        runs = [_one_run(seed + k, task, train, law, checkpoints, checkpoint_targets, n_test,
                         per_cluster, bar) for k in range(seeds)]
    params = {"n": n, "d": d, "N": runs[0].sizes["N"], "delta": delta, "prior": prior,
              "model": "causal-logistic", "seed": seed, "seeds": seeds, "training": "whole",
              "positions": positions if isinstance(positions, str) else [float(p) for p in law]}
    procedure = {"name": "whole-strings", "training": "whole", **train,
                 "checkpoints": checkpoints, "checkpoint_targets": checkpoint_targets}
    return ExperimentResult("next-symbol", "causal-logistic", params, runs, "prefix-reference",
                            procedure, time.perf_counter() - started)


def _one_run(seed, task, train, law, checkpoints, checkpoint_targets, n_test, per_cluster,
             bar) -> Run:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    data = sample_next_symbol(rng=rng, **task)
    n, d, steps = task["n"], task["d"], train["steps"]
    singles = data.singleton_index
    if not singles.size:
        raise InvalidParameterError("the sample has no singleton subpopulation; take N closer to n")
    model = CausalLogistic(d)
    score = next_symbol_score(model)
    N = data.weights.size
    test_cluster = rng.choice(N, size=n_test, p=data.weights)
    test_z, test_t = data.examples(test_cluster, rng), rng.choice(d, n_test, p=law)
    counts = data.cluster_count
    probe_cluster = np.repeat(np.flatnonzero(counts >= 1), per_cluster)
    probe_z, probe_t = data.examples(probe_cluster, rng), rng.choice(d, probe_cluster.size, p=law)
    probe_single = counts[probe_cluster] == 1
    truth, noise = data.train_z[singles], data.train_noise[singles]
    references = data.references[data.train_cluster[singles]]
    marks = sorted({0, steps, *np.linspace(0, steps, checkpoints + 2).round().astype(int)})
    history: list[Checkpoint] = []
    attack_seconds = 0.0

    def hits(z: np.ndarray, t: np.ndarray) -> np.ndarray:
        rows = np.arange(t.size)
        return (model.logits(z)[rows, t] >= 0) == (z[rows, t] == 1)

    def checkpoint(step: int) -> None:
        nonlocal attack_seconds
        if step not in marks:
            return
        entry = Checkpoint(step, {})
        probe = hits(probe_z, probe_t)
        entry.record_accuracy("train", (model.logits(data.train_z) >= 0) == (data.train_z == 1),
                              "every (prefix, next) pair of the training strings")
        entry.record_accuracy("test", hits(test_z, test_t), "fresh strings from P")
        entry.record_accuracy("represented", probe, "subpopulations seen in training")
        entry.record_accuracy("singleton", probe[probe_single], "singleton subpopulations")
        take = slice(None) if step == steps else slice(0, checkpoint_targets)
        clock = time.perf_counter()
        guess = decode_attack(score, references[take])
        entry.record_recovery("prefix-reference", guess == truth[take], noise[take],
                              "singleton strings, all d bits",
                              "singleton strings, noise bits e_t = 1 recovered")
        attack_seconds += time.perf_counter() - clock
        history.append(entry)

    clock = time.perf_counter()

    def callback(step: int) -> None:
        checkpoint(step)
        if step:
            bar.update(1)

    nesterov_fit(model, data.train_z, np.zeros(n, np.int64), callback=callback, **train)
    training_seconds = time.perf_counter() - clock - attack_seconds
    sizes = {"N": int(N), "n_singletons": int(singles.size), "n_test": n_test,
             "n_represented_test": int(probe_cluster.size),
             "n_singleton_test": int(probe_single.sum()), "noise_bits": int(noise.sum())}
    seconds = {"training": training_seconds, "attacks": attack_seconds,
               "total": time.perf_counter() - started}
    return Run(seed, history, sizes, seconds)
