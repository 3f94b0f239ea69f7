"""Exact error and memorization: closed forms, identities, and an independent reference.

The reference builds the joint law of (P, J, X, M) over *sequences* straight
from the task's component laws with :class:`commlb.info.Distribution` and
computes every quantity with :mod:`commlb.info` — no code of the learning
layer's computation (multisets, integer masses, entropy sums) is involved.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.errors import InvalidParameterError
from commlb.info import Distribution, Exact, binary_entropy, mutual_information
from commlb.learning import Learner, get_learner, get_task, memorization
from commlb.learning.training import enumerate_task
from commlb.testing import learners, tasks

F = Fraction


def reference(task, law_of_output):
    """I(X;M|P), error, I(X_S;M|P,S), H(X|P) from first principles.

    ``law_of_output(sequence of examples) -> {model tuple: prob}``.
    """
    comps, qc = task.components, task.component_probs
    inputs, labels = task.inputs, task.labels
    outcomes: dict = {}
    error = F(0)
    for P in itertools.product(range(len(comps)), repeat=task.N):
        qP = math.prod(qc[c] for c in P)
        test = [task.test_law(j, comps[P[j]]) for j in range(task.N)]
        mix = [[sum(task.weights[j] * test[j][a][b] for j in range(task.N))
                for b in range(len(labels))] for a in range(len(inputs))]
        for J in itertools.product(range(task.N), repeat=task.n):
            wJ = math.prod(task.weights[j] for j in J)
            laws = [task.example_law(j, comps[P[j]]) for j in J]
            S = tuple(i for i in range(task.n) if J.count(J[i]) == 1)
            for x in itertools.product(range(len(task.examples)), repeat=task.n):
                px = qP * wJ * math.prod(laws[i][x[i]] for i in range(task.n))
                if not px:
                    continue
                for g, q in law_of_output(tuple(task.examples[z] for z in x)).items():
                    if not q:
                        continue
                    key = (P, S, x, tuple(x[i] for i in S), g)
                    outcomes[key] = outcomes.get(key, 0) + px * q
                    hit = sum(mix[a][g[a]] for a in range(len(inputs)))
                    error += px * q * (1 - hit)
    law = Distribution(outcomes, names=("P", "S", "X", "XS", "M"))
    return (mutual_information(law, "X", "M", given="P"), error,
            mutual_information(law, "XS", "M", given=("P", "S")))


def table_learner(law_of_output, symmetric=False):
    return Learner(law_of_output, name="table", symmetric=symmetric)


# -- closed forms -----------------------------------------------------------------------


@pytest.mark.parametrize("delta,eta", [(F(1, 2), F(1, 8)), (F(1, 4), F(1, 3)), (F(1, 4), F(0))])
def test_one_bit_closed_forms(delta, eta):
    """d = N = n = 1: bits flip with e = δ/2; M is the stored bit through BSC(η)."""
    task = get_task("next-symbol", d=1, N=1, n=1, delta=delta)
    e = delta / 2
    conv = e * (1 - eta) + eta * (1 - e)
    bayes = memorization(task, "bayes-optimal")
    assert bayes.optimal_error == 2 * e * (1 - e)
    assert bayes.error == bayes.optimal_error
    assert bayes.memorization_bits == binary_entropy(e)
    assert bayes.entropy_bits == binary_entropy(e)
    assert bayes.singleton_memorization_bits == binary_entropy(e)  # N = n = 1: S = {1}
    noisy = memorization(task, f"noisy-memorizer({eta})")
    assert noisy.error == conv * (1 - e) + (1 - conv) * e
    assert noisy.memorization_bits == binary_entropy(conv) - binary_entropy(eta)
    assert noisy.per_example_bits == [noisy.memorization_bits]


def test_cluster_closed_form():
    """d = 1, N = 2, n = 1, ρ = 1: cluster j sits at the bit b_j; X = (b_j, j).

    err* = Pr[x' = b_j]·(1/3) = (3/4)(1/3) = 1/4.  H(X | P) = H(j) = 1.  Bayes
    outputs g(u) = j ⊕ x ⊕ u, i.e. M = j ⊕ b_j: a fair bit when b_0 = b_1 and
    the constant b_0 when b_0 != b_1, so I(X; M | P) = 1/2.
    """
    task = get_task("cluster-labeling", d=1, N=2, n=1, rho=1)
    r = memorization(task, "bayes-optimal")
    assert r.optimal_error == F(1, 4)
    assert r.memorization_bits == F(1, 2)
    assert r.entropy_bits == 1
    const = memorization(task, "constant")
    assert const.error == F(1, 2) and const.memorization_bits == 0


# -- identities on random tiny tasks and learners --------------------------------------


@settings(max_examples=15)
@given(st.data())
def test_bounds_and_constant(data):
    task = data.draw(tasks())
    learner = data.draw(learners(task))
    r = memorization(task, learner)
    assert 0 <= r.memorization_bits <= r.entropy_bits
    assert 0 <= r.singleton_memorization_bits <= r.singleton_entropy_bits
    assert r.optimal_error <= r.error <= 1
    assert all(0 <= v <= r.memorization_bits for v in r.per_example_bits)
    assert memorization(task, "constant", singletons=False).memorization_bits == Exact(0)
    best = memorization(task, "bayes-optimal", singletons=False)
    assert best.error == best.optimal_error == r.optimal_error


@settings(max_examples=12)
@given(st.data())
def test_agrees_with_reference(data):
    task = data.draw(tasks(max_d=1, max_N=2, max_n=2))
    learner = data.draw(learners(task, builtin=False))
    info, error, singleton = reference(task, learner.function)
    r = memorization(task, learner)
    assert r.memorization_bits == info
    assert r.error == error
    assert r.singleton_memorization_bits == singleton


@pytest.mark.parametrize("name", ["bayes-optimal", "nearest-neighbour", "forgetful(1)",
                                  "noisy-memorizer(1/4)"])
def test_builtin_on_sequences_matches_multisets(name):
    """A symmetric learner evaluated on sequences (as a user learner) gives the same numbers."""
    task = get_task("cluster-labeling", d=1, N=2, n=2, rho=F(1, 2))
    r = memorization(task, name)
    enum = enumerate_task(task)
    channel = get_learner(name).channel(enum)
    models = [tuple(int(v) for v in m) for m in channel.models]
    laws: dict = {}
    for x, m, v in zip(channel.rows, channel.cols, channel.vals, strict=True):
        laws.setdefault(int(x), {})[models[m]] = F(int(v), channel.den)
    index = {z: i for i, z in enumerate(task.examples)}

    def on_sequence(X):
        key = tuple(sorted(index[z] for z in X))
        x = int(enum.space.index_of([key])[0])
        return {tuple(task.labels[a] for a in g): p for g, p in laws[x].items()}

    seq = memorization(task, Learner(on_sequence, name="sequence view"))
    assert seq.memorization_bits == r.memorization_bits
    assert seq.error == r.error
    assert seq.per_example_bits == r.per_example_bits
    assert seq.singleton_memorization_bits == r.singleton_memorization_bits
    info, error, singleton = reference(task, on_sequence)
    assert (info, error, singleton) == (r.memorization_bits, r.error,
                                        r.singleton_memorization_bits)


def test_noisy_memorizer_is_monotone_in_eta():
    task = get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 4))
    etas = [F(0), F(1, 16), F(1, 8), F(1, 4), F(1, 2)]
    results = [memorization(task, f"noisy-memorizer({eta})", singletons=False) for eta in etas]
    errors = [r.error for r in results]
    bits = [r.memorization_bits for r in results]
    assert errors == sorted(errors) and bits == sorted(bits, reverse=True)
    assert errors[0] == results[0].optimal_error and bits[-1] == 0 and errors[-1] == F(1, 2)


def test_zipf_prior_runs_in_float_mode():
    task = get_task("cluster-labeling", d=1, N=2, n=2, rho=F(1, 2), prior="zipf:1.5")
    r = memorization(task, "bayes-optimal")
    assert not task.exact and isinstance(r.memorization_bits, float)
    assert 0 <= r.memorization_bits <= r.entropy_bits + 1e-12
    assert abs(r.error - r.optimal_error) < 1e-12


def test_bad_learner_is_refused():
    task = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    with pytest.raises(InvalidParameterError):
        memorization(task, "oracle")
    with pytest.raises(InvalidParameterError):
        memorization(task, "noisy-memorizer(2)")
    with pytest.raises(InvalidParameterError):
        memorization(task, Learner(lambda X: {"not": "a function"}, name="bad"))
    with pytest.raises(InvalidParameterError):
        memorization(task, Learner(lambda X: {(0,): F(1, 2), (1,): F(1, 3)}, name="short"))
