"""``commlb graph [-p ...] [--dot]``: the reduction graph and the composed lower bounds."""

from __future__ import annotations

import argparse
import json

from commlb.cli._params import add_param_option, parse_params

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``graph`` sub-command."""
    parser = subparsers.add_parser(
        "graph", help="print the reduction graph and the strongest composed bound at each node",
        description="Nodes are problems and tasks, edges reductions carrying (error, information) "
        "maps. Parameters: d, delta, N, n, k, rho (tiny: err*(task) is computed exactly).",
    )
    add_param_option(parser)
    parser.add_argument("--error", default="0",
                        help="error (excess error for tasks) at which 'strongest' is decided")
    parser.add_argument("--dot", action="store_true", help="print Graphviz DOT instead of text")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object: nodes {name, kind, quantity, bound, value, "
                             "exact_or_certified, path} and edges {source, target, reduction, "
                             "sigma, tau}")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the graph; returns 0."""
    import sympy

    from commlb.cli._params import parse_value
    from commlb.reductions import graph, implied_bounds, to_dot

    G = graph(**parse_params(args.params))
    if args.dot:
        print(to_dot(G))
        return 0
    error = parse_value(args.error)
    if args.json:
        print(json.dumps(_as_json(G, error)))
        return 0
    print("edges (source -> target: reduction; info(target) >= sigma * info(source) at error tau):")
    for u, v, data in G.edges(data=True):
        print(f"  {u} -> {v}: {data['reduction']}; sigma = {data['sigma']}, tau = {sympy.sstr(data['tau'])}")
    print(f"implied lower bounds (bits) at error {error}:")
    for node, data in G.nodes(data=True):
        best = implied_bounds(node, G, error=error)
        if best.expression is None:
            print(f"  {node} [{data['measure']}]: none")
            continue
        value = float(best.value)
        print(f"  {node} [{data['measure']}]: {sympy.sstr(best.expression)}")
        shown = ("+inf: no protocol or learner reaches this error (below the optimal error)"
                 if value == float("inf") else f"{value:.6g}")
        print(f"      = {shown} via {' -> '.join(best.path)}")
    return 0


def _as_json(G, error) -> dict:
    """The graph and the strongest composed bound at each node, as JSON data."""
    import sympy

    from commlb.reductions import implied_bounds

    nodes = []
    for node, data in G.nodes(data=True):
        best = implied_bounds(node, G, error=error)
        value = None if best.expression is None else float(best.value)
        nodes.append({
            "name": node, "kind": data["kind"], "quantity": data["measure"],
            "bound": None if best.expression is None else sympy.sstr(best.expression),
            "value": None if value is None else ("inf" if value == float("inf") else value),
            "exact_or_certified": None if best.expression is None else
            "exact: a proved closed form composed along the path",
            "path": best.path})
    edges = [{"source": u, "target": v, "reduction": data["reduction"],
              "sigma": sympy.sstr(data["sigma"]), "tau": sympy.sstr(data["tau"])}
             for u, v, data in G.edges(data=True)]
    params = {k: str(v) for k, v in G.graph.get("params", {}).items()}
    return {"params": params, "error": str(error), "nodes": nodes, "edges": edges}
