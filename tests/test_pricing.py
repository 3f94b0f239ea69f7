"""Exact pricing oracles: structured oracles agree with enumeration; the checker's own
pricing agrees with the solver's; tampered claims are rejected."""

from fractions import Fraction

import numpy as np
import pytest

from commlb.certificates import statements
from commlb.certificates.kernel import Refuted
from commlb.certificates.programs import read_statement
from commlb.certificates.witnesses import pricing
from commlb.errors import CertificateError
from commlb.ic.pricing import EnumerationOracle, IndexOracle, PrefixTreeOracle, oracle_for
from commlb.problems import get


def exact_pricing_max(problem: dict, weights, beta, oracle):
    return pricing.pricing_max(statements.statement(problem["name"], problem["params"]), weights,
                               beta, oracle)


def check_pricing(cert: dict):
    """``(accepted, reason)`` of the rd-dual-pricing plug-in on ``cert``'s lower witness."""
    stated = read_statement({"problem": cert["problem"], "objective": "external", "error": "1/10"})
    try:
        pricing.lower(stated, cert["lower_witness"])
    except Refuted as exc:
        return False, str(exc)
    return True, ""


def _random_weights(rng, size):
    return [Fraction(int(a), 61) for a in rng.integers(0, 30, size=size)]


@pytest.mark.parametrize("name,d", [("augmented-index", 1), ("augmented-index", 2),
                                    ("augmented-index", 3), ("index", 2), ("index", 4)])
def test_structured_oracle_equals_enumeration(name, d):
    problem = get(name, d=d)
    full, fast = EnumerationOracle(problem), oracle_for(problem)
    rng = np.random.default_rng(d)
    for _ in range(15):
        w = _random_weights(rng, 2**d)
        beta = Fraction(int(rng.integers(1, 40)), 40)
        assert fast.price_exact(w, beta) == full.price_exact(w, beta)
        best_float, cols = fast.price(np.array([float(a) for a in w]), float(beta))
        assert abs(best_float - float(full.price_exact(w, beta))) <= 1e-12
        # the returned column attains the maximum
        D = full.distortion(cols)[:, 0]
        attained = sum(a * beta ** round(v * full.scale) for a, v in zip(w, D, strict=True))
        assert attained == full.price_exact(w, beta)


def test_uniform_weights_make_every_column_tie_on_augmented_index():
    # Σ_x 2^-d β^{k_x(g)} = ((1+β)/2)^d for every g: each node splits mass evenly.
    oracle = PrefixTreeOracle(5)
    beta = Fraction(1, 9)
    assert oracle.price_exact(oracle.p_x_exact, beta) == ((1 + beta) / 2) ** 5


def test_index_oracle_closed_form():
    oracle = IndexOracle(6)
    beta = Fraction(2, 7)
    w = [Fraction(1, 64)] * 64
    assert oracle.price_exact(w, beta) == ((1 + beta) / 2) ** 6
    w = [Fraction(0)] * 64
    w[5] = Fraction(1)
    assert oracle.price_exact(w, beta) == 1  # the code equal to x errs nowhere


@pytest.mark.parametrize("name,d,oracle", [("augmented-index", 3, "prefix-tree"),
                                           ("index", 3, "index-codes")])
def test_checker_pricing_is_independent_and_agrees(name, d, oracle):
    problem = get(name, d=d)
    rng = np.random.default_rng(7)
    for _ in range(10):
        w = _random_weights(rng, 2**d)
        beta = Fraction(int(rng.integers(1, 20)), 20)
        checker, scale = exact_pricing_max({"name": name, "params": {"d": d}}, w, beta, oracle)
        enum, _ = exact_pricing_max({"name": name, "params": {"d": d}}, w, beta, "enumeration")
        assert checker == enum == EnumerationOracle(problem).price_exact(w, beta)
        assert scale == d


def test_lowered_pricing_claim_is_rejected():
    cert = {"problem": {"name": "augmented-index", "params": {"d": 4}},
            "lower_witness": {"type": "rd-dual-pricing",
                              "pricing": "prefix-tree", "base": "1/9", "scale": 4, "lambda": "1",
                      "claimed_max": str((Fraction(10, 18)) ** 4)}}
    assert check_pricing(cert)[0]
    cert["lower_witness"]["claimed_max"] = str((Fraction(10, 18)) ** 4 - Fraction(1, 10**30))
    ok, reason = check_pricing(cert)
    assert not ok and "violates" in reason


def _refused(cert) -> bool:
    """Rejected as false, or refused as malformed (a pricing form the family lacks)."""
    try:
        return not check_pricing(cert)[0]
    except CertificateError as exc:
        return "\n" not in str(exc)


def test_wrong_oracle_or_scale_is_rejected():
    cert = {"problem": {"name": "gap-hamming", "params": {"d": 2, "rho": "1/2"}},
            "lower_witness": {"type": "rd-dual-pricing", "pricing": "prefix-tree", "base": "1/2",
                              "scale": 2, "lambda": "1", "claimed_max": "1"}}
    assert _refused(cert)
    cert = {"problem": {"name": "augmented-index", "params": {"d": 2}},
            "lower_witness": {"type": "rd-dual-pricing", "pricing": "prefix-tree", "base": "1/2",
                              "scale": 3, "lambda": "1", "claimed_max": "1"}}
    assert _refused(cert)


def test_checker_index_transform_matches_enumeration():
    rng = np.random.default_rng(3)
    w = _random_weights(rng, 16)
    beta = Fraction(3, 11)
    fast, _ = exact_pricing_max({"name": "index", "params": {"d": 4}}, w, beta, "index-codes")
    assert fast == EnumerationOracle(get("index", d=4)).price_exact(w, beta)
    assert fast == IndexOracle(4).price_exact(w, beta)
