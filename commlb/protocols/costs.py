r"""Errors and costs of a one-way protocol on a problem (functions, not methods).

With public coins R (law p_r), Alice's channel ``A[r, x, m] = P(m | x, r)`` and
Bob's decoder ``B[r, m, y, o]``:

- distributional error ``Σ_r p_r Σ_{x,y,t,m,o} μ(x,y,t) A B loss(t, o)``;
- worst-case error ``max_{(x,y) in supp μ} E[loss(T, O) | X=x, Y=y]``;
- communication cost ``ceil(log2 |M|)`` bits;
- external information cost ``I(X; M | R) = H(M | R) - H(M | X, R)``;
- internal information cost ``I(X; M | Y, R) = H(M | Y, R) - H(M | X, R)``
  (M depends on (X, R) only, so ``H(M | X, Y, R) = H(M | X, R)``).

Exact inputs give a Fraction (errors) or a :class:`commlb.info.Exact`
(information, bits); float inputs give floats.

References
----------
Brown et al., STOC 2021, section 4 (information cost of one-way protocols);
Braverman and Rao 2011; Bar-Yossef, Jayram, Kumar, Sivakumar 2004.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.protocols.problem import OneWayProblem
from commlb.protocols.protocol import OneWayProtocol, ProtocolTables, protocol_tables

__all__ = [
    "distributional_error", "worst_case_error", "communication_cost",
    "external_information_cost", "internal_information_cost", "message_entropy",
    "output_law",
]


def _tables(protocol: OneWayProtocol, problem: OneWayProblem) -> ProtocolTables:
    return protocol_tables(protocol, problem)


def output_law(tables: ProtocolTables) -> np.ndarray:
    """``P[r, i, j, o] = Σ_m A[r, i, m]·B[r, m, j, o]``: Bob's output law per coin and input."""
    return np.einsum("rim,rmjo->rijo", tables.channel, tables.decoder)


def distributional_error(protocol: OneWayProtocol, problem: OneWayProblem) -> Fraction | float:
    r"""``E[loss(T, O)]`` under μ and the protocol's randomness.

    Parameters
    ----------
    protocol : OneWayProtocol
    problem : OneWayProblem

    Returns
    -------
    Fraction or float
        Exact when the problem and protocol are exact.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("index", d=3)
    >>> distributional_error(get_protocol("noisy-send", problem, eps="1/8"), problem)
    Fraction(1, 8)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    tables = _tables(protocol, problem)
    joint_cost = problem.joint_cost_table(exact=tables.exact)
    value = np.einsum("r,rijo,ijo->", tables.coins, output_law(tables), joint_cost)
    return Fraction(value) if tables.exact else float(value)


def worst_case_error(protocol: OneWayProtocol, problem: OneWayProblem) -> Fraction | float:
    r"""``max over (x, y) with μ(x, y) > 0 of E[loss(T, O) | X = x, Y = y]``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("equality", d=2)
    >>> worst_case_error(get_protocol("hash", problem, bits=1), problem)
    Fraction(1, 2)

    References
    ----------
    Kushilevitz and Nisan 1997, chapter 3 (worst-case error of randomised protocols).
    """
    tables = _tables(protocol, problem)
    joint_cost = problem.joint_cost_table(exact=tables.exact)
    mass = problem.xy_matrix(exact=tables.exact)
    per_pair = np.einsum("r,rijo,ijo->ij", tables.coins, output_law(tables), joint_cost)
    ratios = [per_pair[i, j] / mass[i, j] for i, j in zip(*np.nonzero(mass != 0), strict=True)]
    worst = max(ratios)
    return Fraction(worst) if tables.exact else float(worst)


def communication_cost(protocol: OneWayProtocol, problem: OneWayProblem | None = None) -> int:
    """``ceil(log2 |M|)`` bits (0 for a single message).

    Examples
    --------
    >>> from commlb.protocols.protocol import OneWayProtocol
    >>> communication_cost(OneWayProtocol(range(5), lambda x, r: 0, lambda m, y, r: 0))
    3
    """
    return (len(protocol.message_alphabet) - 1).bit_length()


def _entropy(probabilities: np.ndarray, exact: bool):
    """``Σ -p log2 p`` of the entries: Exact when exact, else float."""
    flat = [p for p in np.asarray(probabilities).ravel() if p != 0]
    if exact:
        from commlb.info import exact_sum_plogp

        return exact_sum_plogp([Fraction(p) for p in flat])
    values = np.array(flat, dtype=np.float64)
    return float(-(values * np.log2(values)).sum()) if values.size else 0.0


def _conditional_entropies(tables: ProtocolTables, problem: OneWayProblem):
    """``H(M | R)``, ``H(M | Y, R)`` and ``H(M | X, R)``."""
    exact = tables.exact
    xy = problem.xy_matrix(exact=exact)
    p_x = xy.sum(axis=1)
    p_y = xy.sum(axis=0)
    coins = tables.coins
    h_r = _entropy(coins, exact)
    h_ry = h_r + _entropy(p_y, exact)
    h_rx = h_r + _entropy(p_x, exact)
    rxm = coins[:, None, None] * p_x[None, :, None] * tables.channel
    rym = coins[:, None, None] * np.einsum("ij,rim->rjm", xy, tables.channel)
    h_m_given_r = _entropy(rxm.sum(axis=1), exact) - h_r
    h_m_given_yr = _entropy(rym, exact) - h_ry
    h_m_given_xr = _entropy(rxm, exact) - h_rx
    return h_m_given_r, h_m_given_yr, h_m_given_xr


def _nonnegative(value):
    if isinstance(value, float) and value < 0:
        return 0.0
    return value


def message_entropy(protocol: OneWayProtocol, problem: OneWayProblem):
    r"""``H(M | R)`` in bits (at most ``log2 |M|``).

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("index", d=2)
    >>> float(message_entropy(get_protocol("send-everything", problem), problem))
    2.0
    """
    return _nonnegative(_conditional_entropies(_tables(protocol, problem), problem)[0])


def external_information_cost(protocol: OneWayProtocol, problem: OneWayProblem):
    r"""External information cost ``I(X; M | R)`` in bits.

    Returns
    -------
    commlb.info.Exact or float
        Exact when the problem and protocol are exact.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("index", d=2)
    >>> float(external_information_cost(get_protocol("noisy-send", problem, eps=0), problem))
    2.0

    References
    ----------
    Brown et al., STOC 2021, section 4; Chakrabarti, Shi, Wirth, Yao 2001.
    """
    h_r, _, h_xr = _conditional_entropies(_tables(protocol, problem), problem)
    return _nonnegative(h_r - h_xr)


def internal_information_cost(protocol: OneWayProtocol, problem: OneWayProblem):
    r"""Internal information cost ``I(X; M | Y, R)`` in bits.

    Returns
    -------
    commlb.info.Exact or float
        Exact when the problem and protocol are exact.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("equality", d=1)
    >>> internal_information_cost(get_protocol("send-everything", problem), problem) < 1
    True

    References
    ----------
    Brown et al., STOC 2021, section 4; Bar-Yossef, Jayram, Kumar, Sivakumar 2004.
    """
    _, h_yr, h_xr = _conditional_entropies(_tables(protocol, problem), problem)
    return _nonnegative(h_yr - h_xr)
