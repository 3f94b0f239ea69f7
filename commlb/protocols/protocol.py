"""One-way protocols: a message set, Alice's channel, public coins, Bob's decoder.

Kept as small as LeanCC's one-way protocol: ``send`` and ``decode`` and
nothing else.  Costs and errors are functions of ``(protocol, problem)`` in
:mod:`commlb.protocols.costs`; :func:`protocol_tables` turns a protocol into
the arrays they use.

References
----------
Brown et al., STOC 2021, section 4; docs/architecture.md (LeanCC style).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.protocols.problem import OneWayProblem, is_exact_number
from commlb.protocols.rational import fits

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

    In exact mode every table is integer numerators over one common
    denominator (``*_scale``): ``P(r) = coins[r] / coins_scale`` and so on
    (int64, or Python ints when large); in float mode float64 and scales 1.

    Attributes
    ----------
    coins : numpy.ndarray
        ``p_r[r]``, the law of R (over ``protocol.coins`` in order).
    channel : numpy.ndarray
        ``A[r, i, m] = P(m | x_i, r)``.
    decoder : numpy.ndarray
        ``B[r, m, j, o] = P(o | m, y_j, r)`` (zero where m is never sent under r).
    exact : bool
        True when every entry (and the problem) is exact.
    coins_scale, channel_scale, decoder_scale : int
        The common denominators (1 in float mode).
    """

    coins: np.ndarray
    channel: np.ndarray
    decoder: np.ndarray
    exact: bool
    coins_scale: int = 1
    channel_scale: int = 1
    decoder_scale: int = 1

    def fractions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(p_r, A, B)`` as object arrays of Fractions (exact) or float64 arrays."""
        if not self.exact:
            return self.coins, self.channel, self.decoder
        out = []
        for array, scale in ((self.coins, self.coins_scale), (self.channel, self.channel_scale),
                             (self.decoder, self.decoder_scale)):
            out.append(np.frompyfunc(lambda n, s=scale: Fraction(int(n), s), 1, 1)(array)
                       .astype(object))
        return out[0], out[1], out[2]


def _as_law(value: Any, alphabet_index: Mapping, what: str) -> dict[int, Any]:
    if not isinstance(value, Mapping):  # deterministic: one symbol with probability 1
        try:
            return {alphabet_index[value]: 1}
        except (KeyError, TypeError):
            raise InvalidParameterError(
                f"{what} produced {value!r}, which is not in its alphabet; fix the protocol"
            ) from None
    law = value
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
        Exact (integer numerators over common denominators) when the problem
        and every probability of the protocol are ints/Fractions, else float64.

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
    >>> tables = protocol_tables(proto, get("index", d=1))
    >>> tables.channel[0].tolist(), tables.channel_scale
    ([[1, 0], [0, 1]], 1)
    """
    cached = _CACHE.get(protocol, {}).get(id(problem))
    if cached is not None and cached[0]() is problem:
        return cached[1]
    tables = _tabulate(protocol, problem)
    _CACHE.setdefault(protocol, {})[id(problem)] = (weakref.ref(problem), tables)
    return tables


# Tabulating is the slow part of every cost; each (protocol, problem) pair is done once.
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tabulate(protocol: OneWayProtocol, problem: OneWayProblem) -> ProtocolTables:
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
    arrays, scales = [], []
    for shape, entries in (((nr,), {(a,): p for a, (_, p) in enumerate(coins)}),
                           ((nr, nx, nm), channel), ((nr, nm, ny, no), decoder)):
        array, scale = _fill(shape, entries, exact)
        arrays.append(array)
        scales.append(scale)
    return ProtocolTables(arrays[0], arrays[1], arrays[2], exact, *scales)


def _fill(shape: tuple, entries: dict[tuple, Any], exact: bool) -> tuple[np.ndarray, int]:
    """An array of the given shape from sparse entries: integer numerators and scale."""
    keys = list(entries)
    index = tuple(np.array([k[n] for k in keys], dtype=np.int64) for n in range(len(shape)))
    if not exact:
        array = np.zeros(shape)
        array[index] = np.array([float(entries[k]) for k in keys], dtype=np.float64)
        return array, 1
    masses = [Fraction(entries[k]) for k in keys]
    scale = math.lcm(*{m.denominator for m in masses}) if masses else 1
    numerators = [m.numerator * (scale // m.denominator) for m in masses]
    small = fits(scale) and all(n < 2**62 for n in numerators)
    array = np.zeros(shape, dtype=np.int64 if small else object)
    if not small:
        array[...] = 0
    array[index] = np.array(numerators, dtype=array.dtype)
    return array, scale


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
    Braverman and Rao 2011 (public coins and information cost); docs/architecture.md, "One program".
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
