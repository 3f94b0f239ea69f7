"""The catalogue: every law sums to one exactly and has its documented marginals."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from commlb.errors import CommlbError, InstanceTooLargeError, InvalidParameterError
from commlb.problems import catalogue, get, names

F = Fraction


def _prob(problem, predicate):
    """Σ μ(x, y, t) over the triples satisfying predicate(x, y, t), via the info law."""
    return sum((p for (x, y, t), p in problem.law.items() if predicate(x, y, t)), F(0))


def test_catalogue_names_and_docs():
    assert names() == ["index", "augmented-index", "noisy-augmented-index", "gap-hamming",
                       "gap-hamming-promise", "equality", "singletons",
                       "multi-sample-gap-hamming"]
    for entry in catalogue():
        assert entry.description and entry.parameters
        assert set(entry.example) <= set(entry.parameters)


@pytest.mark.parametrize("entry", catalogue(), ids=lambda e: e.name)
def test_every_law_sums_to_one_exactly(entry):
    problem = get(entry.name, **entry.example)
    assert problem.exact and problem.law.exact
    assert sum((p for _, p in problem.law.items()), F(0)) == 1
    assert problem.joint_array().sum() == 1
    assert problem.law.names == ("X", "Y", "T")
    assert 0 <= problem.optimal_error() <= problem.trivial_error() <= 1


@pytest.mark.parametrize("d", [1, 2, 3])
def test_index_law(d):
    problem = get("index", d=d)
    assert all(p == F(1, 2**d * d) for _, p in problem.law.items())
    assert len(problem.law.support()) == 2**d * d
    assert _prob(problem, lambda x, i, t: t == x[i]) == 1


@pytest.mark.parametrize("d", [1, 2, 3])
def test_augmented_index_law(d):
    problem = get("augmented-index", d=d)
    assert len(problem.bob_alphabet) == 2**d - 1
    assert _prob(problem, lambda x, y, t: y[1] == x[: y[0]] and t == x[y[0]]) == 1
    for i in range(d):
        assert _prob(problem, lambda x, y, t, i=i: y[0] == i) == F(1, d)


@pytest.mark.parametrize("d, delta", [(1, F(1, 2)), (2, F(1, 4)), (3, F(1)), (2, F(0))])
def test_noisy_augmented_index_law(d, delta):
    problem = get("noisy-augmented-index", d=d, delta=delta)
    q = 2 * (delta / 2) * (1 - delta / 2)  # two independent flips of rate delta/2 disagree
    for x in problem.alice_alphabet:
        assert _prob(problem, lambda a, y, t, x=x: a == x) == F(1, 2**d)
    assert _prob(problem, lambda x, y, t: t != x[y[0]]) == q
    for j in range(d - 1):  # a prefix bit of Bob's copy differs from x w.p. q, given it is seen
        seen = _prob(problem, lambda x, y, t, j=j: y[0] > j)
        assert _prob(problem, lambda x, y, t, j=j: y[0] > j and y[1][j] != x[j]) == q * seen
    assert problem.optimal_error() == q


@pytest.mark.parametrize("d, rho", [(1, F(0)), (2, F(1, 2)), (3, F(1, 3)), (2, F(1))])
def test_gap_hamming_law(d, rho):
    problem = get("gap-hamming", d=d, rho=rho)
    assert _prob(problem, lambda x, y, t: t == 1) == F(1, 2)
    for j in range(d):
        agree_corr = _prob(problem, lambda x, y, t, j=j: t == 1 and x[j] == y[j])
        agree_ind = _prob(problem, lambda x, y, t, j=j: t == 0 and x[j] == y[j])
        assert agree_corr == (1 + rho) / 2 / 2  # P(T=1)·(1+rho)/2
        assert agree_ind == F(1, 4)
        for a, b in itertools.product((-1, 1), repeat=2):  # coordinates uniform ±1
            assert _prob(problem, lambda x, y, t, j=j, a=a: x[j] == a) == F(1, 2)
            assert _prob(problem, lambda x, y, t, j=j, b=b: y[j] == b) == F(1, 2)
    assert set(problem.alice_alphabet[0]) <= {-1, 1}


@pytest.mark.parametrize("rho", [F(0), F(1, 2), F(1)])
def test_gap_hamming_one_coordinate_optimal_error(rho):
    # y = x: T=1 has mass (1+rho)/8 vs T=0 1/8; y != x: (1-rho)/8 vs 1/8.
    assert get("gap-hamming", d=1, rho=rho).optimal_error() == (2 - rho) / 4


@pytest.mark.parametrize("d, g", [(2, 1), (2, 2), (3, 1), (3, 3)])
def test_gap_hamming_promise_law(d, g):
    problem = get("gap-hamming-promise", d=d, g=g)
    for (x, y, t), _ in problem.law.items():
        inner = sum(a * b for a, b in zip(x, y, strict=True))
        assert abs(inner) >= g and t == np.sign(inner)
    assert problem.optimal_error() == 0
    uniform = get("gap-hamming-promise", d=d, g=g, law="uniform")
    assert all(p == F(1, 4**d) for _, p in uniform.law.items())
    assert uniform.loss(0, -1) == uniform.loss(0, 1) == 0 and uniform.loss(1, -1) == 1


@pytest.mark.parametrize("d", [1, 2, 3])
def test_equality_law(d):
    problem = get("equality", d=d)
    assert _prob(problem, lambda x, y, t: t == 1) == F(1, 2) + F(1, 2 ** (d + 1))
    assert _prob(problem, lambda x, y, t: t == int(x == y)) == 1
    for y0 in problem.bob_alphabet:
        assert _prob(problem, lambda x, y, t, y0=y0: y == y0) == F(1, 2**d)


@pytest.mark.parametrize("k, d, rho", [(1, 2, F(1, 2)), (2, 1, F(1, 3)), (2, 2, F(1))])
def test_singletons_cluster_law(k, d, rho):
    problem = get("singletons", k=k, component="cluster", d=d, rho=rho)
    # Labels are cluster indices; the target's cluster is uniform, and Bob's string
    # agrees with that cluster's training example w.p. (1+rho)/2 per coordinate.
    for j in range(k):
        assert _prob(problem, lambda x, y, t, j=j: t == j) == F(1, k)
        for c in range(d):
            assert _prob(problem, lambda x, y, t, j=j, c=c: t == j and x[j][0][c] == y[c]) \
                == F(1, k) * (1 + rho) / 2
    # Same law as multi-sample Gap-Hamming with task "identify".
    other = get("multi-sample-gap-hamming", k=k, d=d, rho=rho, task="identify")
    assert (problem.joint_array() == other.joint_array()).all()


def test_singletons_cluster_random_labels():
    problem = get("singletons", k=2, component="cluster", d=1, rho=1, labels=3)
    assert problem.output_alphabet == (0, 1, 2)
    for label in range(3):
        assert _prob(problem, lambda x, y, t, label=label: x[0][1] == label) == F(1, 3)
    # Bob's target is the label of the training example of his cluster.
    assert _prob(problem, lambda x, y, t: t in (x[0][1], x[1][1])) == 1


@pytest.mark.parametrize("d, delta", [(1, F(1, 2)), (2, F(1, 4)), (3, F(1, 3))])
def test_singletons_next_symbol_one_slot_is_noisy_augmented_index(d, delta):
    single = get("singletons", k=1, component="next-symbol", d=d, delta=delta)
    core = get("noisy-augmented-index", d=d, delta=delta)
    assert [x for (x,) in single.alice_alphabet] == list(core.alice_alphabet)
    assert single.bob_alphabet == core.bob_alphabet
    assert (single.joint_array() == core.joint_array()).all()


def test_singletons_next_symbol_cut_training():
    problem = get("singletons", k=1, component="next-symbol", d=2, delta=0, training="cut")
    # Without noise Bob errs only on bits Alice's cut example did not show: the cut u
    # is uniform on {0, 1} and Bob's position i too; Alice shows bits 0..u.
    # Unseen iff i > u, i.e. (u, i) = (0, 1): probability 1/4, error 1/2 then.
    assert problem.optimal_error() == F(1, 8)


@pytest.mark.parametrize("k, d, rho", [(1, 2, F(1, 2)), (2, 1, F(1, 3)), (3, 1, F(1))])
def test_multi_sample_gap_hamming_law(k, d, rho):
    problem = get("multi-sample-gap-hamming", k=k, d=d, rho=rho)
    assert _prob(problem, lambda x, y, t: t == 1) == F(1, 2)
    # Given T = 1, y agrees with x_J on a coordinate w.p. (1+rho)/2, J uniform; with
    # the other strings w.p. 1/2.  So the average agreement over the k strings is:
    avg = _prob(problem, lambda x, y, t: t == 1 and x[0][0] == y[0])
    assert avg == F(1, 2) * (F(1, k) * (1 + rho) / 2 + F(k - 1, k) / 2)
    if k == 1:
        base = get("gap-hamming", d=d, rho=rho)
        assert (problem.joint_array() == base.joint_array()).all()


@pytest.mark.parametrize("name, params, message", [
    ("index", {"d": 0}, "at least 1"),
    ("index", {"d": -2}, "at least 1"),
    ("index", {"d": F(3, 2)}, "integer"),
    ("index", {"d": True}, "number"),
    ("index", {"d": "three"}, "number"),
    ("augmented-index", {"d": 0}, "at least 1"),
    ("noisy-augmented-index", {"d": 2, "delta": F(-1, 10)}, r"\[0, 1\]"),
    ("noisy-augmented-index", {"d": 2, "delta": "1.5"}, r"\[0, 1\]"),
    ("noisy-augmented-index", {"d": 2}, "needs parameter"),
    ("gap-hamming", {"d": 2, "rho": 1.1}, r"\[0, 1\]"),
    ("gap-hamming", {"d": 2, "rho": -0.5}, r"\[0, 1\]"),
    ("gap-hamming", {"d": 2, "rho": float("nan")}, "finite"),
    ("gap-hamming-promise", {"d": 2, "g": 3}, "at most 2"),
    ("gap-hamming-promise", {"d": 2, "g": 0}, "at least 1"),
    ("gap-hamming-promise", {"d": 2, "g": 1, "law": "other"}, "one of"),
    ("equality", {"d": 0}, "at least 1"),
    ("singletons", {"k": 0, "component": "cluster", "d": 1, "rho": 1}, "at least 1"),
    ("singletons", {"k": 1, "component": "ring", "d": 1}, "one of"),
    ("singletons", {"k": 1, "component": "cluster", "d": 1}, "needs d and rho"),
    ("singletons", {"k": 1, "component": "cluster", "d": 1, "rho": 2}, r"\[0, 1\]"),
    ("singletons", {"k": 1, "component": "cluster", "d": 1, "rho": 1, "labels": 0},
     "at least 1"),
    ("singletons", {"k": 1, "component": "next-symbol", "d": 1, "delta": 3}, r"\[0, 1\]"),
    ("singletons", {"k": 1, "component": "next-symbol", "d": 1, "delta": 0, "rho": 1},
     "takes parameters"),
    ("singletons", {"k": 5, "component": "cluster", "d": 3, "rho": 1}, "above"),
    ("multi-sample-gap-hamming", {"k": 0, "d": 1, "rho": 0}, "at least 1"),
    ("multi-sample-gap-hamming", {"k": 2, "d": 1, "rho": 0, "task": "x"}, "one of"),
    ("multi-sample-gap-hamming", {"k": 9, "d": 2, "rho": 0}, "above"),
    ("no-such-problem", {}, "unknown problem"),
    ("index", {"d": 2, "rho": 1}, "takes parameters"),
])
def test_bad_parameters_are_refused(name, params, message):
    with pytest.raises(InvalidParameterError, match=message):
        get(name, **params)


def test_parameters_are_read_exactly():
    assert get("gap-hamming", d="2", rho="0.5").params == {"d": 2, "rho": F(1, 2)}
    assert get("gap-hamming", d=2.0, rho=0.1).params["rho"] == F(1, 10)
    assert get("gap-hamming", d=2, rho="1/10").params_json() == {"d": 2, "rho": "1/10"}
    assert get("Gap_Hamming", d=1, rho=1).name == "gap-hamming"
    # params_json round-trips through get.
    problem = get("singletons", k=2, component="next-symbol", d=2, delta="1/3")
    again = get(problem.name, **problem.params_json())
    assert (again.joint_array() == problem.joint_array()).all()


def test_oversized_enumerations_are_refused():
    problem = get("augmented-index", d=5)  # |Y| = 31: 2^31 decision functions
    with pytest.raises(InstanceTooLargeError, match="2147483648"):
        problem.decision_distortion()
    with pytest.raises(InstanceTooLargeError, match="max_functions"):
        get("index", d=3).decision_distortion(max_functions=7)
    with pytest.raises(InstanceTooLargeError):
        get("index", d=3).decision_function_table(max_functions=4)
    assert issubclass(InstanceTooLargeError, CommlbError)
