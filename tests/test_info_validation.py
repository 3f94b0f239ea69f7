"""Bad laws are refused at the boundary with one error type and a clear message."""

import math
from fractions import Fraction

import numpy as np
import pytest

from commlb.errors import CommlbError, InvalidDistributionError
from commlb.info import Distribution, binary_entropy, entropy, kl_divergence, mutual_information

HALF = Fraction(1, 2)


@pytest.mark.parametrize(
    ("outcomes", "names", "message"),
    [
        ({0: Fraction(1, 3), 1: Fraction(1, 3)}, ("X",), "sum to 2/3, not exactly 1"),
        ({0: 0.5, 1: 0.49}, ("X",), "not 1"),
        ({0: Fraction(3, 2), 1: -HALF}, ("X",), "negative"),
        ({0: float("nan"), 1: 1.0}, ("X",), "must be finite"),
        ({0: float("inf"), 1: 0.0}, ("X",), "must be finite"),
        ({(0, 1): HALF, (1,): HALF}, ("X", "Y"), "wrong arity"),
        ({0: "1/2", 1: HALF}, ("X",), "use an int"),
        ({0: True}, ("X",), "boolean"),
        ({}, ("X",), "non-empty"),
        ({0: 1}, ("X", "X"), "distinct"),
    ],
)
def test_malformed_laws_are_refused(outcomes, names, message):
    with pytest.raises(InvalidDistributionError, match=message):
        Distribution(outcomes, names=names)


def test_float_tolerance_is_1e_9():
    Distribution({0: 0.5, 1: 0.5 + 5e-10}, names=("X",))
    with pytest.raises(InvalidDistributionError):
        Distribution({0: 0.5, 1: 0.5 + 5e-9}, names=("X",))


def test_value_outside_given_alphabet():
    with pytest.raises(InvalidDistributionError, match="not in its alphabet"):
        Distribution({2: 1}, names=("X",), alphabets={"X": (0, 1)})


def test_arrays_are_validated():
    with pytest.raises(InvalidDistributionError, match="negative"):
        Distribution.from_array(np.array([1.5, -0.5]), names=("X",))
    with pytest.raises(InvalidDistributionError, match="must be finite"):
        Distribution.from_array(np.array([np.nan, 1.0]), names=("X",))
    with pytest.raises(InvalidDistributionError, match="axes"):
        Distribution.from_array(np.ones((2, 2)) / 4, names=("X",))


def test_unknown_variable_names_are_refused():
    law = Distribution({(0, 0): HALF, (1, 1): HALF}, names=("X", "Y"))
    with pytest.raises(InvalidDistributionError, match="unknown variable 'Z'"):
        entropy(law, "Z")
    with pytest.raises(InvalidDistributionError, match="unknown variable"):
        mutual_information(law, "X", "Y", given="W")
    with pytest.raises(InvalidDistributionError, match="more than one argument"):
        mutual_information(law, "X", "X")
    with pytest.raises(InvalidDistributionError, match="unknown variable"):
        law.marginal("Q")


def test_channel_rows_are_validated():
    bit = Distribution({0: HALF, 1: HALF}, names=("X",))
    with pytest.raises(InvalidDistributionError, match="sums to"):
        bit.apply_channel({0: {0: HALF}, 1: {1: 1}}, "X", "Y")
    with pytest.raises(InvalidDistributionError, match="no row"):
        bit.apply_channel({0: {0: 1}}, "X", "Y")


def test_other_measures_validate():
    with pytest.raises(InvalidDistributionError):
        binary_entropy(Fraction(3, 2))
    with pytest.raises(InvalidDistributionError):
        binary_entropy(math.nan)
    a = Distribution({0: 1}, names=("X",))
    b = Distribution({0: 1}, names=("Y",))
    with pytest.raises(InvalidDistributionError, match="same variables"):
        kl_divergence(a, b)


def test_every_error_is_a_commlb_error():
    assert issubclass(InvalidDistributionError, CommlbError)
    assert issubclass(CommlbError, ValueError)
