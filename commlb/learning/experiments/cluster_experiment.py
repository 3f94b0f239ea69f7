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

import time
from collections.abc import Sequence

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.experiments.attacks import (
    coordinate_ascent,
    recovery_fractions,
    sign_attack,
)
from commlb.learning.experiments.clusters import sample_cluster_labeling
from commlb.learning.experiments.models import MLP, LogisticRegression, nesterov_fit, score_function
from commlb.learning.experiments.progress import progress_bar
from commlb.learning.experiments.results import (
    Checkpoint,
    ExperimentResult,
    bernoulli_estimate,
    mean_estimate,
)

__all__ = ["ATTACKS", "MODEL_DEFAULTS", "run_cluster_labeling"]

ATTACKS = ("sign", "sign-informed", "coordinate-ascent", "coordinate-ascent-informed")

MODEL_DEFAULTS = {
    "logistic": {"steps": 50, "learning_rate": 1.0, "duplicate_singletons": True, "drop": None},
    "mlp": {"steps": 2000, "learning_rate": 0.1, "duplicate_singletons": False, "drop": 0.75},
}


def _run_attack(name, score, labels, d, known, sweeps):
    informed = name.endswith("-informed")
    knowledge = known if informed else None
    if name.startswith("sign"):
        return sign_attack(score, labels, d, known=knowledge)
    return coordinate_ascent(score, labels, d, known=knowledge, max_sweeps=sweeps)


def run_cluster_labeling(
    n: int = 500,
    d: int = 1000,
    *,
    model: str = "logistic",
    N: int | None = None,
    rho: float | None = None,
    prior: str = "uniform",
    zipf_exponent: float = 1.0,
    n_labels: int | None = None,
    steps: int | None = None,
    learning_rate: float | None = None,
    momentum: float = 0.9,
    hidden: int = 1500,
    checkpoints: int = 5,
    attacks: Sequence[str] = ATTACKS,
    checkpoint_attacks: Sequence[str] = ("sign",),
    checkpoint_targets: int = 32,
    primary_attack: str | None = None,
    sweeps: int = 4,
    n_test: int = 2000,
    per_cluster: int = 5,
    seed: int = 0,
    progress: bool | None = None,
) -> ExperimentResult:
    """Train a model on cluster-labeling data and attack its singleton examples.

    Parameters
    ----------
    n, d : int
        Sample size and dimension (the paper: 500 and 1000).
    model : {"logistic", "mlp"}
        Multiclass logistic regression (singletons duplicated once in its
        training set, 50 steps by default) or one hidden layer of sigmoid
        units (2000 steps, learning rate times 0.1 after 3/4 of them).
    N, rho, prior, zipf_exponent, n_labels
        The task, see :func:`~commlb.learning.experiments.clusters.sample_cluster_labeling`.
    steps, learning_rate, momentum, hidden
        Optimiser and model size; ``None`` takes the model's default.
    checkpoints : int
        Number of intermediate checkpoints (besides step 0 and the end).
    attacks : sequence of str
        Attacks run on every singleton of the trained model; names from
        :data:`ATTACKS` (``-informed``: the attacker knows the cluster's fixed
        coordinates).
    checkpoint_attacks, checkpoint_targets
        Attacks run at the other checkpoints, on the first
        ``checkpoint_targets`` singletons only (to bound the cost).
    primary_attack : str, optional
        The attack reported as ``recovery_accuracy`` (must be in ``attacks``);
        by default coordinate ascent if it is run, else the first attack.
    sweeps : int
        Maximum sweeps of coordinate ascent.
    n_test, per_cluster : int
        Fresh draws from P for ``test`` accuracy; fresh points per
        represented cluster for ``represented`` and ``singleton`` accuracy.
    seed : int
        Seed of every random choice (data, initialisation, test points).
    progress : bool, optional
        Show a progress bar on stderr (default: only when stderr is a tty).

    Returns
    -------
    ExperimentResult
        ``recovery_accuracy``, ``singleton_accuracy``, ``test_accuracy``,
        ``train_accuracy`` (estimates) and the metrics at every checkpoint.

    Raises
    ------
    InvalidParameterError
        On an unknown model or attack, or a parameter out of range.

    Examples
    --------
    >>> r = run_cluster_labeling(30, 60, attacks=("sign",), n_test=200, per_cluster=2)
    >>> r.train_accuracy.value, r.recovery_accuracy.value > 0.9
    (1.0, True)

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 6.
    """
    started = time.perf_counter()
    if model not in MODEL_DEFAULTS:
        raise InvalidParameterError(f"unknown model {model!r}; use 'logistic' or 'mlp'")
    unknown = [a for a in (*attacks, *checkpoint_attacks) if a not in ATTACKS]
    if unknown:
        raise InvalidParameterError(f"unknown attack {unknown[0]!r}; choose from {ATTACKS}")
    if not attacks:
        raise InvalidParameterError("name at least one attack to run on the trained model")
    if primary_attack is None:
        primary_attack = "coordinate-ascent" if "coordinate-ascent" in attacks else attacks[0]
    if primary_attack not in attacks:
        raise InvalidParameterError(
            f"the primary attack {primary_attack!r} must be one of the attacks run {tuple(attacks)}"
        )
    if checkpoints < 0 or checkpoint_targets < 1 or n_test < 1 or per_cluster < 1:
        raise InvalidParameterError(
            "checkpoints must be >= 0 and checkpoint_targets, n_test, per_cluster >= 1"
        )
    defaults = MODEL_DEFAULTS[model]
    steps = defaults["steps"] if steps is None else int(steps)
    learning_rate = defaults["learning_rate"] if learning_rate is None else float(learning_rate)

    rng = np.random.default_rng(seed)
    data = sample_cluster_labeling(
        n, d, N=N, rho=rho, prior=prior, zipf_exponent=zipf_exponent, n_labels=n_labels, rng=rng
    )
    singles = data.singleton_index
    if not singles.size:
        raise InvalidParameterError(
            "the training sample has no singleton cluster to attack; take N closer to n"
        )
    x, y = data.train_x, data.train_y
    if defaults["duplicate_singletons"]:
        x = np.concatenate([x, x[singles]])
        y = np.concatenate([y, y[singles]])
    if model == "logistic":
        classifier = LogisticRegression(d, data.n_labels)
    else:
        classifier = MLP(d, data.n_labels, hidden=hidden, rng=rng)
    drop_at = () if defaults["drop"] is None else (max(1, int(defaults["drop"] * steps)),)

    # Fresh evaluation points, drawn once so that checkpoints are comparable.
    test_cluster = rng.choice(data.N, size=n_test, p=data.weights)
    test_x = data.examples(test_cluster, rng)
    counts = data.cluster_count
    seen = np.flatnonzero(counts >= 1)
    probe_cluster = np.repeat(seen, per_cluster)
    probe_x = data.examples(probe_cluster, rng)
    probe_single = counts[probe_cluster] == 1

    truth = data.train_x[singles]
    labels = data.train_y[singles]
    known = data.centers(data.train_cluster[singles])
    irrelevant = ~data.fixed[data.train_cluster[singles]]
    score = score_function(classifier)
    marks = sorted({0, steps, *np.linspace(0, steps, checkpoints + 2).round().astype(int)})
    history: list[Checkpoint] = []
    attack_seconds = 0.0

    def predict(points: np.ndarray) -> np.ndarray:
        return classifier.logits(points).argmax(axis=1)

    def checkpoint(step: int) -> None:
        nonlocal attack_seconds
        if step not in marks:
            return
        probe_hits = predict(probe_x) == data.cluster_label[probe_cluster]
        accuracy = {
            "train": bernoulli_estimate(predict(data.train_x) == data.train_y, "training set"),
            "test": bernoulli_estimate(
                predict(test_x) == data.cluster_label[test_cluster], "fresh draws from P"
            ),
            "represented": bernoulli_estimate(probe_hits, "clusters seen in training"),
            "singleton": bernoulli_estimate(probe_hits[probe_single], "singleton clusters"),
        }
        final = step == steps
        run = tuple(attacks) if final else tuple(checkpoint_attacks)
        take = slice(None) if final else slice(0, checkpoint_targets)
        entry = Checkpoint(step, accuracy)
        clock = time.perf_counter()
        for name in run:
            guess = _run_attack(name, score, labels[take], d, known[take], sweeps)
            entry.recovery[name] = mean_estimate(
                recovery_fractions(guess, truth[take]), "singleton examples, all d bits"
            )
            entry.recovery_irrelevant[name] = mean_estimate(
                recovery_fractions(guess, truth[take], irrelevant[take]),
                "singleton examples, coordinates their cluster leaves free",
            )
        attack_seconds += time.perf_counter() - clock
        history.append(entry)

    train_clock = time.perf_counter()
    with progress_bar(steps, f"{model} training", progress) as bar:
        def callback(step: int) -> None:
            checkpoint(step)
            if step:
                bar.update(1)

        nesterov_fit(classifier, x, y, steps=steps, learning_rate=learning_rate,
                     momentum=momentum, drop_at=drop_at, callback=callback)
    training_seconds = time.perf_counter() - train_clock - attack_seconds
    params = {
        "n": n, "d": d, "N": data.N, "rho": data.rho, "prior": prior, "n_labels": data.n_labels,
        "model": model, "steps": steps, "learning_rate": learning_rate, "momentum": momentum,
        "drop_at": list(drop_at), "duplicate_singletons": defaults["duplicate_singletons"],
        "seed": seed, "sweeps": sweeps,
    }
    if model == "mlp":
        params["hidden"] = hidden
    if prior == "zipf":
        params["zipf_exponent"] = zipf_exponent
    sizes = {
        "n_singletons": int(singles.size), "n_test": n_test,
        "n_represented_test": int(probe_cluster.size),
        "n_singleton_test": int(probe_single.sum()),
        "checkpoint_targets": int(min(checkpoint_targets, singles.size)),
    }
    total = time.perf_counter() - started
    seconds = {"training": training_seconds, "attacks": attack_seconds, "total": total}
    return ExperimentResult("cluster-labeling", model, params, history, primary_attack, sizes,
                            seconds)
