"""Symmetries of a one-way problem, found with networkx on its coloured graph.

A **symmetry** of a problem is a triple of bijections ``(σ_X, σ_Y, σ_YO)`` of
Alice's inputs, Bob's inputs and the pairs ``(y, o)`` (a relabelling of Bob's
outputs that may depend on ``y``: ``σ_YO(y, o) = (σ_Y y, π_y o)``) that preserves

* ``p(x)`` and ``μ(x, y)``, and
* the loss mass ``J[x, y, o] = Σ_t μ(x, y, t)·loss(t, o)``.

It maps decision functions to decision functions, ``(σg)(σ_Y y) = π_y(g(y))``, and
keeps the decision distortion, ``D[σ_X x, σg] = D[x, g]``, so the information
programs of docs/architecture.md, "One program" (external ``I(X; G)``, internal ``I(X; G | Y)``) are
invariant.  These are exactly the colour-preserving automorphisms of the graph
with one vertex per ``x``, ``y`` and ``(y, o)``; edges ``x–y`` coloured by
``μ(x, y)``, ``x–(y, o)`` coloured by ``J[x, y, o]`` and ``y–(y, o)``.

When the symmetries act **transitively on Alice's inputs**, a constant dual point
is optimal for the external objective (average any dual point over the group:
the dual constraints are linear and permuted among themselves, the dual objective
is concave and invariant), so ``IC(δ) = max_s [-log2 M(s) - sδ]`` with uniform
pricing weights, and the Gibbs channel over the orbit of a maximising column
attains it (``proofs/column_generation/symmetry.md``).

Examples
--------
>>> from commlb.problems import get
>>> generators = alice_transitive_symmetries(get("augmented-index", d=3))
>>> [sorted(sym.alice.tolist()) == list(range(8)) for sym in generators]
[True, True, True]
>>> len(function_orbit(np.zeros(7, dtype=int), generators))  # all 2^7 decision functions
128

Augmented Index(3) has more symmetries than the XOR shifts: flipping ``x_i`` on the
inputs with a given prefix ``x_{<i}`` (an automorphism of the binary prefix tree)
keeps the problem, and these act transitively on the decision functions, so every
column ties under uniform pricing weights.

References
----------
Brown et al., STOC 2021, sec. 4 (the hypercube problems are invariant under XOR
shifts and coordinate permutations); McKay and Piperno 2014
(individualisation–refinement); docs/architecture.md, "One program" (symmetry reduction).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from commlb.errors import InstanceTooLargeError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Symmetry", "symmetry_graph", "alice_transitive_symmetries", "apply_to_function",
           "function_orbit"]


@dataclass(frozen=True)
class Symmetry:
    """A symmetry ``(σ_X, σ_Y, π)`` of a one-way problem, as index arrays.

    Attributes
    ----------
    alice : numpy.ndarray
        ``σ_X``: ``alice[i]`` is the index of the image of ``alice_alphabet[i]``.
    bob : numpy.ndarray
        ``σ_Y`` on indices of ``bob_alphabet``.
    outputs : numpy.ndarray
        ``π``: ``outputs[j, o]`` is the output index that ``o`` becomes at ``y_j``,
        shape ``(|Y|, |O|)``.
    """

    alice: np.ndarray
    bob: np.ndarray
    outputs: np.ndarray


def symmetry_graph(problem) -> nx.Graph:
    """The coloured graph whose colour-preserving automorphisms are the problem's symmetries.

    Vertices ``("x", i)`` coloured by ``p(x_i)``, ``("y", j)``, and ``("yo", j, o)``;
    edges ``x–y`` coloured by ``μ(x_i, y_j)`` and ``x–(y, o)`` coloured by
    ``J[x_i, y_j, o]`` (only non-zero ones), and ``y–(y, o)``.  Colours are exact
    Fractions for an exact problem.

    Parameters
    ----------
    problem : OneWayProblem

    Returns
    -------
    networkx.Graph
        With node and edge attribute ``"colour"``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> g = symmetry_graph(get("index", d=2))
    >>> g.number_of_nodes()  # 4 x, 2 y, 4 (y, o)
    10

    References
    ----------
    docs/architecture.md, "One program" ("networkx can find automorphisms of the problem's
    coloured graph").
    """
    mu = problem.xy_matrix()
    J = problem.joint_cost_table()
    p_x = problem.alice_marginal()
    nx_, ny, no = J.shape
    import networkx as nx  # 0.17 s to import; only the drawn graph needs it, not the search

    graph = nx.Graph()
    for i in range(nx_):
        graph.add_node(("x", i), colour=("x", p_x[i]))
    for j in range(ny):
        graph.add_node(("y", j), colour=("y",))
        for o in range(no):
            graph.add_node(("yo", j, o), colour=("yo",))
            graph.add_edge(("y", j), ("yo", j, o), colour="pair")
    for i, j in zip(*np.nonzero(mu != 0), strict=True):
        graph.add_edge(("x", int(i)), ("y", int(j)), colour=("mu", mu[i, j]))
    for i, j, o in zip(*np.nonzero(J != 0), strict=True):
        graph.add_edge(("x", int(i)), ("yo", int(j), int(o)), colour=("loss", J[i, j, o]))
    return graph


def refined_colours(adjacency: list[list[tuple[int, int]]], colour: list[int]) -> list[int]:
    """The stable colouring of colour refinement (1-dimensional Weisfeiler–Leman).

    A vertex's new colour is its old colour with the sorted multiset of
    (edge colour, neighbour's colour) pairs, until the partition stops splitting.
    Every automorphism preserves the result, so refinement only prunes the search
    for symmetries, never loses one.  Colours are renamed ``0, 1, ...`` in sorted
    order of their signatures, so two components of one graph are coloured
    consistently.

    Parameters
    ----------
    adjacency : list of list of (int, int)
        ``adjacency[v]``: pairs ``(edge colour, neighbour)``.
    colour : list of int
        Initial vertex colours.

    Returns
    -------
    list of int

    Examples
    --------
    >>> refined_colours([[(0, 1)], [(0, 0), (0, 2)], [(0, 1)]], [0, 0, 0])  # a path
    [0, 1, 0]
    """
    colour = list(colour)
    classes = len(set(colour))
    while True:
        signatures = [(colour[v], tuple(sorted((e, colour[u]) for e, u in adjacency[v])))
                      for v in range(len(adjacency))]
        names = {sig: k for k, sig in enumerate(sorted(set(signatures)))}
        new = [names[sig] for sig in signatures]
        if len(names) == classes:
            return new
        colour, classes = new, len(names)


def _isomorphism(adjacency, colour: list[int], n: int) -> list[int] | None:
    """Individualisation–refinement: a colour-preserving bijection from vertices
    ``0..n-1`` onto ``n..2n-1`` of a doubled graph, or None."""
    colour = refined_colours(adjacency, colour)
    left: dict[int, list[int]] = {}
    right: dict[int, list[int]] = {}
    for v, c in enumerate(colour):
        (left if v < n else right).setdefault(c, []).append(v)
    if any(len(left.get(c, ())) != len(members) for c, members in right.items()):
        return None
    cells = [members for members in left.values() if len(members) > 1]
    if not cells:
        return [right[colour[v]][0] - n for v in range(n)]
    v = min(cells, key=len)[0]
    fresh = max(colour) + 1
    for u in right[colour[v]]:
        trial = list(colour)
        trial[v] = trial[u] = fresh
        found = _isomorphism(adjacency, trial, n)
        if found is not None:
            return found
    return None


def _preserves(graph: nx.Graph, mapping: dict) -> bool:
    """Whether a vertex bijection keeps every vertex colour and every coloured edge."""
    if any(graph.nodes[v]["colour"] != graph.nodes[w]["colour"] for v, w in mapping.items()):
        return False
    for a, b, data in graph.edges(data=True):
        image = graph.get_edge_data(mapping[a], mapping[b])
        if image is None or image["colour"] != data["colour"]:
            return False
    return True


def _as_symmetry(mapping: dict, shape: tuple[int, int, int]) -> Symmetry:
    nx_, ny, no = shape
    alice = np.array([mapping[("x", i)][1] for i in range(nx_)], dtype=np.int64)
    bob = np.array([mapping[("y", j)][1] for j in range(ny)], dtype=np.int64)
    outputs = np.array([[mapping[("yo", j, o)][2] for o in range(no)] for j in range(ny)],
                       dtype=np.int64)
    return Symmetry(alice, bob, outputs)


def _names(colours) -> dict[str, int]:
    return {c: k for k, c in enumerate(sorted(set(colours)))}


def alice_transitive_symmetries(problem) -> list[Symmetry] | None:
    """Generators of a symmetry group transitive on Alice's inputs, or None if there is none.

    For each input ``x`` not yet reached from ``x_0``, an individualisation–refinement
    search (as in nauty: colour refinement, then branch on a vertex of the smallest
    non-singleton colour class) on the networkx graph :func:`symmetry_graph`, with
    ``x_0`` and ``x`` marked, finds a symmetry mapping ``x_0`` to ``x`` or proves there
    is none; each map found is checked exactly to preserve every colour.  The orbit
    of ``x_0`` under the generators found so far is closed after each step.

    Parameters
    ----------
    problem : OneWayProblem

    Returns
    -------
    list of Symmetry or None
        Generators whose group moves ``x_0`` to every input, or None when some input
        is not the image of ``x_0`` under any symmetry (then a constant dual point
        need not be optimal).

    Examples
    --------
    >>> from commlb.problems import get
    >>> len(alice_transitive_symmetries(get("gap-hamming", d=2, rho="1/2"))) >= 1
    True

    References
    ----------
    ``proofs/column_generation/symmetry.md``; McKay and Piperno, J. Symbolic Comput. 2014
    (individualisation–refinement).
    """
    graph = symmetry_graph(problem)
    shape = problem.joint_cost_table().shape
    n = shape[0]
    nodes = list(graph)
    size = len(nodes)
    index = {v: k for k, v in enumerate(nodes)}
    vertex_names = _names(repr(d["colour"]) for _, d in graph.nodes(data=True))
    edge_names = _names(repr(d["colour"]) for *_, d in graph.edges(data=True))
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(2 * size)]
    for a, b, data in graph.edges(data=True):
        e = edge_names[repr(data["colour"])]
        for shift in (0, size):
            adjacency[index[a] + shift].append((e, index[b] + shift))
            adjacency[index[b] + shift].append((e, index[a] + shift))
    start = [vertex_names[repr(graph.nodes[v]["colour"])] for v in nodes] * 2
    marked = len(vertex_names)
    reached = {0}
    generators: list[Symmetry] = []
    for target in range(1, n):
        if target in reached:
            continue
        colour = list(start)
        colour[index[("x", 0)]] = colour[size + index[("x", target)]] = marked
        found = _isomorphism(adjacency, colour, size)
        if found is None:
            return None
        mapping = {v: nodes[found[k]] for k, v in enumerate(nodes)}
        if not _preserves(graph, mapping):  # refinement is exact; this guards the code
            raise AssertionError("the symmetry search returned a map that is not a symmetry")
        generators.append(_as_symmetry(mapping, shape))
        frontier = list(reached)
        while frontier:  # close the orbit of x_0 under the generators
            i = frontier.pop()
            for sym in generators:
                k = int(sym.alice[i])
                if k not in reached:
                    reached.add(k)
                    frontier.append(k)
    return generators


def apply_to_function(symmetry: Symmetry, g: np.ndarray) -> np.ndarray:
    """The decision function ``σg`` with ``(σg)(σ_Y y) = π_y(g(y))`` (output indices).

    Examples
    --------
    >>> import numpy as np
    >>> sym = Symmetry(np.array([1, 0]), np.array([0]), np.array([[1, 0]]))
    >>> apply_to_function(sym, np.array([0])).tolist()
    [1]
    """
    g = np.asarray(g)
    image = np.empty_like(g)
    image[symmetry.bob] = symmetry.outputs[np.arange(len(g)), g]
    return image


def function_orbit(g: np.ndarray, generators: list[Symmetry], limit: int = 10**6) -> np.ndarray:
    """The orbit of a decision function under the group generated by ``generators``.

    Parameters
    ----------
    g : numpy.ndarray
        Output indices, one per Bob input.
    generators : list of Symmetry
    limit : int
        Refuse orbits larger than this.

    Returns
    -------
    numpy.ndarray
        The distinct images, shape ``(orbit size, |Y|)``, ``g`` first.

    Raises
    ------
    InstanceTooLargeError
        If the orbit has more than ``limit`` elements.

    Examples
    --------
    >>> import numpy as np
    >>> from commlb.problems import get
    >>> gens = alice_transitive_symmetries(get("index", d=2))
    >>> len(function_orbit(np.array([0, 0]), gens))
    4
    """
    start = np.asarray(g, dtype=np.int64)
    seen = {start.tobytes(): start}
    frontier = [start]
    while frontier:
        h = frontier.pop()
        for sym in generators:
            image = apply_to_function(sym, h)
            key = image.tobytes()
            if key not in seen:
                if len(seen) >= limit:
                    raise InstanceTooLargeError(f"the orbit has more than {limit} decision "
                                                "functions; raise limit or use fewer symmetries")
                seen[key] = image
                frontier.append(image)
    return np.stack(list(seen.values()))
