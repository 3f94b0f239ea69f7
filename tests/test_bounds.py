"""Closed-form bounds against exact protocol costs, exact memorization and solver brackets."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb import bounds
from commlb.errors import InvalidParameterError
from commlb.info import Distribution, binary_entropy, mutual_information
from commlb.learning import get_task, memorization, memorization_frontier
from commlb.learning.training import enumerate_task
from commlb.problems import get
from commlb.protocols import distributional_error, external_information_cost, get_protocol
from commlb.testing import learner_channels, masses, protocols

TOL = 1e-6


def _bracket(problem, error):
    """(lower, upper, certified) for IC_ext(problem, error): certified when commlb.ic provides it."""
    try:
        from commlb.ic import information_complexity

        result = information_complexity(problem, error, objective="external")
        return float(result.lower), float(result.upper), True
    except (ImportError, AttributeError):
        from commlb.ic.program import minimize_information

        p_x, D = problem.decision_distortion(exact=False)
        result = minimize_information(p_x, D, float(error))
        return result.lower, result.upper, False


@pytest.mark.parametrize("name", ["index", "augmented-index"])
@pytest.mark.parametrize("delta", [Fraction(0), Fraction(1, 8), Fraction(1, 4), Fraction(1, 2)])
def test_index_bound_is_attained_by_noisy_send(name, delta):
    problem = get(name, d=2)
    protocol = get_protocol("noisy-send", problem, eps=delta)
    assert distributional_error(protocol, problem) == delta
    assert external_information_cost(protocol, problem) == bounds.index_ic().at(d=2, delta=delta)


@pytest.mark.parametrize("name", ["index", "augmented-index"])
@pytest.mark.parametrize("delta", [Fraction(1, 16), Fraction(1, 4)])
def test_index_bound_within_solver_bracket(name, delta):
    lower, upper, certified = _bracket(get(name, d=2), delta)
    value = float(bounds.index_ic().at(d=2, delta=delta))
    print(f"{name} d=2 δ={delta}: bound {value:.9f} in [{lower:.9f}, {upper:.9f}] "
          f"({'certified' if certified else 'float bracket'}); slack to upper {upper - value:.2e}")
    assert value <= upper + TOL and value >= lower - TOL


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_index_bound_below_every_protocol(data):
    problem = get(data.draw(st.sampled_from(["index", "augmented-index"])), d=2)
    protocol = data.draw(protocols(problem, max_messages=3, max_coins=2))
    error = distributional_error(protocol, problem)
    if error <= Fraction(1, 2):
        assert bounds.index_ic().at(d=2, delta=error) <= external_information_cost(protocol, problem)


def _task(d, delta):
    return get_task("next-symbol", d=d, N=1, n=1, delta=delta, training="whole")


@pytest.mark.parametrize("d,delta", [(1, Fraction(1, 2)), (2, Fraction(1, 4))])
@pytest.mark.parametrize("eta", ["0", "1/8", "1/4", "1/2"])
def test_noisy_next_symbol_bound_is_attained_by_noisy_memorizer(d, delta, eta):
    result = memorization(_task(d, delta), f"noisy-memorizer({eta})", singletons=False)
    assert bounds.noisy_next_symbol_ic().at(d=d, delta=delta, error=result.error) == result.memorization_bits


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_noisy_next_symbol_bound_below_every_learner(data):
    task = _task(2, Fraction(1, 4))
    learner = data.draw(st.one_of(st.sampled_from(["bayes-optimal", "constant", "forgetful(1)"]),
                                  learner_channels(task, max_models=3)))
    result = memorization(task, learner, singletons=False)
    if result.error <= Fraction(1, 2):
        assert bounds.noisy_next_symbol_ic().at(d=2, delta=Fraction(1, 4), error=result.error) \
            <= result.memorization_bits


@pytest.mark.parametrize("eps", [Fraction(0), Fraction(1, 32), Fraction(1, 16)])
def test_noisy_next_symbol_bound_within_frontier_bracket(eps):
    task = _task(2, Fraction(1, 4))
    frontier = memorization_frontier(task, eps)
    value = float(bounds.noisy_next_symbol_ic().at(d=2, delta=Fraction(1, 4), error=frontier.error_bound))
    print(f"frontier ε={eps}: bound {value:.9f} in [{frontier.lower:.9f}, {frontier.upper:.9f}] "
          f"(certified={frontier.certified}); slack to upper {frontier.upper - value:.2e}")
    assert frontier.lower - TOL <= value <= frontier.upper + TOL


def test_noisy_next_symbol_bound_is_decreasing_and_convex():
    b = bounds.noisy_next_symbol_ic()
    grid = [Fraction(7, 32) + Fraction(i, 320) for i in range(91)]  # 7/32 .. 1/2 at δ = 1/4
    values = [float(b.at(d=1, delta=Fraction(1, 4), error=e)) for e in grid]
    assert all(a >= c - 1e-12 for a, c in itertools.pairwise(values))
    assert all(values[i - 1] + values[i + 1] >= 2 * values[i] - 1e-12 for i in range(1, len(values) - 1))
    assert values[-1] == 0 and values[0] == pytest.approx(float(binary_entropy(Fraction(1, 8))))


def _noisy_copy_law(channel, p):
    """Exact law of (C, X, M): C uniform on {0,1}^2, X = C ⊕ W with W_t ~ Bern(p), M ~ channel[X]."""
    out = {}
    for c in itertools.product((0, 1), repeat=2):
        for x in itertools.product((0, 1), repeat=2):
            flips = sum(a != b for a, b in zip(c, x, strict=True))
            px = Fraction(1, 4) * p**flips * (1 - p) ** (2 - flips)
            for m, q in channel[x].items():
                if px * q:
                    out[(c, x, m)] = out.get((c, x, m), 0) + px * q
    return Distribution(out, names=("C", "X", "M"))


def _least_errors(law):
    """e_t = min over predictors of Pr[g(M, C, X_<t) != X_t], t = 0, 1."""
    errors = []
    for t in range(2):
        best: dict = {}
        for (c, x, m), p in law.items():
            key, bit = (m, c, x[:t]), x[t]
            best.setdefault(key, [Fraction(0), Fraction(0)])[bit] += p
        errors.append(1 - sum(max(v) for v in best.values()))
    return errors


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_noisy_augmented_index_sum_form_in_the_fano_setting(data):
    p = data.draw(st.sampled_from([Fraction(1, 8), Fraction(1, 4), Fraction(1, 2)]))
    messages = data.draw(st.integers(1, 4))
    channel = {x: dict(enumerate(data.draw(masses(messages))))
               for x in itertools.product((0, 1), repeat=2)}
    law = _noisy_copy_law(channel, p)
    info = mutual_information(law, "X", "M", given="C")
    e0, e1 = _least_errors(law)
    bound = bounds.noisy_augmented_index_bound(positions=2)
    assert bound.at(delta=2 * p, e_0=e0, e_1=e1) <= info


@pytest.mark.parametrize("error", [Fraction(7, 32), Fraction(1, 4), Fraction(5, 16)])
def test_noisy_augmented_index_setting_b_below_certified_frontier(error):
    # setting B: e_t = η, the crossover implied by Bob's next-symbol error; compared with the
    # certified frontier of next-symbol (d=2, N=n=1, whole), which is the exact value there
    task = _task(2, Fraction(1, 4))
    p = Fraction(1, 8)
    eta = ((error - p) / (1 - 2 * p) - p) / (1 - 2 * p)
    value = float(bounds.noisy_augmented_index_bound().at(d=2, delta=Fraction(1, 4), error=eta))
    frontier = memorization_frontier(task, error - enumerate_task(task).optimal_error())
    print(f"e={error}: Σ[h(δ/2) − h(η)] = {value:.6f} <= frontier "
          f"[{frontier.lower:.6f}, {frontier.upper:.6f}] (certified={frontier.certified}); "
          f"slack to lower {frontier.lower - value:.3e}")
    assert value <= frontier.lower + TOL


def test_fano_bound_on_random_joints():
    import random

    from commlb.info import entropy

    rng = random.Random(1)
    for _ in range(30):
        weights = [[rng.randint(0, 5) for _ in range(3)] for _ in range(3)]
        total = sum(map(sum, weights)) or 1
        law = Distribution({(x, m): Fraction(weights[x][m], total) for x in range(3) for m in range(3)
                            if weights[x][m]} or {(0, 0): 1}, names=("X", "M"))
        error = 1 - sum(max(law.prob((x, m)) for x in range(3)) for m in range(3))
        H = entropy(law, "X")  # irrational in general: add it to the bound at H = 0
        if error <= Fraction(2, 3):
            assert H + bounds.fano_bound().at(H=0, K=3, error=error) <= mutual_information(law, "X", "M")


def test_direct_sum_closed_form_within_k_fold_bracket():
    from commlb.reductions import get as get_reduction
    from commlb.reductions.optimal import source_conditional_ic

    # Bob does not know which of Alice's k examples his query comes from, so the k-fold game
    # is harder than k independent copies: k·IC_1 is a lower bound, not tight.
    reduction = get_reduction("singletons-to-next-symbol", d=2, N=2, n=1, k=2, delta="1/4")
    floor = reduction.source.optimal_error()
    for error in (floor, floor + Fraction(1, 32), floor + Fraction(1, 16)):
        lower, upper, certified = source_conditional_ic(reduction, error)
        assert certified
        value = float(bounds.direct_sum(bounds.noisy_next_symbol_ic()).at(
            k=2, d=2, delta=Fraction(1, 4), error=error))
        print(f"Singletons(2) e={error}: k·IC_1 = {value:.9f} <= [{lower:.9f}, {upper:.9f}] "
              f"(certified); slack to lower {lower - value:.3e}")
        assert value <= upper + TOL
        assert value <= lower + TOL


def test_bounds_refuse_values_outside_their_conditions():
    with pytest.raises(InvalidParameterError, match="holds only where"):
        bounds.index_ic().at(d=2, delta=Fraction(3, 4))
    with pytest.raises(InvalidParameterError, match="no symbol"):
        bounds.index_ic().at(d=2, delta=0, rho=1)
    assert bounds.index_ic().holds_at(d=1, delta=Fraction(1, 2))


# -- Gap-Hamming for every d (proofs/bounds/gap_hamming.md) ---------------------------------


GAP_CASES = [(d, rho, objective) for d in (1, 2, 3) for rho in (Fraction(1, 2), Fraction(3, 4))
             for objective in ("external", "internal") if objective == "external" or d <= 2]


@pytest.mark.parametrize("d, rho, objective", GAP_CASES)
def test_gap_hamming_bound_lies_below_certified_brackets(d, rho, objective):
    from commlb.ic import information_complexity

    problem = get("gap-hamming", d=d, rho=rho)
    low = Fraction(problem.optimal_error())
    bound = bounds.gap_hamming_ic(objective)
    for t in (Fraction(1, 8), Fraction(1, 2), Fraction(7, 8)):
        error = low + t * (Fraction(1, 2) - low)
        result = information_complexity(problem, error, objective)
        value = bound.at(delta=error, rho=rho)
        assert float(value) <= result.upper + TOL  # a false bound would exceed the bracket
        assert float(value) <= result.lower + TOL, (d, rho, error, float(value), result.lower)


def test_gap_hamming_bound_is_tight_enough_that_doubling_it_is_false():
    # d = 1, ρ = 1/2, δ = 7/16: certified 0.1887 bits (stored certificate); the bound is 0.18,
    # twice the bound would be false, so the comparison above can fail.
    from commlb.ic import information_complexity

    problem = get("gap-hamming", d=1, rho=Fraction(1, 2))
    result = information_complexity(problem, Fraction(7, 16))
    value = bounds.gap_hamming_ic().at(delta=Fraction(7, 16), rho=Fraction(1, 2))
    assert value == Fraction(9, 50)
    assert float(value) <= result.lower and 2 * float(value) > result.upper


def test_gap_hamming_bound_is_linear_in_d_at_the_detectable_scaling():
    # ρ = c0/√d: the bound is (72/25)(1 − 2δ)² d / c0², exactly linear in d
    bound = bounds.gap_hamming_ic()
    rho = bound.symbols["rho"]
    expr = bound.expression.subs(rho, 2 / bounds.SYMBOLS["d"] ** sympy.Rational(1, 2))
    values = [expr.subs({bounds.SYMBOLS["d"]: n, bounds.SYMBOLS["delta"]: sympy.Rational(1, 4)})
              for n in (4, 16, 64)]
    assert values[1] == 4 * values[0] and values[2] == 16 * values[0]
    internal = bounds.gap_hamming_ic("internal")
    assert internal.at(delta=Fraction(1, 4), rho=Fraction(1, 2)) == \
        bound.at(delta=Fraction(1, 4), rho=Fraction(1, 2)) * Fraction(7, 8)


def test_gap_hamming_bound_refuses_values_outside_its_hypotheses():
    with pytest.raises(InvalidParameterError, match="holds only"):
        bounds.gap_hamming_ic().at(delta=Fraction(3, 4), rho=Fraction(1, 2))
    with pytest.raises(InvalidParameterError, match="objective"):
        bounds.gap_hamming_ic("conditional")


def test_conjecture_4_1_is_an_open_statement_below_the_trivial_bound_on_certified_values():
    from commlb.ic import information_complexity

    conjecture = bounds.conjecture_4_1()
    assert conjecture.kind == "conjecture" and conjecture.status == "open"
    for k, d in ((1, 2), (2, 1), (2, 2)):
        problem = get("multi-sample-gap-hamming", k=k, d=d, rho=Fraction(1, 2))
        low = Fraction(problem.optimal_error())
        result = information_complexity(problem, low + (Fraction(1, 2) - low) / 8)
        leading = conjecture.at(k=k, d=d)  # k·d = H(X): no protocol needs more
        assert 0 < result.lower <= result.upper <= float(leading) + TOL
