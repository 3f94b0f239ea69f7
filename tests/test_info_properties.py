"""Identities of Shannon information measures, on random laws (hypothesis)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from commlb.info import Exact, entropy, kl_divergence, mutual_information
from commlb.testing import distributions, markov_chains

TOL = 1e-9


@given(distributions(("X", "Y", "Z")))
def test_entropy_and_mutual_information_are_nonnegative(law):
    assert entropy(law, "X") >= 0
    assert entropy(law, "X", given="Y") >= 0
    assert mutual_information(law, "X", "Y") >= 0
    assert mutual_information(law, "X", "Y", given="Z") >= -TOL * (not law.exact)


@given(distributions(("X", "Y"), exact=True))
def test_chain_rule_is_exact(law):
    assert entropy(law, ("X", "Y")) == entropy(law, "X") + entropy(law, "Y", given="X")


@given(distributions(("X", "Y"), exact=False))
def test_chain_rule_float(law):
    lhs = entropy(law, ("X", "Y"))
    assert abs(lhs - entropy(law, "X") - entropy(law, "Y", given="X")) < TOL


@given(distributions(("X", "Y", "Z"), exact=True))
def test_mutual_information_is_symmetric(law):
    assert mutual_information(law, "X", "Y") == mutual_information(law, "Y", "X")
    assert mutual_information(law, "X", "Y", given="Z") == mutual_information(
        law, "Y", "X", given="Z")


@given(distributions(("X", "Y", "Z"), exact=True))
def test_chain_rule_for_mutual_information(law):
    # I(X; Y, Z) = I(X; Z) + I(X; Y | Z)
    assert mutual_information(law, "X", ("Y", "Z")) == (
        mutual_information(law, "X", "Z") + mutual_information(law, "X", "Y", given="Z"))


@given(distributions(("X", "Y", "Z"), exact=True))
def test_conditional_mi_as_entropy_differences(law):
    # I(X; Y | Z) = H(X | Z) - H(X | Y, Z)
    assert mutual_information(law, "X", "Y", given="Z") == (
        entropy(law, "X", given="Z") - entropy(law, "X", given=("Y", "Z")))


@given(markov_chains((2, 3, 2), exact=True))
def test_data_processing_on_markov_chains(law):
    # X - Y - Z: I(X; Z) <= I(X; Y) and I(X; Z | Y) = 0
    assert mutual_information(law, "X", "Z") <= mutual_information(law, "X", "Y")
    assert mutual_information(law, "X", "Z", given="Y") == 0


@given(distributions(("X",), st.integers(1, 4), exact=True),
       distributions(("X",), st.integers(1, 4), exact=True))
def test_gibbs_inequality(p, q):
    if set(p.alphabets["X"]) != set(q.alphabets["X"]):
        return
    d = kl_divergence(p, q)
    assert d >= 0
    assert (d == 0) == (p == q)
    assert kl_divergence(p, p) == 0


@given(distributions(("X", "Y", "Z"), exact=True))
def test_exact_and_float_paths_agree(law):
    fl = law.to_float()
    for exact_value, float_value in [
        (entropy(law), entropy(fl)),
        (entropy(law, "X", given="Y"), entropy(fl, "X", given="Y")),
        (mutual_information(law, "X", "Y", given="Z"), mutual_information(fl, "X", "Y", given="Z")),
    ]:
        assert abs(float(exact_value) - float_value) < TOL


@given(distributions(("X", "Y", "Z"), exact=True))
def test_interval_contains_the_value(law):
    value = mutual_information(law, "X", ("Y", "Z"))
    interval = value.interval()
    assert interval.certified
    assert interval.contains(float(value))
    assert interval.width < 1e-12
    assert interval.lo <= value <= interval.hi


@given(st.fractions(min_value=0, max_value=1, max_denominator=50))
def test_bsc_information_is_one_minus_binary_entropy(p):
    from commlb.info import Distribution, binary_entropy

    bit = Distribution({0: Fraction(1, 2), 1: Fraction(1, 2)}, names=("X",))
    bsc = {x: {x: 1 - p, 1 - x: p} for x in (0, 1)}
    value = mutual_information(bit.apply_channel(bsc, "X", "Y"), "X", "Y")
    assert isinstance(value, Exact)
    assert value == 1 - binary_entropy(p)
