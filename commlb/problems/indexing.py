"""Index, Augmented Index, Noisy Augmented Index and Equality.

Bit strings are tuples over {0, 1}.  Positions are 0-based: Bob's index ``i``
ranges over ``0..d-1`` and ``x_<i`` is the tuple ``x[:i]``.

References
----------
Brown et al., STOC 2021, sections 3 and 4 (next-symbol prediction and its
communication core); Bar-Yossef, Jayram, Kumar, Sivakumar 2004 (Index and
Augmented Index information complexity).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from commlb.problems.structure import structure_of
from commlb.protocols.parameters import integer, probability
from commlb.protocols.problem import OneWayProblem

__all__ = ["index", "augmented_index", "noisy_augmented_index", "equality", "cube"]

BITS = (0, 1)


def cube(d: int, symbols: tuple = BITS) -> list[tuple]:
    """All strings of length ``d`` over ``symbols``, in lexicographic order.

    Examples
    --------
    >>> cube(2)
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    return list(itertools.product(symbols, repeat=d))


def index(d: object) -> OneWayProblem:
    r"""Index(d): X uniform on {0,1}^d, Y = i uniform on 0..d-1, T = x_i.

    ``μ(x, i, t) = 2^{-d}/d · [t = x_i]``; Bob outputs a bit, 0-1 loss.

    Parameters
    ----------
    d : int
        String length, ``d >= 1``.

    Returns
    -------
    OneWayProblem
        |X| = 2^d, |Y| = d, |O| = 2.

    Raises
    ------
    InvalidParameterError
        If ``d < 1`` or not an integer.

    Examples
    --------
    >>> problem = index(3)
    >>> len(problem.alice_alphabet), problem.bob_alphabet, problem.num_decision_functions
    (8, (0, 1, 2), 8)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    d = integer(d, "d", minimum=1)
    mass = Fraction(1, 2**d * d)
    joint = {(x, i, x[i]): mass for x in cube(d) for i in range(d)}
    problem = OneWayProblem(
        "index", {"d": d}, cube(d), range(d), BITS, joint,
        description="Alice x uniform in {0,1}^d; Bob i uniform; Bob outputs x_i",
    )
    problem.structure = structure_of("index", d=d)
    return problem


def augmented_index(d: object) -> OneWayProblem:
    r"""Augmented Index(d): X uniform on {0,1}^d, Y = (i, x_<i), T = x_i.

    ``μ(x, (i, p), t) = 2^{-d}/d · [p = x_<i][t = x_i]`` with i uniform on
    ``0..d-1``; Bob's alphabet is every ``(i, prefix)`` with ``len(prefix) = i``
    (``2^d - 1`` symbols, ordered by i, then prefix).

    Parameters
    ----------
    d : int
        String length, ``d >= 1``.

    Returns
    -------
    OneWayProblem

    Raises
    ------
    InvalidParameterError
        If ``d < 1``.

    Examples
    --------
    >>> problem = augmented_index(3)
    >>> len(problem.bob_alphabet), problem.bob_alphabet[:3]
    (7, ((0, ()), (1, (0,)), (1, (1,))))

    References
    ----------
    Brown et al., STOC 2021: one-way external information complexity
    ``d·(1 - h(δ))`` at error δ <= 1/2.
    """
    d = integer(d, "d", minimum=1)
    mass = Fraction(1, 2**d * d)
    joint = {(x, (i, x[:i]), x[i]): mass for x in cube(d) for i in range(d)}
    problem = OneWayProblem(
        "augmented-index", {"d": d}, cube(d), _prefixes(d), BITS, joint,
        description="Alice x uniform in {0,1}^d; Bob (i, x_<i); Bob outputs x_i",
    )
    problem.structure = structure_of("augmented-index", d=d)
    return problem


def _prefixes(d: int) -> list[tuple]:
    return [(i, p) for i in range(d) for p in cube(i)]


def noisy_augmented_index(d: object, delta: object) -> OneWayProblem:
    r"""Noisy Augmented Index(d, δ): the one-subpopulation core of next-symbol prediction.

    A reference ``c`` is uniform on {0,1}^d.  Alice holds ``x = c XOR e``, Bob
    a second copy ``z = c XOR e'``; the bits of e and e' are independent, each
    1 with probability δ/2.  Bob sees ``(i, z_<i)`` with i uniform on 0..d-1 and
    must predict the target ``T = z_i``.  Given x, the bits of z are
    independent and differ from x with probability ``q = δ - δ²/2``, so

    ``μ(x, (i, p), t) = 2^{-d}/d · Π_{j <= i} (q if (p+t)_j != x_j else 1 - q)``.

    Parameters
    ----------
    d : int
        String length, ``d >= 1``.
    delta : number
        Noise rate in [0, 1] (each bit re-randomised with probability δ).

    Returns
    -------
    OneWayProblem
        Same alphabets as :func:`augmented_index`; the target is random given
        (x, y), and ``optimal_error() = q`` (Bob predicts x_i).

    Raises
    ------
    InvalidParameterError
        If ``d < 1`` or δ is outside [0, 1].

    Examples
    --------
    >>> noisy_augmented_index(2, "1/2").optimal_error()
    Fraction(3, 8)
    >>> noisy_augmented_index(2, 0).optimal_error()
    Fraction(0, 1)

    References
    ----------
    Brown et al., STOC 2021 (next-symbol prediction) and section 4 (the noisy
    version gives ``Σ_t [h(δ/2) - h(e_t)]``).
    """
    d = integer(d, "d", minimum=1)
    delta = probability(delta, "delta")
    q = delta - delta * delta / 2
    flip = (1 - q, q)
    base = Fraction(1, 2**d * d)
    joint = {}
    for x in cube(d):
        for i in range(d):
            for z in cube(i + 1):
                mass = base
                for j in range(i + 1):
                    mass *= flip[z[j] != x[j]]
                joint[(x, (i, z[:i]), z[i])] = mass
    problem = OneWayProblem(
        "noisy-augmented-index", {"d": d, "delta": delta}, cube(d), _prefixes(d), BITS, joint,
        description="Alice a noisy copy of c, Bob (i, prefix of another noisy copy z); "
        "Bob outputs z_i",
    )
    problem.structure = structure_of("noisy-augmented-index", d=d, delta=delta)
    return problem


def equality(d: object) -> OneWayProblem:
    r"""Equality(d): with probability 1/2, y = x; otherwise y is independent.

    X uniform on {0,1}^d; with probability 1/2 Bob's ``y = x``, otherwise
    ``y`` is uniform and independent of x (so it equals x with probability
    ``2^{-d}``); ``T = [x = y]``:
    ``μ(x, y) = 2^{-d}·([x = y]/2 + 2^{-d}/2)``.

    Parameters
    ----------
    d : int
        String length, ``d >= 1``.

    Returns
    -------
    OneWayProblem
        |X| = |Y| = 2^d, |O| = 2; ``optimal_error() = 0``.

    Raises
    ------
    InvalidParameterError
        If ``d < 1``.

    Examples
    --------
    >>> problem = equality(2)
    >>> problem.optimal_error(), problem.trivial_error()
    (Fraction(0, 1), Fraction(3, 8))

    References
    ----------
    Kushilevitz and Nisan, Communication Complexity, 1997 (Equality; public-coin
    hashing).
    """
    d = integer(d, "d", minimum=1)
    strings = cube(d)
    size = 2**d
    joint = {}
    for x in strings:
        for y in strings:
            mass = Fraction(1, 2 * size * size) + (Fraction(1, 2 * size) if x == y else 0)
            joint[(x, y, int(x == y))] = mass
    problem = OneWayProblem(
        "equality", {"d": d}, strings, strings, BITS, joint,
        description="with prob. 1/2 y = x, else y uniform; Bob outputs [x = y]",
    )
    problem.structure = structure_of("equality", d=d)
    return problem

