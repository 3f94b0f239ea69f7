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
from commlb.protocols.rational import as_object, entropy_of_numerators, fits

__all__ = [
    "distributional_error", "worst_case_error", "communication_cost",
    "external_information_cost", "internal_information_cost", "message_entropy",
    "output_law",
]


def _tables(protocol: OneWayProtocol, problem: OneWayProblem) -> ProtocolTables:
    return protocol_tables(protocol, problem)


def output_law(tables: ProtocolTables) -> np.ndarray:
    """``P[r, i, j, o] = Σ_m A[r, i, m]·B[r, m, j, o]``: Bob's output law per coin and input.

    In exact mode, integer numerators over ``channel_scale·decoder_scale``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.protocol import OneWayProtocol, protocol_tables
    >>> proto = OneWayProtocol((0, 1), lambda x, r: x[0], lambda m, y, r: 1 - m)
    >>> output_law(protocol_tables(proto, get("index", d=1)))[0, :, 0, :].tolist()
    [[0, 1], [1, 0]]
    """
    channel, decoder = tables.channel, tables.decoder
    if tables.exact and not fits(tables.channel_scale * tables.decoder_scale):
        channel, decoder = as_object(channel, decoder)
    return np.einsum("rim,rmjo->rijo", channel, decoder)


def _loss_mass(tables: ProtocolTables, problem: OneWayProblem):
    """``(E[r, i, j], scale)``: ``Σ_{t,o} μ(x_i, y_j, t)·P(o | x_i, y_j, r)·loss(t, o)``."""
    if not tables.exact:
        cost = problem.joint_cost_table(exact=False)
        return np.einsum("rijo,ijo->rij", output_law(tables), cost), 1
    joint, scale = problem.joint_scaled()
    cost = np.tensordot(joint, problem.loss_matrix().astype(joint.dtype), axes=([2], [0]))
    out = output_law(tables)
    total = scale * tables.channel_scale * tables.decoder_scale
    if not fits(total):
        out, cost = as_object(out, cost)
    return np.einsum("rijo,ijo->rij", out, cost), total


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
    mass, scale = _loss_mass(tables, problem)
    coins = tables.coins
    if tables.exact:
        mass, coins = as_object(mass, coins)  # one final sum: exact Python ints
        return Fraction(int(np.tensordot(coins, mass, axes=([0], [0])).sum()),
                        scale * tables.coins_scale)
    return float(np.tensordot(coins, mass, axes=([0], [0])).sum())


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
    loss, scale = _loss_mass(tables, problem)
    coins = tables.coins
    if tables.exact:
        loss, coins = as_object(loss, coins)
    per_pair = np.tensordot(coins, loss, axes=([0], [0]))
    if not tables.exact:
        mass = problem.xy_matrix(exact=False)
        support = mass > 0
        return float((per_pair[support] / mass[support]).max())
    joint, joint_scale = problem.joint_scaled()
    mass = joint.sum(axis=2)
    # per_pair / (scale·coins_scale) divided by mass / joint_scale.
    factor = Fraction(joint_scale, scale * tables.coins_scale)
    return max(Fraction(int(per_pair[i, j]), int(mass[i, j])) * factor
               for i, j in zip(*np.nonzero(mass), strict=True))


def communication_cost(protocol: OneWayProtocol, problem: OneWayProblem | None = None) -> int:
    """``ceil(log2 |M|)`` bits (0 for a single message); the problem is not needed.

    Examples
    --------
    >>> from commlb.protocols.protocol import OneWayProtocol
    >>> communication_cost(OneWayProtocol(range(5), lambda x, r: 0, lambda m, y, r: 0))
    3
    """
    return (len(protocol.message_alphabet) - 1).bit_length()


def _conditional_entropies(tables: ProtocolTables, problem: OneWayProblem):
    """``H(M | R)``, ``H(M | Y, R)`` and ``H(M | X, R)``."""
    exact = tables.exact
    if exact:
        xy_int, xy_scale = problem.joint_scaled()
        xy = xy_int.sum(axis=2)
    else:
        xy, xy_scale = problem.xy_matrix(exact=False), 1
    coins, channel = tables.coins, tables.channel
    joint_scale = tables.coins_scale * xy_scale * tables.channel_scale
    if exact and not fits(joint_scale):
        coins, channel, xy = as_object(coins, channel, xy)
    p_x, p_y = xy.sum(axis=1), xy.sum(axis=0)
    h_r = entropy_of_numerators(coins, tables.coins_scale, exact)
    h_ry = h_r + entropy_of_numerators(p_y, xy_scale, exact)
    h_rx = h_r + entropy_of_numerators(p_x, xy_scale, exact)
    rxm = coins[:, None, None] * p_x[None, :, None] * channel
    rym = coins[:, None, None] * np.einsum("ij,rim->rjm", xy, channel)
    h_m_given_r = entropy_of_numerators(rxm.sum(axis=1), joint_scale, exact) - h_r
    h_m_given_yr = entropy_of_numerators(rym, joint_scale, exact) - h_ry
    h_m_given_xr = entropy_of_numerators(rxm, joint_scale, exact) - h_rx
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
