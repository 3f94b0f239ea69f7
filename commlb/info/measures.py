"""Information measures in bits: entropy, mutual information, KL divergence.

Measures are functions of a :class:`~commlb.info.distribution.Distribution`
and the names of the variables they concern.  An exact law gives an
:class:`~commlb.info.exact.Exact` value; a float law gives a float.

References
----------
T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
chapter 2 (entropy, chain rules, mutual information, relative entropy).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from numbers import Integral, Real

import numpy as np

from commlb.errors import InvalidDistributionError
from commlb.info.distribution import Distribution
from commlb.info.exact import Exact, log2_terms_of_integers
from commlb.info.weights import Weights

__all__ = ["entropy", "mutual_information", "kl_divergence", "binary_entropy"]

Names = str | Sequence[str]


def _names(v: Names | None) -> tuple[str, ...]:
    if v is None:
        return ()
    return (v,) if isinstance(v, str) else tuple(v)


def _entropy_of_weights(w: Weights) -> Exact | float:
    """``H = −Σ p log2 p`` of a normalised weight vector."""
    if not w.exact:
        p = w.flt[w.flt > 0]
        return float(-(p * np.log2(p)).sum())
    values, counts = np.unique(w.num, return_counts=True)
    den = Fraction(1, w.den)
    coefficients = {int(a): -int(a) * int(c) * den for a, c in zip(values, counts, strict=True)}
    coefficients[w.den] = coefficients.get(w.den, Fraction(0)) + 1
    const, terms = log2_terms_of_integers(coefficients)
    return Exact._make(const, terms)


def _nonnegative(value):
    """Clear float rounding below zero (|v| < 1e-12) in a measure that is never negative."""
    if isinstance(value, float) and -1e-12 < value < 0:
        return 0.0
    return value


def _joint_entropy(law: Distribution, names: tuple[str, ...]) -> Exact | float:
    if not names:
        return Exact(0) if law.exact else 0.0
    return _entropy_of_weights(law.marginal(*names).weights)


def _check_disjoint(*groups: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for g in groups:
        if seen & set(g):
            raise InvalidDistributionError(
                f"variables {sorted(seen & set(g))} appear in more than one argument"
            )
        seen |= set(g)


def entropy(law: Distribution, variables: Names | None = None, given: Names | None = None):
    """Shannon entropy ``H(V | W)`` in bits.

    Parameters
    ----------
    law : Distribution
        The joint law.
    variables : str or sequence of str, optional
        The variables ``V`` (default: all variables of the law not in ``given``).
    given : str or sequence of str, optional
        The conditioning variables ``W``; ``H(V | W) = H(V, W) − H(W)``.

    Returns
    -------
    Exact or float
        Exact for an exact law, float otherwise (float rounding below zero,
        by less than 1e-12, is returned as 0.0 for this and the other
        non-negative measures).

    Raises
    ------
    InvalidDistributionError
        For an unknown variable name or a variable on both sides.

    Examples
    --------
    >>> from fractions import Fraction
    >>> law = Distribution({k: Fraction(1, 6) for k in range(6)}, names=("X",))
    >>> entropy(law, "X")
    Exact(1 + log2(3))

    References
    ----------
    Cover and Thomas, *Elements of Information Theory*, section 2.2.
    """
    w = _names(given)
    v = _names(variables) if variables is not None else tuple(n for n in law.names if n not in w)
    _check_disjoint(v, w)
    law._positions(v + w)
    return _nonnegative(_joint_entropy(law, v + w) - _joint_entropy(law, w))


def mutual_information(law: Distribution, a: Names, b: Names, given: Names | None = None):
    """Mutual information ``I(A; B | C)`` in bits.

    ``I(A; B | C) = H(A, C) + H(B, C) − H(A, B, C) − H(C)``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> bit = Distribution({0: Fraction(1, 2), 1: Fraction(1, 2)}, names=("X",))
    >>> bsc = {x: {x: Fraction(3, 4), 1 - x: Fraction(1, 4)} for x in (0, 1)}
    >>> mutual_information(bit.apply_channel(bsc, "X", "Y"), "X", "Y")  # 1 − h(1/4)
    Exact(-1 + 3/4·log2(3))

    References
    ----------
    Cover and Thomas, *Elements of Information Theory*, section 2.5.
    """
    a_, b_, c_ = _names(a), _names(b), _names(given)
    if not a_ or not b_:
        raise InvalidDistributionError("mutual_information needs at least one variable on each side")
    _check_disjoint(a_, b_, c_)
    law._positions(a_ + b_ + c_)
    return _nonnegative(_joint_entropy(law, a_ + c_) + _joint_entropy(law, b_ + c_)
                        - _joint_entropy(law, a_ + b_ + c_) - _joint_entropy(law, c_))


def kl_divergence(p: Distribution, q: Distribution):
    """Relative entropy ``D(P ‖ Q) = Σ_x P(x) log2(P(x)/Q(x))`` in bits.

    ``P`` and ``Q`` must be laws over the same variables (in any order).
    Returns ``math.inf`` when ``P`` puts mass where ``Q`` puts none.  Exact
    when both laws are exact.

    Examples
    --------
    >>> from fractions import Fraction
    >>> P = Distribution({0: Fraction(1, 2), 1: Fraction(1, 2)}, names=("X",))
    >>> Q = Distribution({0: Fraction(1, 4), 1: Fraction(3, 4)}, names=("X",))
    >>> kl_divergence(P, Q)
    Exact(1 - 1/2·log2(3))

    References
    ----------
    Cover and Thomas, *Elements of Information Theory*, section 2.3.
    """
    if not isinstance(p, Distribution) or not isinstance(q, Distribution):
        raise InvalidDistributionError("kl_divergence takes two Distributions")
    if set(p.names) != set(q.names):
        raise InvalidDistributionError(
            f"kl_divergence needs laws over the same variables; got {p.names} and {q.names}"
        )
    order = [q.names.index(n) for n in p.names]
    q_mass = {tuple(o[j] for j in order): m for o, m in q.items()}
    exact = p.exact and q.exact
    total: Exact | float = Exact(0) if exact else 0.0
    for outcome, pm in p.items():
        qm = q_mass.get(outcome, 0)
        if qm == 0:
            return math.inf
        if exact:
            total = total + Exact.log2(Fraction(pm) / Fraction(qm)) * Fraction(pm)
        else:
            total += float(pm) * math.log2(float(pm) / float(qm))
    return _nonnegative(total)


def binary_entropy(p: Fraction | int | float):
    """The binary entropy ``h(p) = −p log2 p − (1 − p) log2(1 − p)`` in bits.

    Exact for a rational ``p`` (int or Fraction), float for a float.

    Raises
    ------
    InvalidDistributionError
        If ``p`` is not a number in [0, 1].

    Examples
    --------
    >>> from fractions import Fraction
    >>> binary_entropy(Fraction(1, 2))
    Exact(1)
    >>> round(binary_entropy(0.11), 6)
    0.499916
    """
    if isinstance(p, bool) or not isinstance(p, Real):
        raise InvalidDistributionError(f"binary_entropy takes a number in [0, 1], got {p!r}")
    if isinstance(p, (Fraction, Integral)):
        p = Fraction(p)
        if not 0 <= p <= 1:
            raise InvalidDistributionError(f"binary_entropy needs 0 <= p <= 1, got {p}")
        return -Exact.xlog2x(p) - Exact.xlog2x(1 - p)
    x = float(p)
    if not 0.0 <= x <= 1.0:  # also rejects NaN
        raise InvalidDistributionError(f"binary_entropy needs 0 <= p <= 1, got {x}")
    return float(-sum(t * math.log2(t) for t in (x, 1.0 - x) if t > 0))
