"""Report section on the reductions: every inequality checked exactly, and the composed
bound against the certified frontier."""

from __future__ import annotations

from fractions import Fraction

from commlb.report.document import Table
from commlb.report.sections.context import Context, _bracket


def reductions(ctx: Context) -> None:
    """Mechanical checks of the paper's reductions, and the composed bound against the frontier."""
    import commlb.reductions as red
    from commlb.reductions.optimal import compare_optimal_values

    ctx.doc.heading("Reductions, checked exactly")
    bayes = {"learner": "bayes-optimal"}
    send = {"target_solution": "send-everything"}
    cases = [  # (name, parameters, what check() is given)
        ("singletons-to-next-symbol", dict(d=2, N=2, n=2, delta=Fraction(1, 4)), bayes),
        ("singletons-to-cluster-labeling", dict(d=2, N=2, n=2, rho=Fraction(1, 2)), bayes),
        ("component-to-singletons", dict(k=2, component="next-symbol", d=1, delta=Fraction(1, 4)),
         {}),
        ("gap-hamming-to-singletons", dict(k=2, d=2, rho=Fraction(1, 2)), send),
    ]
    rows = []
    for name, params, solution in cases:
        result = red.get(name, **params).check(**solution)
        instance = ", ".join(f"{k}={v}" for k, v in params.items())
        for inequality in result.inequalities:
            rows.append([name, instance, result.solution, inequality.name,
                         f"{float(inequality.lhs):.6f}", f"{float(inequality.rhs):.6f}",
                         "yes" if inequality.holds else "NO"])
    ctx.doc.table(Table(["reduction", "instance", "solution", "inequality", "lhs", "rhs",
                         "holds"], rows, caption="each side computed exactly"))

    ctx.doc.heading("The composed bound against the certified frontier", level=3)
    ctx.doc.paragraph(
        "The planting reduction turns a learner with excess error ε into a protocol for "
        "Singletons(k, ·) with error τ(ε) = (N/k)(err* + ε) − (N/k − 1)·e_rest, so the "
        "memorization frontier F(ε) is at least the certified component-conditioned IC of the "
        "source at τ(ε) (the node's own certified value on the instance). On every instance "
        "with more than one subpopulation that the pipeline certifies, τ(ε) is at or above the "
        "source's trivial error, where the source needs no information: the transfer factor "
        "N/k loses more than the singletons' share of the error (for cluster labeling with k = 1 "
        "and index labels the source is trivial outright: Bob's answer is forced). Only N = 1 "
        "(no loss) gives a positive composed bound, and there it is tight. A tighter transfer "
        "(conditioning on the number of singletons) is not proved here.")
    grid = [("singletons-to-next-symbol", dict(d=1, N=1, n=1, k=1, delta=Fraction(1, 4))),
            ("singletons-to-next-symbol", dict(d=2, N=1, n=1, k=1, delta=Fraction(1, 4))),
            ("singletons-to-next-symbol", dict(d=2, N=2, n=2, k=1, delta=Fraction(1, 4))),
            ("singletons-to-cluster-labeling", dict(d=2, N=2, n=2, k=1, rho=Fraction(1, 2))),
            ("singletons-to-cluster-labeling", dict(d=1, N=3, n=2, k=2, rho=Fraction(1, 2)))]
    if not ctx.quick:
        grid.append(("singletons-to-next-symbol", dict(d=1, N=3, n=2, k=2,
                                                       delta=Fraction(1, 4))))
    rows = []
    for name, params in grid:
        reduction = red.get(name, **params)
        trivial = Fraction(reduction.source.trivial_error())
        for row in compare_optimal_values(reduction, [0, Fraction(1, 20)]):
            rows.append([name.removeprefix("singletons-to-"),
                         ", ".join(f"{k}={v}" for k, v in params.items()),
                         str(row["excess_error"]), str(row["translated_error"]), str(trivial),
                         _bracket(*row["source"]), _bracket(*row["frontier"]),
                         "yes" if row["source"][0] > 1e-12 else "no",
                         "yes" if row["consistent"] else "NO"])
    ctx.doc.table(Table(["task", "instance", "ε", "τ(ε)", "source trivial error",
                         "composed bound IC_C(τ(ε)) (bits)", "frontier F(ε) (bits)", "positive",
                         "bound <= frontier"], rows))
