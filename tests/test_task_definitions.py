"""One definition of each task in every layer (commlb.problems.training).

The same tiny next-symbol law, built by the exact task, the Singletons component, the
reductions, the component law of the direct sum and the experiment's sampler, must be
one law; the closed-form bound states the same setting; the defaults agree everywhere.
"""

import inspect
import itertools
from fractions import Fraction as F

import numpy as np
import pytest

from commlb.bounds import direct_sum, noisy_next_symbol_ic
from commlb.learning import get_task
from commlb.learning.experiments import run_cluster_labeling, sample_cluster_labeling
from commlb.learning.experiments.next_symbol import sample_next_symbol
from commlb.learning.experiments.next_symbol_experiment import run_next_symbol
from commlb.learning.experiments.procedures import NEXT_SYMBOL_PROCEDURES
from commlb.problems import get
from commlb.problems.training import (
    DEFAULT_LABELS,
    DEFAULT_POSITIONS,
    DEFAULT_TRAINING,
    position_law,
)
from commlb.reductions import get as get_reduction
from commlb.reductions.direct_sum import ComponentToSingletons


def _task_joint(task) -> dict:
    """``P(training example a, test prefix u, label y)`` of a one-subpopulation task."""
    out: dict = {}
    for q, c in zip(task.component_probs, task.components, strict=True):
        train = task.example_law(0, c)
        test = task.test_law(0, c)
        for a, pa in zip(task.examples, train, strict=True):
            for u, row in zip(task.inputs, test, strict=True):
                for y, py in zip(task.labels, row, strict=True):
                    key = (a, u, y)
                    out[key] = out.get(key, 0) + q * pa * py
    return {k: v for k, v in out.items() if v}


def _problem_joint(problem) -> dict:
    """The same law read from Singletons(1, next-symbol): Bob's input is ``(i, prefix)``."""
    mu = problem.joint_array()
    out = {}
    for (ia, a), (iy, y), (it, t) in itertools.product(enumerate(problem.alice_alphabet),
                                                       enumerate(problem.bob_alphabet),
                                                       enumerate(problem.target_alphabet)):
        if mu[ia, iy, it]:
            (slot,) = a  # k = 1: Alice's input is a 1-tuple of examples
            out[(slot, tuple(y[1]), t)] = mu[ia, iy, it]
    return out


CASES = [dict(training="whole"), dict(training="cut"),
         dict(training="cut", positions="nonempty"), dict(training="whole", positions=[F(1, 4), F(3, 4)])]


@pytest.mark.parametrize("setting", CASES)
def test_the_exact_task_and_the_singletons_component_are_one_law(setting):
    delta = F(1, 2)
    task = get_task("next-symbol", d=2, N=1, n=1, delta=delta, **setting)
    problem = get("singletons", k=1, component="next-symbol", d=2, delta=delta, **setting)
    assert _task_joint(task) == _problem_joint(problem)
    # the planting reduction builds its source from the task's own definition
    reduction = get_reduction("singletons-to-next-symbol", d=2, N=1, n=1, delta=delta, **setting)
    assert (reduction.source.joint_array() == problem.joint_array()).all()
    assert reduction.source.params == problem.params


@pytest.mark.parametrize("setting", CASES[:3])
def test_the_direct_sum_reads_the_component_law_from_the_same_definition(setting):
    delta = F(1, 4)
    task = get_task("next-symbol", d=2, N=1, n=1, delta=delta, **setting)
    law = ComponentToSingletons._component_law("next-symbol", {"d": 2, "delta": delta, **setting})
    for (_q, entry), c in zip(law, task.components, strict=True):
        assert entry["law"] == dict(zip(task.examples, task.example_law(0, c), strict=True))


def test_one_default_everywhere():
    assert (DEFAULT_TRAINING, DEFAULT_POSITIONS, DEFAULT_LABELS) == ("whole", "all", "index")
    task = get_task("next-symbol", d=2, N=1, n=1, delta=F(1, 4))
    problem = get("singletons", k=1, component="next-symbol", d=2, delta=F(1, 4))
    assert task.training == problem.params["training"] == DEFAULT_TRAINING
    assert task.params["positions"] == problem.params["positions"] == DEFAULT_POSITIONS
    assert noisy_next_symbol_ic().setting == {"training": DEFAULT_TRAINING,
                                              "positions": DEFAULT_POSITIONS}
    assert direct_sum(noisy_next_symbol_ic()).setting == noisy_next_symbol_ic().setting
    # the experiment's default preset tests at the task's position law
    assert NEXT_SYMBOL_PROCEDURES["paper"].positions == DEFAULT_POSITIONS
    assert inspect.signature(run_next_symbol).parameters["procedure"].default == "paper"
    for function, name, default in [(run_next_symbol, "training", DEFAULT_TRAINING),
                                    (run_cluster_labeling, "labels", DEFAULT_LABELS),
                                    (sample_cluster_labeling, "labels", DEFAULT_LABELS)]:
        assert inspect.signature(function).parameters[name].default == default, function
    assert get_task("cluster-labeling", d=1, N=1, n=1, rho=F(1, 2)).label_mode == DEFAULT_LABELS


def test_the_optimal_errors_the_issue_found_different_are_now_one_choice():
    # d = 2, N = n = 1, delta = 1/2: whole strings give 3/8, cut ones 13/32; both layers agree.
    from commlb.learning.training import enumerate_task

    for training, expected in (("whole", F(3, 8)), ("cut", F(13, 32))):
        task = get_task("next-symbol", d=2, N=1, n=1, delta=F(1, 2), training=training)
        problem = get("singletons", k=1, component="next-symbol", d=2, delta=F(1, 2),
                      training=training)
        assert enumerate_task(task).optimal_error() == problem.optimal_error() == expected


def test_the_experiments_sampler_draws_the_tasks_law():
    # N = 1: every training string is a noisy copy of one reference; its law is the task's.
    rng = np.random.default_rng(7)
    data = sample_next_symbol(20000, 2, N=1, delta=0.5, rng=rng)
    task = get_task("next-symbol", d=2, N=1, n=1, delta=F(1, 2))
    c = tuple(int(b) for b in data.references[0])
    exact = dict(zip(task.examples, task.example_law(0, c), strict=True))
    strings, counts = np.unique(data.train_z, axis=0, return_counts=True)
    for z, count in zip(map(tuple, strings.tolist()), counts, strict=True):
        p = float(exact[z])
        assert abs(count / 20000 - p) <= 5 * (p * (1 - p) / 20000) ** 0.5, (z, count, p)


def test_positions_law_is_one_law_with_the_follow_up_variant():
    assert position_law(4, "nonempty") == (0, F(1, 3), F(1, 3), F(1, 3))
    task = get_task("next-symbol", d=4, N=1, n=1, delta=F(1, 4), positions="nonempty")
    assert task.position == position_law(4, "nonempty")
    with pytest.raises(Exception, match="positions"):
        get("singletons", k=1, component="next-symbol", d=2, delta=0, positions="some")


def test_singletons_of_index_labelled_clusters_is_multi_sample_gap_hamming_identify():
    # Two examples of one hypercube cluster are rho-correlated uniform strings and Bob's
    # fresh example given Alice's is P_rho(y | a): the joint laws coincide once Alice's
    # labelled examples ((a_j, j))_j are read as her strings (a_j)_j.
    for k, d in ((2, 1), (2, 2), (3, 1)):
        one = get("singletons", k=k, component="cluster", d=d, rho=F(1, 2))
        other = get("multi-sample-gap-hamming", k=k, d=d, rho=F(1, 2), task="identify")
        assert all(label == j for x in one.alice_alphabet for j, (_, label) in enumerate(x))
        strings = {tuple(a for a, _ in x): i for i, x in enumerate(one.alice_alphabet)}
        order = [strings[x] for x in other.alice_alphabet]
        assert one.bob_alphabet == other.bob_alphabet
        assert list(one.target_alphabet) == list(other.target_alphabet)
        assert (one.joint_array(exact=True)[order] == other.joint_array(exact=True)).all()
