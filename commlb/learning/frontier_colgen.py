"""The memorization frontier by conditional column generation (no |X| x |G| table).

The frontier's distortion is separable over the task's inputs ``u``:

    D[x, g] = 1 - Σ_u A[x, u, g(u)] / (p(x)·den),

with ``A`` the posterior-predictive table of :class:`commlb.learning.training.Enumeration`,
so the program is a :class:`commlb.ic.methods.colgen.separable.SeparableProgram` with classes
``c = P`` and :func:`commlb.ic.methods.colgen.conditional.conditional_column_generation` prices
it over every prediction function without storing ``D``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.tasks import Task
from commlb.learning.training import enumerate_task

__all__ = ["separable_memorization_program", "frontier_colgen"]


def separable_memorization_program(task: Task):
    """The frontier program of an exact task in separable form (classes ``P``, inputs ``x``).

    Returns
    -------
    SeparableProgram
        ``p(P, x) = q(P) Pr[{X} = x | P]`` and ``C[x, u, o] = -A[x, u, o]/(p(x)·den)``
        with offset 1 (then shifted).

    Raises
    ------
    InvalidParameterError
        A task with irrational (float) parameters.

    Examples
    --------
    >>> from commlb.learning import get_task
    >>> separable_memorization_program(get_task("next-symbol", d=1, N=1, n=1, delta=0)).shape
    (2, 1, 2)
    """
    from commlb.ic.methods.colgen.separable import SeparableProgram

    if not task.exact:
        raise InvalidParameterError("column generation certifies exact tasks only; give rational "
                                    "parameters")
    enum = enumerate_task(task, symmetric=True)
    keep = np.flatnonzero(enum.p_x != 0)
    p_cx = [[Fraction(int(w), int(enum.W_den)) for w in row] for row in enum.W[:, keep]]
    cost = []
    for x in keep:
        den = int(enum.p_x[x]) * int(enum.te_den)
        cost.append([[Fraction(-int(a), den) for a in row] for row in enum.A[x]])
    return SeparableProgram.from_costs(p_cx, cost, [1] * len(keep))


def frontier_colgen(task: Task, bound: Fraction, gap: float = 1e-6, progress: bool = False,
                    program=None):
    """Certified bracket on the frontier at error ``<= bound`` by column generation.

    Returns ``(lower, upper, certified, certificate, status, sizes, upper_certified)``;
    ``upper`` is the information of an explicit rational channel checked by the
    independent checker (``upper_certified``), or, when no rounding of the restricted
    channel meets the error bound exactly, its float information.
    """
    from commlb.ic.methods.colgen.conditional import conditional_column_generation

    program = separable_memorization_program(task) if program is None else program
    result = conditional_column_generation(program, bound, gap, objective="memorization-frontier",
                                           progress=progress)
    result.certificate["excess_error"] = str(Fraction(bound) - program.optimal_error)
    result.certificate["task"] = {"name": task.name,
                                  "params": {k: (str(v) if isinstance(v, Fraction) else v)
                                             for k, v in task.params.items()}}
    sizes = {"classes": int(program.p_cx.shape[0]), "training_sets": program.num_x,
             "functions": program.num_functions, "columns": result.columns,
             "rounds": result.rounds}
    return (float(result.certificate["lower"]), float(result.upper.hi), True, result.certificate,
            result.status, sizes, bool(result.upper.certified))
