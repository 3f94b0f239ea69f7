r"""Standard one-way protocols, each with Bob's Bayes-optimal decoder.

``send-everything``  Alice sends x.
``silent``           Alice sends nothing (one message); error ``trivial_error()``.
``noisy-send(eps)``  Alice sends x with every bit through BSC(eps).
``send-prefix(m)``   Alice sends the first m bits of x.
``hash(bits)``       Equality: public random parities ``<r_l, x> mod 2``; Bob
                     says "equal" iff his parities agree.

Except for ``hash``, Bob decodes optimally: on message m, coins r and input y
he outputs the first ``o`` minimising ``Σ_{x,t} μ(x, y, t)·P(m | x, r)·loss(t, o)``.
Inputs count as bit strings when every symbol of Alice's alphabet flattens
(through nested tuples) to a string over {0, 1} or over {-1, +1} of one length
and the alphabet is the whole cube; a flipped bit negates a ±1 entry.

References
----------
Kushilevitz and Nisan, Communication Complexity, 1997 (Equality by hashing);
Brown et al., STOC 2021, section 4 (noisy send attains ``d·(1 - h(δ))`` for
Augmented Index).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.protocols.parameters import integer, probability
from commlb.protocols.problem import OneWayProblem
from commlb.protocols.protocol import OneWayProtocol
from commlb.protocols.rational import as_object, fits

__all__ = ["bayes_protocol", "get_protocol", "protocol_names", "PROTOCOLS"]


def bayes_protocol(
    problem: OneWayProblem,
    message_alphabet: Sequence[Hashable],
    send: Callable[[Any, Any], Any],
    coins: Mapping[Hashable, Any] | None = None,
    name: str = "protocol",
) -> OneWayProtocol:
    r"""Alice's channel ``send`` with Bob's Bayes-optimal deterministic decoder.

    Bob outputs ``argmin_o Σ_{x,t} μ(x, y, t)·P(m | x, r)·loss(t, o)`` (first
    minimiser in ``output_alphabet`` order), the least error of any decoder
    for this channel.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> problem = get("index", d=2)
    >>> parity = bayes_protocol(problem, (0, 1), lambda x, r: (x[0] + x[1]) % 2)
    >>> distributional_error(parity, problem)
    Fraction(1, 2)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    probe = OneWayProtocol(message_alphabet, send, lambda m, y, r: problem.output_alphabet[0],
                           coins, name)
    from commlb.protocols.protocol import protocol_tables

    tables = protocol_tables(probe, problem)
    channel = tables.channel
    if tables.exact:  # integer numerators: the argmin does not see the common scales
        joint, scale = problem.joint_scaled()
        joint_cost = np.tensordot(joint, problem.loss_matrix().astype(joint.dtype),
                                  axes=([2], [0]))
        if not fits(scale * tables.channel_scale):
            channel, joint_cost = as_object(channel, joint_cost)
    else:
        joint_cost = problem.joint_cost_table(exact=False)
    score = np.einsum("rim,ijo->rmjo", channel, joint_cost)
    best = np.argmin(score, axis=3)  # first minimiser
    coin_index = {r: a for a, r in enumerate(probe.coins)}
    m_index = {m: k for k, m in enumerate(probe.message_alphabet)}
    y_index = {y: j for j, y in enumerate(problem.bob_alphabet)}
    outputs = problem.output_alphabet

    def decode(m, y, r):
        return outputs[best[coin_index[r], m_index[m], y_index[y]]]

    return OneWayProtocol(probe.message_alphabet, send, decode, probe.coins, name)


def _bit_strings(problem: OneWayProblem, protocol: str):
    """Flatten Alice's symbols to bit strings; returns (flats, symbols, rebuild)."""
    flats = [_flatten(x) for x in problem.alice_alphabet]
    leaves = {b for f in flats for b in f}
    symbols = (-1, 1) if leaves <= {-1, 1} and -1 in leaves else (0, 1)
    length = len(flats[0]) if flats else 0
    if (not leaves <= set(symbols) or any(len(f) != length for f in flats)
            or len(set(flats)) != len(symbols) ** length or length == 0):
        raise InvalidParameterError(
            f"{protocol} needs Alice's inputs to be all bit strings of one length; "
            f"{problem.name} has other inputs (use send-everything instead)"
        )
    rebuild = dict(zip(flats, problem.alice_alphabet, strict=True))
    return flats, symbols, rebuild


def _flatten(x) -> tuple:
    if isinstance(x, tuple):
        return tuple(b for part in x for b in _flatten(part))
    return (x,)


def send_everything(problem: OneWayProblem) -> OneWayProtocol:
    """Alice sends x; Bob answers optimally, reaching ``problem.optimal_error()``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> problem = get("gap-hamming", d=1, rho=1)
    >>> distributional_error(send_everything(problem), problem) == problem.optimal_error()
    True

    References
    ----------
    Brown et al., STOC 2021, section 1 (optimal error err*).
    """
    return bayes_protocol(problem, problem.alice_alphabet, lambda x, r: x, None,
                          "send-everything")


def silent(problem: OneWayProblem) -> OneWayProtocol:
    """No communication: Bob's best guess from y, reaching ``problem.trivial_error()``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> problem = get("equality", d=2)
    >>> distributional_error(silent(problem), problem)
    Fraction(3, 8)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    return bayes_protocol(problem, (None,), lambda x, r: None, None, "silent")


def noisy_send(problem: OneWayProblem, eps: object) -> OneWayProtocol:
    r"""Alice sends x with each bit flipped independently with probability ε.

    ``P(m | x) = ε^{dist(m, x)}·(1-ε)^{n - dist(m, x)}``; on Index(d) and
    Augmented Index(d) with ε <= 1/2 the error is ε and
    ``I(X; M) = d·(1 - h(ε))``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import external_information_cost
    >>> problem = get("index", d=2)
    >>> external_information_cost(noisy_send(problem, "1/2"), problem)
    Exact(0)

    References
    ----------
    Brown et al., STOC 2021 (``d·(1 - h(δ))`` for Index and Augmented Index).
    """
    eps = probability(eps, "eps")
    flats, symbols, rebuild = _bit_strings(problem, "noisy-send")
    flat_of = dict(zip(problem.alice_alphabet, flats, strict=True))
    keep = (1 - eps, eps)

    def send(x, r):
        source = flat_of[x]
        law = {}
        for flips in itertools.product((0, 1), repeat=len(source)):
            mass = Fraction(1)
            for f in flips:
                mass *= keep[f]
            if mass:
                noisy = tuple(_flip(b, symbols) if f else b
                              for b, f in zip(source, flips, strict=True))
                law[rebuild[noisy]] = mass
        return law

    return bayes_protocol(problem, problem.alice_alphabet, send, None, f"noisy-send(eps={eps})")


def _flip(bit, symbols):
    return symbols[1] if bit == symbols[0] else symbols[0]


def send_prefix(problem: OneWayProblem, m: object) -> OneWayProtocol:
    """Alice sends the first m bits of x (flattened); Bob answers optimally.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import distributional_error
    >>> problem = get("index", d=2)
    >>> distributional_error(send_prefix(problem, 1), problem)
    Fraction(1, 4)

    References
    ----------
    Kushilevitz and Nisan 1997, chapter 4 (one-way protocols).
    """
    flats, symbols, _ = _bit_strings(problem, "send-prefix")
    m = integer(m, "m", minimum=0, maximum=len(flats[0]))
    flat_of = dict(zip(problem.alice_alphabet, flats, strict=True))
    messages = list(itertools.product(symbols, repeat=m))
    return bayes_protocol(problem, messages, lambda x, r: flat_of[x][:m], None,
                          f"send-prefix(m={m})")


def hash_protocol(problem: OneWayProblem, bits: object = 1) -> OneWayProtocol:
    r"""Public-coin hashing for Equality: ``bits`` random parities of x.

    Public coins ``r = (r_1..r_b)`` uniform in ``({0,1}^d)^b``; Alice sends
    ``(<r_l, x> mod 2)_l``; Bob outputs 1 iff his own parities agree.  Never
    wrong when x = y; wrong with probability ``2^{-b}`` when x != y.

    Examples
    --------
    >>> from commlb.problems import get
    >>> from commlb.protocols.costs import worst_case_error
    >>> problem = get("equality", d=2)
    >>> worst_case_error(hash_protocol(problem, 2), problem)
    Fraction(1, 4)

    References
    ----------
    Kushilevitz and Nisan 1997, chapter 3 (randomised Equality).
    """
    bits = integer(bits, "bits", minimum=1)
    flats, symbols, _ = _bit_strings(problem, "hash")
    if symbols != (0, 1) or problem.bob_alphabet != problem.alice_alphabet or \
            problem.output_alphabet != (0, 1):
        raise InvalidParameterError(
            f"hash applies to equality-type problems (same {{0,1}}^d strings for Alice and Bob, "
            f"output 0/1); {problem.name} is not one"
        )
    d = len(flats[0])
    if d * bits > 16:
        raise InvalidParameterError(
            f"hash with d={d}, bits={bits} has 2^{d * bits} public coins, above 2^16; "
            "use fewer bits"
        )
    vectors = list(itertools.product((0, 1), repeat=d))
    coins = {r: Fraction(1, len(vectors) ** bits)
             for r in itertools.product(vectors, repeat=bits)}

    strings = np.array(flats, dtype=np.int64)
    table = (strings @ np.array(vectors, dtype=np.int64).T) % 2  # <x, v> mod 2
    parity = {(x, v): int(table[i, k]) for i, x in enumerate(problem.alice_alphabet)
              for k, v in enumerate(vectors)}

    def parities(x, r):
        return tuple(parity[(x, v)] for v in r)

    return OneWayProtocol(list(itertools.product((0, 1), repeat=bits)), parities,
                          lambda m, y, r: int(parities(y, r) == m), coins,
                          f"hash(bits={bits})")


PROTOCOLS: dict[str, tuple[Callable[..., OneWayProtocol], dict[str, str], str]] = {
    "send-everything": (send_everything, {}, "Alice sends x; reaches optimal_error()"),
    "silent": (silent, {}, "no message; reaches trivial_error()"),
    "noisy-send": (noisy_send, {"eps": "flip probability in [0, 1]"},
                   "x with every bit through BSC(eps) (bit-string inputs)"),
    "send-prefix": (send_prefix, {"m": "number of bits, 0..n"},
                    "the first m bits of x (bit-string inputs)"),
    "hash": (hash_protocol, {"bits": "number of public random parities (default 1)"},
             "public-coin parities of x (equality)"),
}


def protocol_names() -> list[str]:
    """Names accepted by :func:`get_protocol`.

    Examples
    --------
    >>> protocol_names()
    ['send-everything', 'silent', 'noisy-send', 'send-prefix', 'hash']
    """
    return list(PROTOCOLS)


def get_protocol(name: str, problem: OneWayProblem, **params: object) -> OneWayProtocol:
    r"""The standard protocol ``name`` for ``problem``.

    Parameters
    ----------
    name : str
        One of :func:`protocol_names`.
    problem : OneWayProblem
    **params
        The protocol's parameters (``eps``, ``m``, ``bits``), read exactly.

    Returns
    -------
    OneWayProtocol

    Raises
    ------
    InvalidParameterError
        On an unknown name or parameter, a bad value, or a protocol that does
        not apply to the problem.

    Examples
    --------
    >>> from commlb.problems import get
    >>> get_protocol("send-prefix", get("index", d=3), m=1)
    OneWayProtocol(send-prefix(m=1); |M|=2, |R|=1)

    References
    ----------
    Kushilevitz and Nisan 1997; Brown et al., STOC 2021, section 4.
    """
    key = str(name).strip().lower().replace("_", "-")
    if key not in PROTOCOLS:
        raise InvalidParameterError(
            f"unknown protocol {name!r}; choose one of {', '.join(PROTOCOLS)}"
        )
    build, accepted, _ = PROTOCOLS[key]
    unknown = set(params) - set(accepted)
    if unknown:
        raise InvalidParameterError(
            f"protocol {key} takes {', '.join(accepted) or 'no parameters'}, "
            f"not {', '.join(sorted(unknown))}"
        )
    if key == "noisy-send" and "eps" not in params:
        raise InvalidParameterError("noisy-send needs eps (e.g. -q eps=1/10)")
    if key == "send-prefix" and "m" not in params:
        raise InvalidParameterError("send-prefix needs m (e.g. -q m=2)")
    return build(problem, **params)
