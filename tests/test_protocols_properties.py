"""Properties of errors and information costs on random problems and protocols."""

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.info import Exact
from commlb.protocols import (
    OneWayProtocol,
    bayes_protocol,
    communication_cost,
    distributional_error,
    external_information_cost,
    internal_information_cost,
    message_entropy,
    mixture,
    worst_case_error,
)
from commlb.testing import problems, protocols


@st.composite
def problem_and_protocol(draw, exact=True):
    problem = draw(problems(exact=exact))
    return problem, draw(protocols(problem))


@given(problem_and_protocol())
def test_information_sandwich(pair):
    problem, protocol = pair
    internal = internal_information_cost(protocol, problem)
    external = external_information_cost(protocol, problem)
    entropy = message_entropy(protocol, problem)
    # I(X;M|Y,R) <= I(X;M|R) <= H(M|R) <= log2 |M|, and I(X;M|R) <= H(X).
    assert 0 <= internal <= external <= entropy
    assert entropy <= Exact.log2(len(protocol.message_alphabet))
    assert communication_cost(protocol, problem) >= math.log2(len(protocol.message_alphabet))
    p_x = problem.alice_marginal()
    from commlb.info import exact_sum_plogp

    assert external <= exact_sum_plogp(p_x)


@given(problem_and_protocol())
def test_errors_are_bracketed(pair):
    problem, protocol = pair
    error = distributional_error(protocol, problem)
    assert problem.optimal_error() <= error <= worst_case_error(protocol, problem) <= 1


@given(problem_and_protocol())
def test_bayes_decoder_is_optimal_for_the_channel(pair):
    problem, protocol = pair
    bayes = bayes_protocol(problem, protocol.message_alphabet, protocol.send, protocol.coins)
    assert distributional_error(bayes, problem) <= distributional_error(protocol, problem)
    # The decoder does not change what the message says about X.
    assert external_information_cost(bayes, problem) == external_information_cost(
        protocol, problem)


@settings(max_examples=25)
@given(problem_and_protocol())
def test_exact_and_float_agree(pair):
    problem, protocol = pair
    floated = problem.to_float()
    for cost in (distributional_error, worst_case_error, external_information_cost,
                 internal_information_cost):
        exact = cost(protocol, problem)
        approx = cost(protocol, floated)
        assert isinstance(approx, float)
        assert math.isclose(float(exact), approx, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=25)
@given(problem_and_protocol(), st.randoms(use_true_random=False))
def test_relabelling_invariance(pair, rng):
    problem, protocol = pair
    xs, ys, ms = (list(problem.alice_alphabet), list(problem.bob_alphabet),
                  list(protocol.message_alphabet))
    for symbols in (xs, ys, ms):
        rng.shuffle(symbols)
    new_x = {x: ("X", s) for x, s in zip(problem.alice_alphabet, xs, strict=True)}
    new_y = {y: ("Y", s) for y, s in zip(problem.bob_alphabet, ys, strict=True)}
    new_m = {m: ("M", s) for m, s in zip(protocol.message_alphabet, ms, strict=True)}
    old_x = {v: k for k, v in new_x.items()}
    old_y = {v: k for k, v in new_y.items()}
    old_m = {v: k for k, v in new_m.items()}
    renamed_problem = problem.relabelled(alice=new_x, bob=new_y)

    def send(x, r):
        return {new_m[m]: p for m, p in protocol.send(old_x[x], r).items()}

    def decode(m, y, r):
        return protocol.decode(old_m[m], old_y[y], r)

    # List the messages in a shuffled order too.
    renamed = OneWayProtocol([new_m[m] for m in reversed(protocol.message_alphabet)], send,
                             decode, protocol.coins)
    for cost in (distributional_error, worst_case_error, external_information_cost,
                 internal_information_cost, message_entropy, communication_cost):
        assert cost(renamed, renamed_problem) == cost(protocol, problem)


@settings(max_examples=25)
@given(problems(exact=True), st.data(), st.fractions(0, 1))
def test_mixture_averages(problem, data, w):
    first = data.draw(protocols(problem))
    second = data.draw(protocols(problem))
    both = mixture([first, second], [w, 1 - w])
    for cost in (distributional_error, external_information_cost, internal_information_cost):
        assert cost(both, problem) == w * cost(first, problem) + (1 - w) * cost(second, problem)


def test_mixture_keeps_message_alphabet_union():
    first = OneWayProtocol(("a", "b"), lambda x, r: "a", lambda m, y, r: 0)
    second = OneWayProtocol(("b", "c"), lambda x, r: "c", lambda m, y, r: 0)
    both = mixture([first, second], [Fraction(1, 2), Fraction(1, 2)])
    assert both.message_alphabet == ("a", "b", "c")
    assert communication_cost(both) == 2


def _joint_law(problem, protocol):
    """The law of (R, X, Y, T, M, O) built outcome by outcome with Fractions."""
    from commlb.info import Distribution

    outcomes = {}
    for (x, y, t), p in problem.law.items():
        for r, p_r in protocol.coins.items():
            sent = protocol.send(x, r)
            sent = sent if isinstance(sent, dict) else {sent: 1}
            for m, p_m in sent.items():
                if not p_m:
                    continue
                out = protocol.decode(m, y, r)
                out = out if isinstance(out, dict) else {out: 1}
                for o, p_o in out.items():
                    key = (r, x, y, t, m, o)
                    outcomes[key] = outcomes.get(key, 0) + Fraction(p) * p_r * p_m * p_o
    return Distribution(outcomes, names=("R", "X", "Y", "T", "M", "O"))


@settings(max_examples=25)
@given(problem_and_protocol())
def test_costs_agree_with_the_info_layer_on_the_full_joint_law(pair):
    from commlb.info import mutual_information

    problem, protocol = pair
    law = _joint_law(problem, protocol)
    error = sum((p * problem.loss(t, o) for (_, _, _, t, _, o), p in law.items()), Fraction(0))
    assert distributional_error(protocol, problem) == error
    assert external_information_cost(protocol, problem) == mutual_information(
        law, "X", "M", given="R")
    assert internal_information_cost(protocol, problem) == mutual_information(
        law, "X", "M", given=("Y", "R"))


def test_huge_denominators_stay_exact():
    # Prime denominators push every common scale past 2^62: Python-int fallback paths.
    from commlb.protocols import OneWayProblem

    primes = [1000003, 1000033, 1000037, 1000039]
    weights = [Fraction(1, p) for p in primes]
    total = sum(weights)
    joint = {(f"x{i}", f"y{i % 2}", i % 2): w / total for i, w in enumerate(weights)}
    problem = OneWayProblem("primes", {}, [f"x{i}" for i in range(4)], ["y0", "y1"], (0, 1),
                            joint)
    q = Fraction(1, 999983)
    protocol = OneWayProtocol((0, 1), lambda x, r: {int(x[1]) % 2: 1 - q, 1 - int(x[1]) % 2: q},
                              lambda m, y, r: {m: Fraction(2, 3), 1 - m: Fraction(1, 3)},
                              coins={"a": Fraction(1, 1000211), "b": Fraction(1000210, 1000211)})
    assert problem.joint_scaled()[1] * q.denominator >= 2**62
    law = _joint_law(problem, protocol)
    from commlb.info import mutual_information

    error = sum((p * problem.loss(t, o) for (_, _, _, t, _, o), p in law.items()), Fraction(0))
    assert distributional_error(protocol, problem) == error
    assert external_information_cost(protocol, problem) == mutual_information(
        law, "X", "M", given="R")
    assert internal_information_cost(protocol, problem) == mutual_information(
        law, "X", "M", given=("Y", "R"))
    # The worst pair: x1 or x3 (target 1) sits where m = 1 w.p. 1 - q; error 1/3 + q/3.
    assert worst_case_error(protocol, problem) == Fraction(1, 3) * (1 - q) + Fraction(2, 3) * q
