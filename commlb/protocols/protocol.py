"""One-way protocols: a message set, Alice's channel, public coins, Bob's decoder.

Kept as small as LeanCC's one-way protocol: ``send`` and ``decode`` and
nothing else.  Costs and errors are functions of ``(protocol, problem)`` in
:mod:`commlb.protocols.costs`; :func:`protocol_tables` turns a protocol into
the arrays they use.

References
----------
Brown et al., STOC 2021, section 4; DESIGN.md section 6 (LeanCC style).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.protocols.problem import OneWayProblem, is_exact_number

__all__ = ["OneWayProtocol", "ProtocolTables", "protocol_tables", "mixture"]

_TOLERANCE = 1e-9


class OneWayProtocol:
    r"""A one-way protocol: Alice sends ``m ~ P(m | x, r)``, Bob outputs ``g(m, y, r)``.

    Parameters
    ----------
    message_alphabet : Sequence
        The message set M.
    send : callable
        ``send(x, r)`` -> a message, or a Mapping ``message -> probability``
        (Alice's private randomness).
    decode : callable
        ``decode(m, y, r)`` -> an output, or a Mapping ``output -> probability``.
        It is only called on messages Alice sends with positive probability.
    coins : Mapping, optional
        The law of the public coins R, ``r -> probability``; default: no coins
        (``{None: 1}``).
    name : str, optional
        A label for printing.

    Raises
    ------
    InvalidParameterError
        If the message alphabet is empty or repeats a symbol.
    InvalidDistributionError
        If the coins' law is negative or does not sum to one.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> problem = get("index", d=2)
    >>> first_bit = OneWayProtocol((0, 1), lambda x, r: x[0], lambda m, y, r: m)
    >>> distributional_error(first_bit, problem)
    Fraction(1, 4)

    References
    ----------
    Brown et al., STOC 2021, section 4; Kushilevitz and Nisan 1997, chapter 4.
    """

    def __init__(
        self,
        message_alphabet: Sequence[Hashable],
        send: Callable[[Any, Any], Any],
        decode: Callable[[Any, Any, Any], Any],
        coins: Mapping[Hashable, Any] | None = None,
        name: str = "protocol",
    ) -> None:
        self.message_alphabet = tuple(message_alphabet)
        if not self.message_alphabet or len(set(self.message_alphabet)) != len(
            self.message_alphabet
        ):
            raise InvalidParameterError(
                "the message alphabet is empty or repeats a symbol; give distinct messages"
            )
        self.send = send
        self.decode = decode
        self.coins = dict(coins) if coins is not None else {None: 1}
        _check_law(self.coins.values(), "the public coins' law")
        self.name = name

    def __repr__(self) -> str:
        return (
            f"OneWayProtocol({self.name}; |M|={len(self.message_alphabet)}, "
            f"|R|={len(self.coins)})"
        )


@dataclass
class ProtocolTables:
    """A protocol tabulated against a problem.

    Attributes
    ----------
    coins : numpy.ndarray
        ``p_r[r]``, the law of R (over ``protocol.coins`` in order).
    channel : numpy.ndarray
        ``A[r, i, m] = P(m | x_i, r)``.
    decoder : numpy.ndarray
        ``B[r, m, j, o] = P(o | m, y_j, r)`` (zero where m is never sent under r).
    exact : bool
        True when every entry (and the problem) is exact: object arrays of
        Fractions; otherwise float64.
    """

    coins: np.ndarray
    channel: np.ndarray
    decoder: np.ndarray
    exact: bool


def _as_law(value: Any, alphabet_index: Mapping, what: str) -> dict[int, Any]:
    law = value if isinstance(value, Mapping) else {value: 1}
    out: dict[int, Any] = {}
    for symbol, p in law.items():
        if symbol not in alphabet_index:
            raise InvalidParameterError(
                f"{what} produced {symbol!r}, which is not in its alphabet; fix the protocol"
            )
        out[alphabet_index[symbol]] = out.get(alphabet_index[symbol], 0) + p
    _check_law(out.values(), what)
    return out


def _check_law(values, what: str) -> None:
    values = list(values)
    exact = all(is_exact_number(v) for v in values)
    if any(not (v >= 0) for v in values):
        raise InvalidDistributionError(f"{what} has a negative or NaN probability; fix it")
    total = sum(values) if exact else float(sum(float(v) for v in values))
    if (exact and total != 1) or (not exact and abs(total - 1) > _TOLERANCE):
        raise InvalidDistributionError(f"{what} sums to {total}, not 1; normalise it")


def protocol_tables(protocol: OneWayProtocol, problem: OneWayProblem) -> ProtocolTables:
    r"""Tabulate ``P(m | x, r)`` and ``P(o | m, y, r)`` on the problem's alphabets.

    Parameters
    ----------
    protocol : OneWayProtocol
    problem : OneWayProblem

    Returns
    -------
    ProtocolTables
        Exact (Fraction object arrays) when the problem and every probability
        of the protocol are ints/Fractions, else float64.

    Raises
    ------
    InvalidParameterError
        If the protocol sends a message outside its alphabet or outputs a
        symbol outside the problem's output alphabet.
    InvalidDistributionError
        If a channel or decoder law does not sum to one.

    Examples
    --------
    >>> from commlb.problems import get
    >>> proto = OneWayProtocol((0, 1), lambda x, r: x[0], lambda m, y, r: m)
    >>> protocol_tables(proto, get("index", d=1)).channel[0].tolist()
    [[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    coins = list(protocol.coins.items())
    m_index = {m: k for k, m in enumerate(protocol.message_alphabet)}
    o_index = {o: k for k, o in enumerate(problem.output_alphabet)}
    nr, nx, nm = len(coins), len(problem.alice_alphabet), len(protocol.message_alphabet)
    ny, no = len(problem.bob_alphabet), len(problem.output_alphabet)
    channel: dict[tuple, Any] = {}
    decoder: dict[tuple, Any] = {}
    for a, (r, _) in enumerate(coins):
        sent = set()
        for i, x in enumerate(problem.alice_alphabet):
            for m, p in _as_law(protocol.send(x, r), m_index, "Alice's channel").items():
                channel[(a, i, m)] = p
                if p != 0:
                    sent.add(m)
        for m in sorted(sent):
            message = protocol.message_alphabet[m]
            for j, y in enumerate(problem.bob_alphabet):
                for o, p in _as_law(protocol.decode(message, y, r), o_index,
                                    "Bob's decoder").items():
                    decoder[(a, m, j, o)] = p
    values = [p for _, p in coins] + list(channel.values()) + list(decoder.values())
    exact = problem.exact and all(is_exact_number(v) for v in values)
    convert = Fraction if exact else float
    arrays = []
    for shape, entries in (((nr,), {(a,): p for a, (_, p) in enumerate(coins)}),
                           ((nr, nx, nm), channel), ((nr, nm, ny, no), decoder)):
        array = np.zeros(shape, dtype=object if exact else np.float64)
        if exact:
            array[...] = Fraction(0)
        for key, p in entries.items():
            array[key] = convert(p)
        arrays.append(array)
    return ProtocolTables(arrays[0], arrays[1], arrays[2], exact)


def mixture(protocols: Sequence[OneWayProtocol], weights: Sequence[Any]) -> OneWayProtocol:
    r"""The public-coin mixture: draw L ~ weights publicly, then run protocol L.

    The coins are pairs ``(L, r)`` with law ``w_L·p_L(r)``; the message set is
    the union of the message sets (the coin tells Bob which protocol spoke).
    Error and information costs are the weighted averages of the components'.

    Parameters
    ----------
    protocols : Sequence[OneWayProtocol]
    weights : Sequence
        Non-negative, summing to one (exact when ints/Fractions).

    Returns
    -------
    OneWayProtocol

    Raises
    ------
    InvalidParameterError
        If the lengths differ or no protocol is given.
    InvalidDistributionError
        If the weights are not a law.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> from commlb.protocols.standard import get_protocol
    >>> problem = get("index", d=2)
    >>> both = mixture([get_protocol("send-everything", problem),
    ...                 get_protocol("silent", problem)], [Fraction(1, 2), Fraction(1, 2)])
    >>> distributional_error(both, problem)
    Fraction(1, 4)

    References
    ----------
    Braverman and Rao 2011 (public coins and information cost); DESIGN.md section 1.
    """
    protocols = list(protocols)
    weights = list(weights)
    if not protocols or len(protocols) != len(weights):
        raise InvalidParameterError(
            "mixture needs one weight per protocol and at least one protocol"
        )
    _check_law(weights, "the mixture weights")
    messages: list = []
    seen = set()
    for proto in protocols:
        for m in proto.message_alphabet:
            if m not in seen:
                seen.add(m)
                messages.append(m)
    coins = {(ell, r): w * p for ell, (proto, w) in enumerate(zip(protocols, weights, strict=True))
             for r, p in proto.coins.items()}

    def send(x, coin):
        return protocols[coin[0]].send(x, coin[1])

    def decode(m, y, coin):
        return protocols[coin[0]].decode(m, y, coin[1])

    name = "mixture(" + ", ".join(p.name for p in protocols) + ")"
    return OneWayProtocol(messages, send, decode, coins, name)
