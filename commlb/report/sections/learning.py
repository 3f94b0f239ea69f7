"""Report sections on learners: exact memorization of every built-in learner and the
certified memorization frontier."""

from __future__ import annotations

from fractions import Fraction

from commlb.report.document import Table
from commlb.report.sections.context import Context, _bracket, _pyplot

LEARNERS = ("bayes-optimal", "nearest-neighbour", "constant", "forgetful(1)",
            "noisy-memorizer(1/4)")


def _tasks():
    from commlb.learning import get_task

    return [
        ("next-symbol", dict(d=3, N=2, n=2, delta=Fraction(1, 4), training="whole"),
         get_task("next-symbol", d=3, N=2, n=2, delta=Fraction(1, 4), training="whole")),
        ("cluster-labeling", dict(d=3, N=2, n=2, rho=Fraction(1, 2)),
         get_task("cluster-labeling", d=3, N=2, n=2, rho=Fraction(1, 2))),
    ]


def memorization_table(ctx: Context) -> None:
    """Exact memorization I(X; M | P) of every built-in learner."""
    from commlb.learning import memorization

    ctx.doc.heading("Memorization of learners (exact)")
    ctx.doc.paragraph(
        "Exact values: error, excess error over the Bayes-optimal err*, memorization "
        "I(X; M | P), entropy H(X | P) and the singleton form I(X_S; M | P), in bits."
    )
    for name, params, task in _tasks():
        rows = []
        for learner in LEARNERS:
            m = memorization(task, learner=learner)
            single = m.singleton_memorization_bits
            rows.append([learner, f"{float(m.error):.5f}", f"{float(m.excess_error):.5f}",
                         f"{float(m.memorization_bits):.5f}", f"{float(m.entropy_bits):.5f}",
                         "—" if single is None else f"{float(single):.5f}"])
        label = ", ".join(f"{k}={v}" for k, v in params.items())
        ctx.doc.table(Table(["learner", "error", "excess error", "I(X; M | P)", "H(X | P)",
                             "I(X_S; M | P)"], rows, caption=f"{name} ({label}); all exact"))


def frontiers(ctx: Context) -> None:
    """The memorization frontier at three excess-error levels."""
    from commlb.learning import memorization_frontier

    ctx.doc.heading("Memorization frontier (certified)")
    ctx.doc.paragraph(
        "The least I(X; M | P) over all learners with error at most err* + ε, bracketed by the "
        "solver's certificate (accepted by the independent checker). Column generation reaches a "
        "size the enumeration solver refuses."
    )
    levels = (Fraction(1, 20),) if ctx.quick else (Fraction(1, 100), Fraction(1, 20), Fraction(1, 10))
    rows = []
    for index, (name, params, task) in enumerate(_tasks()[: 1 if ctx.quick else 2]):
        size = ", ".join(f"{k} = {v}" for k, v in params.items())
        for eps in levels if index == 0 else levels[1:2]:
            f = memorization_frontier(task, eps)
            rows.append([name, size, "enumeration", str(eps), _bracket(f.lower, f.upper),
                         _frontier_kind(f), f"{f.seconds:.1f}"])
    if not ctx.quick:  # beyond enumeration: 98 training sets x 2^15 prediction functions
        from commlb.learning import get_task

        task = get_task("next-symbol", d=4, N=1, n=2, delta=Fraction(0), training="cut")
        f = memorization_frontier(task, Fraction(1, 20), method="conditional-colgen")
        rows.append(["next-symbol", "d = 4, N = 1, n = 2, delta = 0, training = cut",
                     "column generation", "1/20",
                     _bracket(f.lower, f.upper), _frontier_kind(f), f"{f.seconds:.1f}"])
    ctx.doc.table(Table(["task", "size", "method", "excess error ε", "frontier (bits)", "kind",
                         "seconds"], rows))
    if ctx.plots:
        _frontier_figure(ctx, levels)


def _frontier_kind(f) -> str:
    if not f.certified:
        return "float, not certified"
    return "certified" if f.upper_certified else "lower certified, upper float"


def _frontier_figure(ctx: Context, levels) -> None:
    """Learners as points (excess error, memorization) above the certified frontier."""
    from commlb.learning import memorization, memorization_frontier

    name, params, task = _tasks()[0]
    grid = sorted(set(levels) | {Fraction(0), Fraction(1, 40), Fraction(3, 40), Fraction(1, 8)})
    frontier = [memorization_frontier(task, eps) for eps in grid]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.fill_between([float(e) for e in grid], [f.lower for f in frontier],
                    [f.upper for f in frontier], color="0.75")
    ax.plot([float(e) for e in grid], [f.lower for f in frontier], "k.-",
            label="frontier: least I(X; M | P) (certified)")
    for learner, marker in zip(LEARNERS, ("o", "x", "s", "^", "D"), strict=True):
        m = memorization(task, learner=learner)
        ax.plot(float(m.excess_error), float(m.memorization_bits), marker, markersize=8,
                fillstyle="none" if marker == "o" else "full", label=f"{learner} (exact)")
    ax.set_xlabel("excess error over the Bayes-optimal error")
    ax.set_ylabel("memorization I(X; M | P) (bits)")
    ax.set_title(f"{name}, " + ", ".join(f"{k} = {v}" for k, v in params.items()))
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "frontier_next_symbol", "Every learner lies on or above the certified "
                    "memorization frontier: no learner with excess error ε memorizes less.")
    plt.close(fig)
