"""Gap-Hamming problems on the ±1 hypercube.

Strings are tuples over {-1, +1}.  ``y`` is **ρ-correlated** with ``x`` in the
fixed-coordinate model: each coordinate is copied from x with probability ρ
and is otherwise fresh uniform, so the coordinates agree independently with
probability ``(1+ρ)/2``: ``P_ρ(y | x) = Π_j ((1+ρ)/2 if y_j = x_j else (1-ρ)/2)``.

References
----------
Brown et al., STOC 2021, section 4 (Gap-Hamming information complexity
``(1-o(1))·d``; Conjecture 4.1 for the multi-sample version); Brown et al., STOC 2021.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.problems.indexing import cube
from commlb.problems.structure import structure_of
from commlb.protocols.parameters import choice, integer, probability
from commlb.protocols.problem import OneWayProblem

__all__ = ["gap_hamming", "gap_hamming_promise", "multi_sample_gap_hamming", "correlated"]

SIGNS = (-1, 1)


def correlated(x: tuple, y: tuple, rho: Fraction) -> Fraction:
    """``P_ρ(y | x) = Π_j ((1+ρ)/2 if y_j = x_j else (1-ρ)/2)``.

    Examples
    --------
    >>> correlated((1, -1), (1, 1), Fraction(1, 2))
    Fraction(3, 16)

    References
    ----------
    Brown et al., STOC 2021 (hypercube clusters: fixed-coordinate correlation).
    """
    agree = sum(a == b for a, b in zip(x, y, strict=True))
    return ((1 + rho) / 2) ** agree * ((1 - rho) / 2) ** (len(x) - agree)


def gap_hamming(d: object, rho: object) -> OneWayProblem:
    r"""Gap-Hamming(d, ρ): is Bob's string ρ-correlated with Alice's, or independent?

    x is uniform on {±1}^d; with probability 1/2, ``T = 1`` and y is
    ρ-correlated with x; otherwise ``T = 0`` and y is uniform and independent:
    ``μ(x, y, 1) = 2^{-d}·P_ρ(y | x)/2``, ``μ(x, y, 0) = 4^{-d}/2``.
    Bob outputs T (0-1 loss).

    Parameters
    ----------
    d : int
        Dimension, ``d >= 1``.
    rho : number
        Correlation in [0, 1].

    Returns
    -------
    OneWayProblem
        |X| = |Y| = 2^d, |O| = 2.

    Raises
    ------
    InvalidParameterError
        If ``d < 1`` or ρ is outside [0, 1].

    Examples
    --------
    >>> gap_hamming(1, 1).optimal_error()
    Fraction(1, 4)
    >>> gap_hamming(2, 0).optimal_error()
    Fraction(1, 2)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    d = integer(d, "d", minimum=1)
    rho = probability(rho, "rho")
    strings = cube(d, SIGNS)
    base = Fraction(1, 2 * 2**d)
    independent = base / 2**d
    joint = {}
    for x in strings:
        for y in strings:
            joint[(x, y, 1)] = base * correlated(x, y, rho)
            joint[(x, y, 0)] = independent
    problem = OneWayProblem(
        "gap-hamming", {"d": d, "rho": rho}, strings, strings, (0, 1), joint,
        description="x uniform in {±1}^d; y rho-correlated (T=1) or independent (T=0), "
        "each w.p. 1/2; Bob outputs T",
    )
    problem.structure = structure_of("gap-hamming", d=d, rho=rho)
    return problem


def gap_hamming_promise(d: object, g: object, law: object = "promise") -> OneWayProblem:
    r"""Gap-Hamming with a promise: output the sign of ``<x, y>`` when ``|<x, y>| >= g``.

    Inputs x, y in {±1}^d.  The target is ``T = sign(<x, y>)`` when
    ``|<x, y>| >= g`` and ``T = 0`` otherwise; the loss is the relation
    ``{+1: {+1}, -1: {-1}, 0: {-1, +1}}`` (off the promise every answer is
    right).  ``law="promise"`` (default): (x, y) uniform over the pairs that
    satisfy the promise; ``law="uniform"``: uniform over all pairs.

    Parameters
    ----------
    d : int
        Dimension, ``d >= 1``.
    g : int
        Gap, ``1 <= g <= d``.
    law : {"promise", "uniform"}
        The input law (see above).

    Returns
    -------
    OneWayProblem
        |X| = |Y| = 2^d, |O| = 2, target alphabet (-1, 0, 1).

    Raises
    ------
    InvalidParameterError
        If ``d < 1``, g is outside ``1..d``, or law is unknown.

    Examples
    --------
    >>> problem = gap_hamming_promise(2, 2)
    >>> problem.optimal_error(), problem.trivial_error()
    (Fraction(0, 1), Fraction(1, 2))

    References
    ----------
    Indyk and Woodruff 2003; Chakrabarti and Regev 2011 (Gap-Hamming-Distance).
    """
    d = integer(d, "d", minimum=1)
    g = integer(g, "g", minimum=1, maximum=d)
    law = choice(law, "law", ("promise", "uniform"))
    strings = cube(d, SIGNS)
    pairs = {}
    for x in strings:
        for y in strings:
            inner = sum(a * b for a, b in zip(x, y, strict=True))
            target = int(np.sign(inner)) if abs(inner) >= g else 0
            if law == "uniform" or target != 0:
                pairs[(x, y, target)] = 1
    mass = Fraction(1, len(pairs))
    joint = {key: mass for key in pairs}
    problem = OneWayProblem(
        "gap-hamming-promise", {"d": d, "g": g, "law": law}, strings, strings, SIGNS, joint,
        target_alphabet=(-1, 0, 1), relation={-1: {-1}, 0: {-1, 1}, 1: {1}},
        description="x, y in {±1}^d with |<x,y>| >= g; Bob outputs sign(<x,y>)",
    )
    problem.structure = structure_of("gap-hamming-promise", d=d, g=g, law=law)
    return problem


def multi_sample_gap_hamming(
    k: object, d: object, rho: object, task: object = "decide"
) -> OneWayProblem:
    r"""Multi-sample Gap-Hamming(k, d, ρ): Bob's y is correlated with one of k strings.

    Alice holds ``x = (x_1, ..., x_k)``, i.i.d. uniform on {±1}^d.
    ``task="decide"`` (default): with probability 1/2, ``T = 1`` and y is
    ρ-correlated with ``x_J`` for J uniform on the k strings; otherwise
    ``T = 0`` and y is independent and uniform; Bob outputs T.
    ``task="identify"``: y is always ρ-correlated with ``x_J`` and Bob outputs
    ``T = J`` (0-based); this is ``singletons(k, component="cluster", d, rho)``
    with index labels, up to the names of Alice's inputs.

    Parameters
    ----------
    k : int
        Number of Alice's strings, ``k >= 1``.
    d : int
        Dimension, ``d >= 1``.
    rho : number
        Correlation in [0, 1].
    task : {"decide", "identify"}

    Returns
    -------
    OneWayProblem
        |X| = 2^{dk}, |Y| = 2^d, |O| = 2 (decide) or k (identify).

    Raises
    ------
    InvalidParameterError
        If k or d is below 1, ρ outside [0, 1], or task unknown.

    Examples
    --------
    >>> problem = multi_sample_gap_hamming(2, 1, 1, task="identify")
    >>> problem.optimal_error()
    Fraction(1, 4)

    References
    ----------
    Brown et al., STOC 2021, Conjecture 4.1.
    """
    k = integer(k, "k", minimum=1)
    d = integer(d, "d", minimum=1)
    rho = probability(rho, "rho")
    task = choice(task, "task", ("decide", "identify"))
    structure = structure_of("multi-sample-gap-hamming", k=k, d=d, rho=rho, task=task)
    strings = cube(d, SIGNS)
    alice = cube(k, strings)
    base = Fraction(1, len(alice))
    joint = {}
    for x in alice:
        for y in strings:
            likes = [correlated(xj, y, rho) for xj in x]
            if task == "decide":
                joint[(x, y, 1)] = base * sum(likes) / (2 * k)
                joint[(x, y, 0)] = base / (2 * len(strings))
            else:
                for j, like in enumerate(likes):
                    joint[(x, y, j)] = base * like / k
    outputs = (0, 1) if task == "decide" else tuple(range(k))
    problem = OneWayProblem(
        "multi-sample-gap-hamming", {"k": k, "d": d, "rho": rho, "task": task},
        alice, strings, outputs, joint,
        description="Alice k strings; Bob's y rho-correlated with a random one "
        "(or independent); Bob decides which",
    )
    problem.structure = structure
    return problem

