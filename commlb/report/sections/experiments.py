"""Report section on the attack experiments at a small size (estimates over seeds)."""

from __future__ import annotations

from commlb.report.document import Table
from commlb.report.sections.context import Context


def attack_experiment(ctx: Context) -> None:
    """The attack experiments at a small size: cluster labeling (authors) and next-symbol."""
    from commlb.learning.experiments import run_cluster_labeling
    from commlb.learning.experiments.next_symbol_experiment import run_next_symbol

    n, d = (50, 100) if ctx.quick else (100, 200)
    seeds = 3
    ctx.doc.heading(f"Attack experiments (n = N = {n}, d = {d}, {seeds} seeds)")
    ctx.doc.paragraph(
        "Cluster labeling: multiclass logistic regression trained by the authors' procedure "
        "(`--procedure authors`); a black-box attack that sees only the model's score for the "
        "target label recovers the bits of singleton training examples, most of them "
        "irrelevant to the label. Next-symbol: the follow-up setting (`--procedure "
        "follow-up`: truncated training strings, the attack averaging the model's prediction "
        "over 100 fresh noisy prefixes); recovery counts the kept bits of singleton strings, "
        "and the noise bits (irrelevant to every other example) separately. Every number is "
        f"an estimate: the mean over {seeds} seeds with a 95% interval in [0, 1] (the hull of "
        "a bootstrap over seeds and Wilson's interval of the pooled counts). "
        "`commlb experiment` runs the paper's sizes; `benchmarks/bench_experiment.py` times "
        "them."
    )
    cluster = run_cluster_labeling(n=n, d=d, model="logistic", procedure="authors",
                                   seeds=seeds, targets="all", progress=False)
    nxt = run_next_symbol(n, d, procedure="follow-up", seeds=seeds, progress=False)
    noise = nxt.final.recovery_irrelevant[nxt.primary_attack]
    rows = [[task, name, str(value)] for task, name, value in [
        ("cluster labeling", f"recovery of singleton bits ({cluster.primary_attack})",
         cluster.recovery_accuracy),
        ("cluster labeling", "accuracy on singleton subpopulations",
         cluster.singleton_accuracy),
        ("cluster labeling", "test accuracy", cluster.test_accuracy),
        ("cluster labeling", "training accuracy", cluster.train_accuracy),
        ("next-symbol", f"recovery of kept singleton bits ({nxt.primary_attack})",
         nxt.recovery_accuracy),
        ("next-symbol", "recovery of their noise bits", noise),
        ("next-symbol", "accuracy on singleton subpopulations", nxt.singleton_accuracy),
        ("next-symbol", "test accuracy", nxt.test_accuracy),
    ]]
    ctx.doc.table(Table(["task", "quantity", "estimate"], rows))
    if ctx.plots:
        import matplotlib.pyplot as plt

        from commlb.learning.experiments.plot import experiment_figure

        for name, result, caption in (
                ("experiment_cluster_labeling", cluster, "Cluster labeling, authors' "
                 "procedure: recovery and accuracy against training step, bands 95% over "
                 "seeds."),
                ("experiment_next_symbol", nxt, "Next-symbol, follow-up setting: recovery of "
                 "kept bits and accuracy against training step, bands 95% over seeds.")):
            figure = experiment_figure(result)
            ctx.save_figure(figure, name, caption)
            plt.close(figure)
