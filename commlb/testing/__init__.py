"""Hypothesis strategies for commlb objects, for your own property tests.

Strategies are values that compose, as in hypothesis itself::

    from hypothesis import given
    from commlb.testing import distributions, markov_chains

    @given(distributions(names=("X", "Y"), exact=True))
    def test_mi_is_symmetric(law):
        assert mutual_information(law, "X", "Y") == mutual_information(law, "Y", "X")

Every strategy here draws *small* objects (alphabets of a few symbols) so that
exact computations stay fast; sizes are parameters.  By layer: laws
(:func:`distributions`, :func:`channels`, :func:`markov_chains`,
:func:`product_laws`), one-way problems and protocols (:func:`problems`,
:func:`protocols`), learning (:func:`tasks`, :func:`learners`,
:func:`learner_channels`) and solver programs (:func:`information_programs`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st

from commlb.info import Distribution

__all__ = [
    "masses",
    "distributions",
    "channels",
    "markov_chains",
    "product_laws",
    "problems",
    "swap_symmetric_problems",
    "protocols",
    "learner_channels",
    "tasks",
    "learners",
    "information_programs",
]


def _as_strategy(value, default):
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


@st.composite
def masses(draw, size: int, *, exact: bool = True, allow_zeros: bool = True,
           max_weight: int = 12):
    """A probability vector of length ``size``: Fractions (exact) or floats.

    Masses are drawn as integer weights in ``[0, max_weight]`` (``[1, ...]``
    without zeros) and normalised, so zeros and ties occur often: the edge
    cases of information measures.
    """
    low = 0 if allow_zeros else 1
    weights = draw(st.lists(st.integers(low, max_weight), min_size=size, max_size=size))
    if sum(weights) == 0:
        weights[draw(st.integers(0, size - 1))] = 1
    total = sum(weights)
    if exact:
        return [Fraction(w, total) for w in weights]
    return [w / total for w in weights]


@st.composite
def distributions(
    draw,
    names: Sequence[str] = ("X", "Y"),
    alphabet_sizes: int | Sequence[int] | st.SearchStrategy | None = None,
    *,
    exact: bool | st.SearchStrategy | None = None,
    allow_zeros: bool = True,
):
    """A joint :class:`~commlb.info.Distribution` over ``names``.

    Parameters
    ----------
    names : sequence of str
        Variable names.
    alphabet_sizes : int, sequence of int, or strategy, optional
        Size of each alphabet (one int for all, one per name, or a strategy
        drawing an int per name); default: 1 to 3 symbols each.
    exact : bool or strategy, optional
        Exact (Fraction) or float law; default: either.
    allow_zeros : bool
        Whether outcomes of probability zero may occur.
    """
    names = tuple(names)
    if isinstance(alphabet_sizes, int):
        sizes = [alphabet_sizes] * len(names)
    elif isinstance(alphabet_sizes, Sequence):
        sizes = list(alphabet_sizes)
    else:
        strategy = _as_strategy(alphabet_sizes, st.integers(1, 3))
        sizes = [draw(strategy) for _ in names]
    is_exact = draw(_as_strategy(exact, st.booleans()))
    cells = list(itertools.product(*(range(s) for s in sizes)))
    probs = draw(masses(len(cells), exact=is_exact, allow_zeros=allow_zeros))
    alphabets = {n: tuple(range(s)) for n, s in zip(names, sizes, strict=True)}
    return Distribution(dict(zip(cells, probs, strict=True)), names, alphabets=alphabets)


@st.composite
def channels(draw, inputs: Sequence, outputs: Sequence, *, exact: bool = True,
             allow_zeros: bool = True):
    """A channel ``{x: {y: P(y | x)}}`` from ``inputs`` to ``outputs``."""
    return {
        x: dict(zip(outputs, draw(masses(len(outputs), exact=exact, allow_zeros=allow_zeros)),
                    strict=True))
        for x in inputs
    }


@st.composite
def markov_chains(draw, sizes: Sequence[int] = (2, 2, 2), *, exact: bool = True,
                  names: Sequence[str] = ("X", "Y", "Z")):
    """A law of ``X − Y − Z``: ``X``, then ``Y`` from ``X``, then ``Z`` from ``Y`` alone."""
    x, y, z = names
    law = draw(distributions((x,), sizes[0], exact=exact))
    law = law.apply_channel(draw(channels(range(sizes[0]), range(sizes[1]), exact=exact)), x, y)
    return law.apply_channel(draw(channels(range(sizes[1]), range(sizes[2]), exact=exact)), y, z)


@st.composite
def product_laws(draw, names: Sequence[str] = ("X", "Y"), alphabet_sizes=None, *,
                 exact: bool = True):
    """A product law ``P_X ⊗ P_Y ⊗ …`` (independent variables)."""
    from commlb.info import product

    sizes = alphabet_sizes
    parts = []
    for i, n in enumerate(names):
        size = sizes[i] if isinstance(sizes, Sequence) else sizes
        parts.append(draw(distributions((n,), size, exact=exact)))
    return product(*parts)


# --- one-way problems and protocols (issue 3) ---



@st.composite
def problems(draw, max_alice: int = 3, max_bob: int = 3, max_outputs: int = 3, *,
             exact: bool | st.SearchStrategy | None = None,
             relation: bool | st.SearchStrategy | None = None):
    """A small random :class:`~commlb.protocols.OneWayProblem`.

    Alphabets have 1..``max_alice`` (X), 1..``max_bob`` (Y) and
    2..``max_outputs`` (O) symbols; the law μ(x, y, t) is random (zeros
    occur, so some x may have probability zero).  With ``relation`` the loss is
    a random relation (each target accepts a non-empty set of outputs, over a
    target alphabet of 1..3 symbols); otherwise the 0-1 loss with T over O.
    """
    from commlb.protocols import OneWayProblem

    nx = draw(st.integers(1, max_alice))
    ny = draw(st.integers(1, max_bob))
    no = draw(st.integers(2, max(2, max_outputs)))
    is_exact = draw(_as_strategy(exact, st.booleans()))
    outputs = tuple(range(no))
    loss_relation = None
    targets = outputs
    if draw(_as_strategy(relation, st.booleans())):
        targets = tuple(f"t{a}" for a in range(draw(st.integers(1, 3))))
        loss_relation = {
            t: draw(st.sets(st.sampled_from(outputs), min_size=1, max_size=no)) for t in targets
        }
    cells = list(itertools.product(range(nx), range(ny), targets))
    probs = draw(masses(len(cells), exact=is_exact))
    alice = tuple(f"x{i}" for i in range(nx))
    bob = tuple(f"y{j}" for j in range(ny))
    joint = {(alice[i], bob[j], t): p for (i, j, t), p in zip(cells, probs, strict=True)}
    return OneWayProblem("random", {}, alice, bob, outputs, joint,
                         target_alphabet=targets, relation=loss_relation)


@st.composite
def swap_symmetric_problems(draw, max_bob: int = 3, max_outputs: int = 3):
    """An exact two-input problem with a symmetry that swaps Alice's inputs.

    A random law μ on ``{x0, x1} × Y × O`` (0-1 loss) and a random non-identity
    involution π of the outputs give ``μ'(x, y, t) = (μ(x, y, t) + μ(x̄, y, π t))/2``,
    invariant under ``(x, y, o) -> (x̄, y, π o)``: the symmetry group is transitive on
    Alice's inputs, yet ``X`` still carries information about ``T`` (unlike averaging
    over ``x`` alone).  For the orbit reduction of ``commlb.ic.methods.orbit.found``.
    """
    from commlb.protocols import OneWayProblem

    ny = draw(st.integers(1, max_bob))
    no = draw(st.integers(2, max(2, max_outputs)))
    outputs = tuple(range(no))
    pi = list(outputs)
    a, b = draw(st.lists(st.sampled_from(outputs), min_size=2, max_size=2, unique=True))
    pi[a], pi[b] = b, a
    cells = list(itertools.product(range(2), range(ny), outputs))
    probs = dict(zip(cells, draw(masses(len(cells), exact=True)), strict=True))
    alice, bob = ("x0", "x1"), tuple(f"y{j}" for j in range(ny))
    joint = {(alice[x], bob[y], t): (probs[(x, y, t)] + probs[(1 - x, y, pi[t])]) / 2
             for (x, y, t) in cells}
    return OneWayProblem("swap-symmetric", {}, alice, bob, outputs, joint)


@st.composite
def protocols(draw, problem, max_messages: int = 3, max_coins: int = 2, *,
              exact: bool | None = None):
    """A random :class:`~commlb.protocols.OneWayProtocol` for ``problem``.

    1..``max_messages`` messages, 1..``max_coins`` public coin values, a random
    channel ``P(m | x, r)`` and a random (randomised) decoder ``P(o | m, y, r)``;
    exact masses when ``exact`` (default: the problem's mode).
    """
    from commlb.protocols import OneWayProtocol

    is_exact = problem.exact if exact is None else exact
    messages = tuple(f"m{k}" for k in range(draw(st.integers(1, max_messages))))
    coin_values = tuple(range(draw(st.integers(1, max_coins))))
    coins = dict(zip(coin_values, draw(masses(len(coin_values), exact=is_exact)), strict=True))
    channel = {
        (x, r): dict(zip(messages, draw(masses(len(messages), exact=is_exact)), strict=True))
        for x in problem.alice_alphabet for r in coin_values
    }
    outputs = problem.output_alphabet
    decoder = {
        (m, y, r): dict(zip(outputs, draw(masses(len(outputs), exact=is_exact)), strict=True))
        for m in messages for y in problem.bob_alphabet for r in coin_values
    }
    return OneWayProtocol(messages, lambda x, r: channel[(x, r)],
                          lambda m, y, r: decoder[(m, y, r)], coins, name="random")


# --- reductions (issue 6): hypothesis-random learners as explicit channels ---


@st.composite
def learner_channels(draw, task, max_models: int = 3):
    """A random learner for a tiny ``task``: an explicit channel ``Q(g | training sequence)``.

    Draws up to ``max_models`` prediction functions (tuples of labels over
    ``task.inputs``) and, for every ordered training set, an exact law over
    them.  Returns a :class:`commlb.learning.Learner` (not symmetric).
    """
    import itertools

    from commlb.learning import Learner

    labels = task.labels
    count = draw(st.integers(1, max_models))
    models = [tuple(draw(st.sampled_from(labels)) for _ in task.inputs) for _ in range(count)]
    table = {}
    for seq in itertools.product(task.examples, repeat=task.n):
        law = {}
        for g, p in zip(models, draw(masses(count, exact=task.exact)), strict=True):
            if p:
                law[g] = law.get(g, 0) + p
        table[seq] = law
    return Learner(lambda X: table[tuple(X)], name="random-channel")


# --- learning (issue 5): tiny tasks and random learners ---


@st.composite
def tasks(draw, max_d: int = 2, max_N: int = 2, max_n: int = 2):
    """A tiny exact learning task: next-symbol or cluster-labeling with small d, N, n.

    Parameters are rational (so every quantity is exact); ``delta`` and ``rho``
    are drawn from a few values including the edge cases 0 and 1.
    """
    from commlb.learning import get_task

    d = draw(st.integers(1, max_d))
    N = draw(st.integers(1, max_N))
    n = draw(st.integers(1, max_n))
    if draw(st.booleans()):
        delta = draw(st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(1)]))
        return get_task("next-symbol", d=d, N=N, n=n, delta=delta,
                        training=draw(st.sampled_from(["whole", "cut"])))
    rho = draw(st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(1)]))
    labels = draw(st.sampled_from(["index", 2]))
    return get_task("cluster-labeling", d=d, N=N, n=n, rho=rho, labels=labels)


@st.composite
def learners(draw, task, max_models: int = 3, builtin: bool = True):
    """A random learner for ``task`` as a channel from training sets to prediction functions.

    Either a built-in learner with random parameters (when ``builtin``), or an
    explicit random symmetric channel: up to ``max_models`` prediction
    functions and, for every training *multiset*, an exact law over them
    (zeros and ties included).  Returns a :class:`commlb.learning.Learner`.
    """
    from commlb.learning import Learner, get_learner

    if builtin and draw(st.booleans()):
        name = draw(st.sampled_from(["bayes-optimal", "constant", "nearest-neighbour",
                                     "forgetful", "noisy-memorizer"]))
        if name == "forgetful":
            name = f"forgetful({draw(st.integers(0, 3))})"
        elif name == "noisy-memorizer":
            name = f"noisy-memorizer({draw(st.sampled_from(['0', '1/8', '1/4', '1/2']))})"
        return get_learner(name)
    count = draw(st.integers(1, max_models))
    models = [tuple(draw(st.sampled_from(task.labels)) for _ in task.inputs) for _ in range(count)]
    index = {z: i for i, z in enumerate(task.examples)}
    table = {}
    for multiset in itertools.combinations_with_replacement(range(len(task.examples)), task.n):
        law: dict = {}
        for g, p in zip(models, draw(masses(count, exact=task.exact)), strict=True):
            if p:
                law[g] = law.get(g, 0) + p
        table[multiset] = law
    return Learner(lambda X: table[tuple(sorted(index[z] for z in X))],
                   name="random-symmetric-channel", symmetric=True)


# --- information programs (issue 4): random small programs for the IC solver ---



@st.composite
def information_programs(draw, max_classes: int = 3, max_inputs: int = 3,
                         max_functions: int = 4, max_denominator: int = 4):
    """A random program ``(p_cx, D, δ)`` for :func:`commlb.ic.minimize_information`.

    ``p_cx`` is an object array of Fractions (classes x inputs, every input with
    positive mass), ``D`` an object array of Fractions in ``[0, 1]`` with
    denominators up to ``max_denominator``, and ``δ`` a Fraction between the
    optimal error ``Σ_x p(x) min_g D[x, g]`` and the trivial error
    ``min_g Σ_x p(x) D[x, g]`` (both included).
    """
    import numpy as np

    n_c = draw(st.integers(1, max_classes))
    n_x = draw(st.integers(1, max_inputs))
    n_g = draw(st.integers(1, max_functions))
    weights = draw(masses(n_c * n_x, exact=True, allow_zeros=True))
    p_cx = np.array(weights, dtype=object).reshape(n_c, n_x)
    for x in range(n_x):  # every input gets positive mass
        if not any(p_cx[:, x]):
            p_cx[0, x] = Fraction(1)
    p_cx = p_cx / sum(p_cx.flat)
    cells = draw(st.lists(st.integers(0, max_denominator), min_size=n_x * n_g,
                          max_size=n_x * n_g))
    D = np.array([Fraction(c, max_denominator) for c in cells], dtype=object).reshape(n_x, n_g)
    p_x = p_cx.sum(axis=0)
    optimal = sum(p * min(row) for p, row in zip(p_x, D, strict=True))
    trivial = min(sum(p_x[x] * D[x, g] for x in range(n_x)) for g in range(n_g))
    t = Fraction(draw(st.integers(0, 8)), 8)
    return p_cx, D, optimal + t * (trivial - optimal)
