"""Figure of an experiment: recovery and accuracies over training (matplotlib, lazy)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from commlb.errors import CommlbError
from commlb.files import write_atomically
from commlb.learning.experiments.results import ExperimentResult

__all__ = ["experiment_figure", "plot_experiment"]


def _band(axis, steps, estimates, label, marker):
    """The mean over seeds as a line, its 95% interval as a shaded band."""
    values = [e.value for e in estimates]
    line, = axis.plot(steps, values, label=label, marker=marker, markersize=3)
    axis.fill_between(steps, [e.ci[0] for e in estimates], [e.ci[1] for e in estimates],
                      color=line.get_color(), alpha=0.2, linewidth=0)


def plot_experiment(result: ExperimentResult, path: str | os.PathLike[str]) -> Path:
    """Write the PNG of :func:`experiment_figure` (recovery and accuracies with bands), atomically.

    Parameters
    ----------
    result : ExperimentResult
    path : path-like
        Where to write the PNG (replaced all at once).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    CommlbError
        If matplotlib is not installed.

    Examples
    --------
    >>> import tempfile, os
    >>> from commlb.learning.experiments import run_cluster_labeling
    >>> r = run_cluster_labeling(20, 40, n_test=50, per_cluster=1, record_every=25)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = plot_experiment(r, os.path.join(folder, "f.png"))
    ...     written.read_bytes()[:4] == b"\\x89PNG"
    True

    References
    ----------
    Brown et al., STOC 2021.
    """
    figure = experiment_figure(result)
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return write_atomically(path, buffer.getvalue())


def experiment_figure(result: ExperimentResult):
    """Recovery and accuracies over training steps: a matplotlib figure, bands over seeds.

    Left panel: recovery accuracy of each attack (fraction of the bits of
    singleton training examples; chance 1/2).  Right panel: accuracy on the
    training set, on fresh draws from P, on represented and on singleton
    subpopulations.  Lines are means over seeds, bands their 95% intervals
    (:func:`~commlb.learning.experiments.results.across_seeds`).

    Raises
    ------
    CommlbError
        If matplotlib is not installed.

    Examples
    --------
    >>> from commlb.learning.experiments import run_cluster_labeling
    >>> r = run_cluster_labeling(20, 40, n_test=50, per_cluster=1, record_every=25)
    >>> len(experiment_figure(r).axes)
    2

    References
    ----------
    Brown et al., STOC 2021.
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise CommlbError(
            "--plot needs matplotlib, which is not installed; "
            "install it with: pip install 'commlb[plot]'"
        ) from error
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    curve = result.checkpoints
    names = sorted({name for c in curve for name in c.recovery})
    markers = "osD^v<>"
    for index, name in enumerate(names):
        points = [c for c in curve if name in c.recovery]
        _band(left, [c.step for c in points], [c.recovery[name] for c in points],
                  name, markers[index % len(markers)])
    left.axhline(0.5, color="grey", linestyle=":", label="chance")
    left.set_xlabel("training step")
    kept = result.params.get("truncation", "none") != "none"
    left.set_ylabel("recovery accuracy (fraction of "
                    + ("the kept bits)" if kept else "d bits)"))
    left.set_title("black-box recovery of singleton training examples")
    left.set_ylim(0.4, 1.02)
    left.legend(fontsize=8)
    for index, kind in enumerate(curve[0].accuracy):
        _band(right, [c.step for c in curve], [c.accuracy[kind] for c in curve], kind,
              markers[index % len(markers)])
    right.set_xlabel("training step")
    right.set_ylabel("accuracy")
    right.set_title("accuracy on train / fresh test points")
    right.set_ylim(-0.02, 1.02)
    right.legend(fontsize=8)
    p = result.params
    figure.suptitle(f"{result.experiment}, {result.model}: n={p.get('n')}, d={p.get('d')}, "
                    f"N={p.get('N')}, procedure {result.procedure.get('name', '-')}, "
                    f"seeds {result.seeds}", fontsize=10)
    figure.tight_layout()
    return figure

