r"""The reduction graph: problems and tasks as nodes, reductions as edges, composed bounds.

An edge ``u -> v`` is a reduction from ``u`` (source) to ``v`` (target): a
solution of ``v`` with error parameter ``e_v`` yields a solution of ``u`` with
error ``τ(e_v)`` and ``info(v) >= σ·info(u)``.  A node may carry a closed-form
lower bound ``L_u(e)`` (:mod:`commlb.bounds`); along a path the implied bound is
``L_v(e) = σ·L_u(τ(e))``, composed edge by edge.  Bounds decrease in the error
and vanish at error 1/2, which the composition keeps (``Piecewise``).

The information measured along the next-symbol chain is the component-
conditioned one, ``I(X; M | C, R)`` for protocols and ``I(X; M | P)`` for
learners; along the index chain the external ``I(X; M | R)``.

References
----------
Brown et al., STOC 2021, sections 4-5; proofs/reductions/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import networkx as nx
import sympy

from commlb import bounds
from commlb.errors import CommlbError, InvalidParameterError

__all__ = ["graph", "implied_bounds", "ImpliedBound", "to_dot", "ERROR"]

ERROR = sympy.Symbol("e", nonnegative=True)
EXCESS = sympy.Symbol("epsilon", nonnegative=True)
ERR_TASK, ERR_REST = sympy.symbols("err_task err_rest", nonnegative=True)


def _rat(x) -> sympy.Rational:
    x = Fraction(x)
    return sympy.Rational(x.numerator, x.denominator)


def _base(bound: bounds.Bound, subs: dict, floor=0) -> sympy.Expr:
    """``L(e)`` with the bound's symbols set: ``oo`` below the least achievable error ``floor``
    (no protocol there), 0 from error 1/2 on."""
    table = {**bounds.SYMBOLS, **bound.symbols}
    values = {table[key]: _rat(v) for key, v in subs.items()}
    expr = bound.expression.subs(values).subs(bounds.SYMBOLS["error"], ERROR)
    floor = sympy.sympify(floor).subs(values)
    return sympy.Piecewise((sympy.oo, ERROR < floor), (expr, ERROR <= sympy.Rational(1, 2)), (0, True))


def graph(d: int = 2, delta=Fraction(1, 2), N: int = 2, n: int = 1, k: int = 1, rho=Fraction(1, 2),
          exact_constants: bool = True) -> nx.DiGraph:
    r"""The reduction graph at concrete parameters.

    Nodes (attribute ``kind``: problem or task; ``bound``: sympy ``L(e)`` in the
    error symbol ``e`` or the excess ``epsilon`` for tasks, or None; ``measure``):
    ``index``, ``augmented-index``, ``singletons(1, next-symbol)``,
    ``singletons(k, next-symbol)``, ``next-symbol``, ``singletons(k, cluster)``,
    ``cluster-labeling``.  Edges (``reduction``, ``sigma``, ``tau`` as sympy).

    Parameters
    ----------
    d, delta, N, n, k, rho : task and problem parameters (next-symbol uses whole
        training examples, uniform weights).
    exact_constants : bool
        Compute ``err*(task)`` and ``e_rest`` exactly (tiny instances); otherwise
        they stay symbols ``err_task``, ``err_rest``.

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> G = graph(d=1, delta="1/2", N=2, n=1)
    >>> sorted(G.successors("singletons(k, next-symbol)"))
    ['next-symbol']

    References
    ----------
    Brown et al., STOC 2021; proofs/reductions/.
    """
    delta, rho = Fraction(delta), Fraction(rho)
    G = nx.DiGraph(params={"d": d, "delta": delta, "N": N, "n": n, "k": k, "rho": rho})
    ic = bounds.index_ic()
    index_bound = sympy.Piecewise((d * (1 - bounds.h(ERROR)), ERROR <= sympy.Rational(1, 2)), (0, True))
    G.add_node("index", kind="problem", bound=index_bound, measure="I(X; M | R)", source=ic.name)
    G.add_node("augmented-index", kind="problem", bound=index_bound, measure="I(X; M | R)", source=ic.name)
    G.add_edge("augmented-index", "index", reduction="bob-ignores-prefix", sigma=sympy.Integer(1), tau=ERROR)
    noisy = bounds.noisy_next_symbol_ic()
    G.add_node("singletons(1, next-symbol)", kind="problem", measure="I(X; M | C, R)", source=noisy.name,
               bound=_base(noisy, {"d": d, "delta": delta},
                           floor=bounds.crossover(bounds.SYMBOLS["delta"] / 2, bounds.SYMBOLS["delta"] / 2)))
    G.add_node("singletons(k, next-symbol)", kind="problem", measure="I(X; M | C, R)", bound=None)
    G.add_node("next-symbol", kind="task", measure="I(X; M | P)", bound=None)
    G.add_node("singletons(k, cluster)", kind="problem", measure="I(X; M | C, R)", bound=None)
    G.add_node("cluster-labeling", kind="task", measure="I(X; M | P)", bound=None)
    G.add_edge("singletons(1, next-symbol)", "singletons(k, next-symbol)",
               reduction="component-to-singletons", sigma=sympy.Integer(k), tau=ERROR)
    factor = sympy.Rational(N, k)
    tau = factor * (ERR_TASK + EXCESS) - (factor - 1) * ERR_REST
    constants = {}
    if exact_constants:
        constants = _constants("next-symbol", d=d, N=N, n=n, delta=delta, k=k)
    G.add_edge("singletons(k, next-symbol)", "next-symbol", reduction="singletons-to-next-symbol",
               sigma=sympy.Integer(1), tau=tau.subs(constants), constants=constants)
    cluster_constants = {}
    if exact_constants:
        try:
            cluster_constants = _constants("cluster-labeling", d=d, N=N, n=n, rho=rho, k=k)
        except CommlbError:
            cluster_constants = {}
    G.add_edge("singletons(k, cluster)", "cluster-labeling", reduction="singletons-to-cluster-labeling",
               sigma=sympy.Integer(1), tau=tau.subs(cluster_constants), constants=cluster_constants)
    return G


def _constants(task_name: str, k: int, **params) -> dict:
    """Exact ``err*(task)`` and ``e_rest`` of the planting reduction (tiny instances)."""
    from commlb.learning import get_task
    from commlb.learning.training import enumerate_task
    from commlb.reductions.planting import SingletonsToTask

    task = get_task(task_name, **params)
    reduction = SingletonsToTask(task, k=k)
    return {ERR_TASK: _rat(enumerate_task(task).optimal_error()), ERR_REST: _rat(reduction.rest_error())}


@dataclass
class ImpliedBound:
    """The strongest composed lower bound at a node.

    Attributes
    ----------
    node : str
    expression : sympy.Expr
        In the node's error variable (``e``, or ``epsilon`` — the excess error — for tasks).
    path : list of str
        From the node whose closed form it starts with to ``node``.
    reductions : list of str
    value : sympy.Expr or None
        The expression at the requested error.
    candidates : list of (path, expression)
    """

    node: str
    expression: sympy.Expr | None
    path: list[str]
    reductions: list[str]
    value: sympy.Expr | None = None
    candidates: list = field(default_factory=list)


def _compose(G: nx.DiGraph, path: list[str]) -> sympy.Expr:
    expr = G.nodes[path[0]]["bound"]
    for u, v in zip(path, path[1:], strict=False):
        edge = G.edges[u, v]
        expr = edge["sigma"] * expr.subs(ERROR, edge["tau"])
        if G.nodes[v]["kind"] == "problem":
            expr = expr.subs(EXCESS, ERROR)
    return expr


def implied_bounds(node: str, G: nx.DiGraph | None = None, error=0) -> ImpliedBound:
    r"""Compose bounds along every path into ``node`` and return the strongest at ``error``.

    Parameters
    ----------
    node : str
    G : networkx.DiGraph, optional
        From :func:`graph` (default parameters when omitted).
    error : number
        Where "strongest" is decided (the excess error for tasks).

    Returns
    -------
    ImpliedBound
        ``expression`` None when no path brings a bound.

    Raises
    ------
    InvalidParameterError
        If ``node`` is not in the graph.

    Examples
    --------
    >>> G = graph(d=1, delta="1/2", N=1, n=1)
    >>> best = implied_bounds("next-symbol", G)
    >>> best.path
    ['singletons(1, next-symbol)', 'singletons(k, next-symbol)', 'next-symbol']

    References
    ----------
    Brown et al., STOC 2021.
    """
    G = graph() if G is None else G
    if node not in G:
        raise InvalidParameterError(f"node {node!r} is not in the graph; nodes: {', '.join(G.nodes)}")
    variable = EXCESS if G.nodes[node]["kind"] == "task" else ERROR
    candidates = []
    for start in G.nodes:
        if G.nodes[start]["bound"] is None:
            continue
        paths = [[start]] if start == node else list(nx.all_simple_paths(G, start, node))
        for path in paths:
            candidates.append((path, _compose(G, path)))
    if not candidates:
        return ImpliedBound(node, None, [], [])
    point = _rat(error)

    def value(expr):
        return sympy.nsimplify(expr.subs(variable, point))

    best_path, best = max(candidates, key=lambda c: float(value(c[1])))
    reductions = [G.edges[u, v]["reduction"] for u, v in zip(best_path, best_path[1:], strict=False)]
    return ImpliedBound(node, best, best_path, reductions, best.subs(variable, point), candidates)


def to_dot(G: nx.DiGraph) -> str:
    """The graph in Graphviz DOT (nodes with their bounds, edges with σ and τ).

    Parameters
    ----------
    G : networkx.DiGraph
        From :func:`graph`.

    Returns
    -------
    str

    Examples
    --------
    >>> to_dot(graph(d=1, N=1, n=1)).splitlines()[0]
    'digraph reductions {'
    """
    lines = ["digraph reductions {"]
    for u, data in G.nodes(data=True):
        label = u if data["bound"] is None else f"{u}\\n{sympy.sstr(data['bound'])}"
        lines.append(f'  "{u}" [label="{label}", shape={"box" if data["kind"] == "task" else "ellipse"}];')
    for u, v, data in G.edges(data=True):
        lines.append(f'  "{u}" -> "{v}" [label="{data["reduction"]}\\nσ={data["sigma"]}, '
                     f'τ={sympy.sstr(data["tau"])}"];')
    lines.append("}")
    return "\n".join(lines)
