r"""Level (b): the reduction at the level of optimal values.

For the planting reduction Singletons(k, q_c) -> task, every learner with
excess error ``<= ε`` gives a protocol with error ``<= τ(ε) = (N/k)(err* + ε) −
(N/k − 1)·e_rest`` and component-conditioned information ``<= I(X; M | P)``.
Hence the memorization frontier dominates the source's conditional IC:

``F(ε) = min{I(X; M | P) : err <= err* + ε}  >=  IC_C(τ(ε)) = min{I(X_A; M | C_A, R) : err <= τ(ε)}``.

:func:`compare_optimal_values` brackets both sides and reports the slack.

References
----------
Brown et al., STOC 2021; proofs/reductions/singletons_to_task.md (section "optimal values").
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from commlb.reductions.planting import SingletonsToTask

__all__ = ["compare_optimal_values", "source_conditional_ic"]


def source_conditional_ic(reduction: SingletonsToTask, error) -> tuple[float, float, bool]:
    r"""Bracket on ``IC_C(δ) = min I(X_A; M | C_A)`` over protocols for the source with error ``<= δ``.

    The program has classes the component tuples ``C_A`` and Alice's inputs as rows; it is
    solved by :mod:`commlb.ic` and certified (conditional objective, checked certificate)
    through :func:`commlb.learning.frontier_solve.solve_program`.

    Parameters
    ----------
    reduction : SingletonsToTask
        Its source is the Singletons problem; its task gives the component law.
    error : number
        The error budget ``δ``.

    Returns
    -------
    (float, float, bool)
        ``(lower, upper, certified)`` in bits; ``(0, 0, True)`` at or above the trivial error.

    Examples
    --------
    >>> from commlb.reductions import get
    >>> lower, upper, certified = source_conditional_ic(
    ...     get("singletons-to-next-symbol", d=1, N=1, n=1, delta="1/2"), "3/8")
    >>> certified, round(upper, 6)  # h(1/4): the noisy bit sent whole
    (True, 0.811278)

    References
    ----------
    Brown et al., STOC 2021; proofs/bounds/noisy_next_symbol.md.
    """
    from types import SimpleNamespace

    from commlb.learning.frontier_solve import solve_program

    source = reduction.source
    delta = Fraction(error)
    if delta >= source.trivial_error():
        return 0.0, 0.0, True
    law = reduction._alice_law()
    comps = sorted({c for c, _, _ in law})
    index_c = {c: i for i, c in enumerate(comps)}
    index_x = {x: i for i, x in enumerate(source.alice_alphabet)}
    p_cx = np.empty((len(comps), len(index_x)), dtype=object)
    p_cx[...] = Fraction(0)
    for c, x, p in law:
        p_cx[index_c[c], index_x[x]] += p
    _, D = source.decision_distortion(exact=True)
    lower, upper, certified, _, _ = solve_program(SimpleNamespace(p_cx=p_cx, D=D), delta)
    return lower, upper, certified


def compare_optimal_values(reduction: SingletonsToTask,
                           excess_errors: Sequence = (0, Fraction(1, 16), Fraction(1, 8))) -> list[dict]:
    r"""The frontier of the task against the source's conditional IC at the translated error.

    Parameters
    ----------
    reduction : SingletonsToTask
    excess_errors : sequence of numbers
        The levels ``ε``.

    Returns
    -------
    list of dict
        One row per ``ε``: ``excess_error``, ``translated_error`` (exact),
        ``frontier`` ``[lower, upper]`` and ``source`` ``[lower, upper]`` (certified
        brackets when the parameters are rational: ``frontier_certified``,
        ``source_certified``), ``slack`` =
        frontier lower − source upper (a conservative margin of the implied
        inequality ``F(ε) >= IC_C(τ(ε))``), and ``consistent`` (frontier upper
        >= source lower, i.e. the brackets do not refute the inequality).

    Examples
    --------
    >>> from commlb.reductions import get
    >>> red = get("singletons-to-next-symbol", d=1, N=1, n=1, delta="1/2")
    >>> row = compare_optimal_values(red, [0])[0]
    >>> row["consistent"], abs(row["slack"]) < 1e-4
    (True, True)

    References
    ----------
    Brown et al., STOC 2021.
    """
    from commlb.learning import memorization_frontier
    from commlb.learning.training import enumerate_task

    task = reduction.task
    err_star = Fraction(enumerate_task(task).optimal_error())
    factor = Fraction(task.N, reduction.k)
    e_rest = reduction.rest_error()
    rows = []
    for eps in excess_errors:
        eps = Fraction(eps)
        translated = factor * (err_star + eps) - (factor - 1) * e_rest
        frontier = memorization_frontier(task, eps)
        lo, hi, source_certified = source_conditional_ic(reduction, translated)
        rows.append({
            "excess_error": eps, "translated_error": translated,
            "frontier": [frontier.lower, frontier.upper], "frontier_certified": frontier.certified,
            "source": [lo, hi], "source_certified": source_certified,
            "slack": frontier.lower - hi, "consistent": frontier.upper >= lo - 1e-9,
        })
    return rows
