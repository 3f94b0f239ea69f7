r"""Singletons(k, q_c): one labelled example from each of k subpopulations.

Alice holds ``x = (a_1, ..., a_k)``, one training example from each of k
independent subpopulations drawn from the component meta-distribution q_c.
Bob gets a fresh example y, with its target t, from subpopulation J, uniform on
``0..k-1`` and unknown to him, and must output t.  A component is described
by the law ``P_A(a)`` of one training example and the conditional law
``P(y, t | a)`` of a fresh example of the same subpopulation; then

``μ(x, y, t) = Π_i P_A(a_i) · (1/k)·Σ_j P(y, t | a_j; slot j)``.

Components
----------
``cluster`` (d, rho, labels): a hypercube cluster fixes each coordinate with
probability ρ (uniform ±1 value); an example copies the fixed coordinates and
fills the rest uniformly, so two examples of one cluster are ρ-correlated
uniform strings (:func:`commlb.problems.hamming.correlated`).  Alice's
example is ``(string, label)``; ``labels="index"`` labels cluster j by j,
an integer L >= 1 gives every cluster an independent uniform label in 0..L-1.
Bob's y is a string, the target its cluster's label.  With index labels this is
the same problem as ``multi-sample-gap-hamming(k, d, ρ, task="identify")``: Bob's
y given Alice's example ``a_J`` has the law ``P_ρ(y | a_J)``, so the joint laws
coincide once Alice's labelled examples ``((a_j, j))_j`` are read as her strings
``(a_j)_j`` (the labels carry nothing; ``tests/test_task_definitions.py``).

``next-symbol`` (d, delta, training): a reference ``c`` uniform on {0,1}^d;
examples are noisy copies (each bit flipped with probability δ/2).  Alice's
example is the whole copy (``training="whole"``) or a cut copy
``(prefix, next bit)`` with a uniform cut (``training="cut"``); Bob gets
``(i, z_<i)`` with i uniform and the target ``z_i``.

References
----------
Brown et al., STOC 2021, section 4 (Singletons(k, q_c) and the direct-sum
lower bounds); Brown et al., STOC 2021.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.problems.hamming import SIGNS, correlated
from commlb.problems.indexing import BITS, cube
from commlb.problems.structure import structure_of
from commlb.problems.training import (
    DEFAULT_LABELS,
    DEFAULT_POSITIONS,
    DEFAULT_TRAINING,
    cluster_labels,
    position_law,
    training_mode,
)
from commlb.protocols.parameters import choice, integer, probability
from commlb.protocols.problem import OneWayProblem

__all__ = ["singletons"]



class _Component:
    """One slot's alphabets and laws: P_A(a) and P(y, t | a) for slot j."""

    def __init__(self, examples: Callable[[int], list], bob: list, targets: tuple,
                 prior: Callable[[object], Fraction],
                 fresh: Callable[[object, object, object], Fraction], params: dict) -> None:
        self.examples, self.bob, self.targets = examples, bob, targets
        self.prior, self.fresh, self.params = prior, fresh, params


def _cluster(k: int, d: object = None, rho: object = None, labels: object = DEFAULT_LABELS
             ) -> _Component:
    if d is None or rho is None:
        raise InvalidParameterError("component cluster needs d and rho (e.g. d=2, rho=1/2)")
    d = integer(d, "d", minimum=1)
    rho = probability(rho, "rho")
    labels = cluster_labels(labels)
    if labels == "index":
        label_sets, targets = [(j,) for j in range(k)], tuple(range(k))
    else:
        label_sets, targets = [tuple(range(labels))] * k, tuple(range(labels))
    strings = cube(d, SIGNS)

    def examples(j: int) -> list:
        return [(s, label) for s in strings for label in label_sets[j]]

    def prior(a) -> Fraction:
        return Fraction(1, len(strings) * (1 if labels == "index" else labels))

    def fresh(a, y, t) -> Fraction:
        return correlated(a[0], y, rho) if a[1] == t else Fraction(0)

    return _Component(examples, strings, targets, prior, fresh,
                      {"d": d, "rho": rho, "labels": labels})


def _next_symbol(k: int, d: object = None, delta: object = None,
                 training: object = DEFAULT_TRAINING, positions: object = DEFAULT_POSITIONS
                 ) -> _Component:
    if d is None or delta is None:
        raise InvalidParameterError(
            "component next-symbol needs d and delta (e.g. d=2, delta=1/4)"
        )
    d = integer(d, "d", minimum=1)
    delta = probability(delta, "delta")
    training = training_mode(training)
    law = position_law(d, positions)  # of a cut training string's and of Bob's position
    q = delta - delta * delta / 2
    flip = (1 - q, q)
    if training == "whole":
        alice = cube(d)
    else:
        alice = [(z[:u], z[u]) for u in range(d) if law[u] for z in cube(u + 1)]
    bob = [(i, p) for i in range(d) if law[i] for p in cube(i)]

    def prior(a) -> Fraction:
        if training == "whole":
            return Fraction(1, 2**d)
        return law[len(a[0])] / 2 ** (len(a[0]) + 1)

    def fresh(a, y, t) -> Fraction:
        known = a if training == "whole" else a[0] + (a[1],)
        bits = y[1] + (t,)
        mass = law[y[0]]
        for j, bit in enumerate(bits):
            mass *= flip[bit != known[j]] if j < len(known) else Fraction(1, 2)
        return mass

    return _Component(lambda j: alice, bob, BITS, prior, fresh,
                      {"d": d, "delta": delta, "training": training,
                       "positions": positions if isinstance(positions, str)
                       else [str(p) for p in law]})


_COMPONENTS = {"cluster": _cluster, "next-symbol": _next_symbol}


def singletons(k: object, component: object, **params: object) -> OneWayProblem:
    r"""Singletons(k, component): Bob labels a fresh example of one of Alice's k subpopulations.

    Parameters
    ----------
    k : int
        Number of subpopulations (Alice's examples), ``k >= 1``.
    component : {"cluster", "next-symbol"}
        The component meta-distribution (see the module docstring).
    **params
        ``cluster``: ``d`` (>= 1), ``rho`` in [0, 1], ``labels`` ("index" or
        an int >= 1).  ``next-symbol``: ``d`` (>= 1), ``delta`` in [0, 1],
        ``training`` ("whole", the default, or "cut") and ``positions`` ("all", the
        default, "nonempty" or d weights): :mod:`commlb.problems.training`.

    Returns
    -------
    OneWayProblem
        ``μ(x, y, t) = Π_i P_A(a_i)·(1/k)·Σ_j P(y, t | a_j)``.

    Raises
    ------
    InvalidParameterError
        On an unknown component or parameter, a value out of range, or more
        than 2^14 inputs for Alice.

    Examples
    --------
    >>> problem = singletons(2, "cluster", d=1, rho=1)
    >>> len(problem.alice_alphabet), len(problem.bob_alphabet), problem.optimal_error()
    (4, 2, Fraction(1, 4))
    >>> singletons(1, "next-symbol", d=2, delta=0).optimal_error()
    Fraction(0, 1)

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """
    k = integer(k, "k", minimum=1)
    name = choice(component, "component", tuple(_COMPONENTS))
    build = _COMPONENTS[name]
    allowed = set(build.__code__.co_varnames[1:build.__code__.co_argcount])
    unknown = set(params) - allowed
    if unknown:
        raise InvalidParameterError(
            f"component {name} takes parameters {sorted(allowed)}, not {sorted(unknown)}"
        )
    structure = structure_of("singletons", k=k, component=name, **params)  # refuses sizes first
    comp = build(k, **params)
    slots = [comp.examples(j) for j in range(k)]
    size = structure.sizes[0]
    pairs = [(y, t) for y in comp.bob for t in comp.targets]
    # per slot j: prior[a] and fresh[a, (y, t)]
    prior = [np.array([comp.prior(a) for a in slot], dtype=object) for slot in slots]
    fresh = [np.array([[comp.fresh(a, y, t) for (y, t) in pairs] for a in slot], dtype=object)
             for slot in slots]
    # μ over (a_1, ..., a_k, (y, t)): outer product of priors times the slot average.
    shape = [len(s) for s in slots]
    weight = np.ones(shape, dtype=object)
    average = np.zeros(shape + [len(pairs)], dtype=object)
    for j in range(k):
        axis = [1] * k
        axis[j] = shape[j]
        weight = weight * prior[j].reshape(axis)
        average = average + fresh[j].reshape(axis + [len(pairs)])
    joint = (weight[..., None] * average / k).reshape(size, len(comp.bob), len(comp.targets))
    alice = list(itertools.product(*slots))
    problem = OneWayProblem(
        "singletons", {"k": k, "component": name, **comp.params}, alice, comp.bob,
        comp.targets, joint,
        description="Alice one labelled example from each of k subpopulations; Bob labels "
        "a fresh example of a random one",
    )
    problem.structure = structure
    return problem
