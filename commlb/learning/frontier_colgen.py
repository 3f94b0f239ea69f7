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

__all__ = ["separable_memorization_program"]


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
