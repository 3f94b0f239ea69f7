"""Closed forms for the standard protocols' errors and information costs."""

import math
from fractions import Fraction

import pytest

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.info import Exact, binary_entropy
from commlb.problems import get
from commlb.protocols import (
    OneWayProtocol,
    communication_cost,
    distributional_error,
    external_information_cost,
    get_protocol,
    internal_information_cost,
    message_entropy,
    mixture,
    worst_case_error,
)

F = Fraction


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("eps", [F(0), F(1, 8), F(1, 3), F(1, 2)])
def test_noisy_send_on_index_closed_form(d, eps):
    problem = get("index", d=d)
    protocol = get_protocol("noisy-send", problem, eps=eps)
    # I(X; M) = d·(1 - h(eps)): each bit through BSC(eps), bits independent.
    expected = d * (1 - binary_entropy(eps))
    assert external_information_cost(protocol, problem) == expected
    # Y = i is independent of X, so the internal cost is the same.
    assert internal_information_cost(protocol, problem) == expected
    assert distributional_error(protocol, problem) == eps
    if eps < F(1, 2):  # at 1/2 Bob's tie-break (always 0) is wrong on every x_i = 1
        assert worst_case_error(protocol, problem) == eps
    assert communication_cost(protocol, problem) == d


def test_noisy_send_above_one_half_is_decoded_by_flipping():
    problem = get("index", d=2)
    protocol = get_protocol("noisy-send", problem, eps=F(3, 4))
    assert distributional_error(protocol, problem) == F(1, 4)
    assert external_information_cost(protocol, problem) == 2 * (1 - binary_entropy(F(1, 4)))


@pytest.mark.parametrize("d", [1, 2, 3])
def test_noisy_send_on_augmented_index_internal_cost(d):
    eps = F(1, 5)
    problem = get("augmented-index", d=d)
    protocol = get_protocol("noisy-send", problem, eps=eps)
    capacity = 1 - binary_entropy(eps)
    assert distributional_error(protocol, problem) == eps
    assert external_information_cost(protocol, problem) == d * capacity
    # Given (i, x_<i), only the d - i bits from i on are unknown: average (d+1)/2.
    assert internal_information_cost(protocol, problem) == F(d + 1, 2) * capacity


@pytest.mark.parametrize("m", [0, 1, 2, 3])
def test_send_prefix_on_index(m):
    problem = get("index", d=3)
    protocol = get_protocol("send-prefix", problem, m=m)
    # Bob knows x_i when i < m; otherwise a fair guess.
    assert distributional_error(protocol, problem) == F(3 - m, 3) / 2
    assert external_information_cost(protocol, problem) == m
    assert communication_cost(protocol, problem) == m


@pytest.mark.parametrize("d, bits", [(1, 1), (2, 1), (2, 2), (3, 2)])
def test_hash_on_equality(d, bits):
    problem = get("equality", d=d)
    protocol = get_protocol("hash", problem, bits=bits)
    # Wrong only when x != y (probability (1 - 2^-d)/2) and all parities collide (2^-bits).
    assert distributional_error(protocol, problem) == F(1, 2) * (1 - F(1, 2**d)) / 2**bits
    assert worst_case_error(protocol, problem) == F(1, 2**bits)
    assert communication_cost(protocol, problem) == bits


def test_hash_one_parity_information():
    # One uniform parity r·x of a uniform x: M is constant when r = 0, else a fair bit.
    problem = get("equality", d=2)
    protocol = get_protocol("hash", problem, bits=1)
    assert external_information_cost(protocol, problem) == F(3, 4)


@pytest.mark.parametrize("name, params", [
    ("index", {"d": 3}), ("augmented-index", {"d": 3}),
    ("noisy-augmented-index", {"d": 2, "delta": "1/3"}), ("gap-hamming", {"d": 2, "rho": "1/2"}),
    ("gap-hamming-promise", {"d": 3, "g": 3}), ("equality", {"d": 2}),
    ("singletons", {"k": 2, "component": "cluster", "d": 1, "rho": "1/2"}),
    ("singletons", {"k": 2, "component": "next-symbol", "d": 2, "delta": "1/2"}),
    ("multi-sample-gap-hamming", {"k": 2, "d": 1, "rho": "1/3"}),
])
def test_send_everything_and_silent_reach_their_bounds(name, params):
    problem = get(name, **params)
    everything = get_protocol("send-everything", problem)
    silent = get_protocol("silent", problem)
    assert distributional_error(everything, problem) == problem.optimal_error()
    assert distributional_error(silent, problem) == problem.trivial_error()
    # Catalogue inputs of Alice are uniform: sending x costs H(X) = log2 |X|.
    size = len(problem.alice_alphabet)
    assert external_information_cost(everything, problem) == Exact.log2(size)
    assert internal_information_cost(everything, problem) <= Exact.log2(size)
    assert external_information_cost(silent, problem) == 0
    assert internal_information_cost(silent, problem) == 0
    assert communication_cost(silent, problem) == 0


def test_equality_send_everything_internal_cost_closed_form():
    # H(X | Y) for equality(1): P(x = y) = 3/4, so given y, x is a (3/4, 1/4) bit.
    problem = get("equality", d=1)
    protocol = get_protocol("send-everything", problem)
    assert internal_information_cost(protocol, problem) == binary_entropy(F(1, 4))


def test_information_sandwich_for_standard_protocols():
    problem = get("augmented-index", d=3)
    for name, params in [("noisy-send", {"eps": F(1, 10)}), ("send-prefix", {"m": 2}),
                         ("send-everything", {})]:
        protocol = get_protocol(name, problem, **params)
        internal = internal_information_cost(protocol, problem)
        external = external_information_cost(protocol, problem)
        entropy = message_entropy(protocol, problem)
        assert 0 <= internal <= external <= entropy <= Exact.log2(len(protocol.message_alphabet))


def test_mixture_of_send_everything_and_silent():
    problem = get("index", d=2)
    w = F(1, 3)
    both = mixture([get_protocol("send-everything", problem), get_protocol("silent", problem)],
                   [w, 1 - w])
    assert distributional_error(both, problem) == (1 - w) * F(1, 2)
    assert external_information_cost(both, problem) == 2 * w
    assert internal_information_cost(both, problem) == 2 * w


def test_float_problem_gives_floats_close_to_exact():
    problem = get("noisy-augmented-index", d=2, delta="1/4")
    protocol = get_protocol("noisy-send", problem, eps="1/10")
    exact = external_information_cost(protocol, problem)
    approx = external_information_cost(protocol, problem.to_float())
    assert isinstance(approx, float)
    assert exact.interval().lo - 1e-12 <= approx <= exact.interval().hi + 1e-12
    assert math.isclose(distributional_error(protocol, problem.to_float()),
                        float(distributional_error(protocol, problem)), abs_tol=1e-12)


def test_protocol_rejects_bad_input():
    problem = get("index", d=1)
    with pytest.raises(InvalidParameterError, match="not in its alphabet"):
        distributional_error(OneWayProtocol((0,), lambda x, r: 7, lambda m, y, r: 0), problem)
    with pytest.raises(InvalidParameterError, match="not in its alphabet"):
        distributional_error(OneWayProtocol((0,), lambda x, r: 0, lambda m, y, r: 5), problem)
    with pytest.raises(InvalidDistributionError, match="sums to"):
        distributional_error(
            OneWayProtocol((0, 1), lambda x, r: {0: F(1, 2), 1: F(1, 3)}, lambda m, y, r: 0),
            problem)
    with pytest.raises(InvalidDistributionError):
        OneWayProtocol((0,), lambda x, r: 0, lambda m, y, r: 0, coins={0: F(1, 2)})
    with pytest.raises(InvalidParameterError):
        OneWayProtocol((), lambda x, r: 0, lambda m, y, r: 0)
    with pytest.raises(InvalidParameterError):
        mixture([], [])


@pytest.mark.parametrize("name, params, message", [
    ("noisy-send", {"eps": F(3, 2)}, "eps"),
    ("noisy-send", {}, "needs eps"),
    ("send-prefix", {"m": 4}, "at most 3"),
    ("hash", {"bits": 0}, "at least 1"),
    ("hash", {}, "equality"),
    ("no-such", {}, "unknown protocol"),
    ("silent", {"eps": 1}, "not eps"),
])
def test_get_protocol_refuses_bad_requests(name, params, message):
    with pytest.raises(InvalidParameterError, match=message):
        get_protocol(name, get("index", d=3), **params)


def test_bit_protocols_refuse_non_bit_inputs():
    problem = get("singletons", k=2, component="cluster", d=1, rho=1, labels=2)
    with pytest.raises(InvalidParameterError, match="bit strings"):
        get_protocol("noisy-send", problem, eps=F(1, 4))
