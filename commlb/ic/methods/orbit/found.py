"""The orbit bracket for any problem whose symmetries act transitively on Alice's inputs.

:func:`commlb.problems.symmetry.alice_transitive_symmetries` finds, on the
problem's coloured graph, a group of symmetries ``Γ`` that moves every input ``x``
to every other.  Then (``proofs/column_generation/symmetry.md``, Lemmas 1 and 2):

* a constant dual point is optimal, so with ``M(β) = max_g Σ_x p(x) β^{D_int[x, g]}``
  (one exact pricing call, uniform weights ``p(x) = 1/|X|``)

      IC(δ) >= -log2 M(β) + L δ log2 β     for every rational β in (0, 1];

* the Gibbs channel over the orbit ``Γg`` of a column,
  ``Q(g'|x) ∝ β^{D_int[x, g']}`` for ``g' ∈ Γg``, has a normaliser that does not
  depend on ``x``; for a maximising column it attains the Lagrangian at ``β``,
  and a mixture of two such channels (one erring more than δ, one less) is
  an upper witness at δ.

Neither side relies on the symmetry being right: the lower bound holds for any
constant dual point once the pricing is exact, and the upper witness is an explicit
rational channel that the checker evaluates.  The symmetry only makes them meet.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.methods.colgen.restricted import channel_terms
from commlb.ic.methods.colgen.witness import certified_dual_lower, channel_witness, rational_text
from commlb.ic.methods.orbit.xor import unimodal_argmax
from commlb.info import Interval

__all__ = ["orbit_external_bracket"]

MAX_ORBIT_COLUMNS = 20_000


def _gibbs(oracle, columns: np.ndarray, beta: float) -> tuple[np.ndarray, float, float]:
    """Gibbs channel ``Q(g|x) ∝ β^{L D[x, g]}`` over ``columns``, its error and ``I(X; G)`` (floats)."""
    D = oracle.distortion(columns)
    logits = oracle.scale * D * math.log(beta)
    logits -= logits.max(axis=1, keepdims=True)  # a per-x factor: Q is unchanged, nothing underflows
    error, info, Q = channel_terms(oracle.p_x, D, np.exp(logits), np.ones(len(columns)))
    return Q, error, info


def orbit_external_bracket(oracle, generators, delta: Fraction) -> dict:
    """Certified bracket on ``IC(δ) = min I(X; G)`` from a transitive symmetry group.

    Parameters
    ----------
    oracle : pricing oracle
        Exact pricing over all decision functions (``EnumerationOracle``,
        ``SeparableOracle``, ...), with uniform ``p(x)``.
    generators : list of commlb.problems.symmetry.Symmetry
        Generators of a group transitive on Alice's inputs.
    delta : Fraction
        The error budget δ, above the optimal error.

    Returns
    -------
    dict
        ``lower`` (Exact or certified Interval,
        :func:`commlb.ic.methods.colgen.witness.certified_dual_lower`),
        ``upper`` (certified Interval),
        ``lower_witness`` (``rd-dual-pricing`` with constant λ), ``upper_witness``
        (``channel-columns``), ``columns`` (the orbit columns used), ``status``.

    Raises
    ------
    InvalidParameterError
        ``p(x)`` is not uniform (then no symmetry group is transitive on X).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> from commlb.problems.symmetry import alice_transitive_symmetries
    >>> from commlb.ic.pricing import EnumerationOracle
    >>> problem = get("equality", d=2)
    >>> out = orbit_external_bracket(EnumerationOracle(problem), alice_transitive_symmetries(problem),
    ...                              Fraction(1, 10))
    >>> lower = out["lower"]  # Exact, or a certified Interval when the integers are large
    >>> out["upper"].hi - (lower.lo if hasattr(lower, "lo") else float(lower)) < 1e-9
    True

    References
    ----------
    ``proofs/column_generation/symmetry.md``; Blahut 1972 (the dual of rate–distortion).
    """
    from commlb.problems.symmetry import function_orbit

    p = oracle.p_x_exact
    if len(set(p)) != 1:
        raise InvalidParameterError("the orbit bracket needs a uniform law of Alice's input; use the "
                                    "general column-generation loop")
    L, dlt = oracle.scale, float(delta)

    def dual(t: float) -> float:  # t = ln β; β^{D_int} >= e^{-700} keeps the floats finite
        value = oracle.price(oracle.p_x, math.exp(t))[0]
        return -math.log2(value) + L * dlt * t / math.log(2) if value > 0 else -math.inf

    t_star = unimodal_argmax(dual, -700.0 / L, 0.0, iterations=90, tol=1e-13)
    beta = Fraction(math.exp(t_star)).limit_denominator(10**9)
    if beta == 0:
        beta = Fraction(1, 10**9)
    M = oracle.price_exact(p, beta)
    lower = certified_dual_lower(p, [Fraction(1)] * len(p), M, beta, L, delta)
    lower_witness = {"type": "rd-dual-pricing", "pricing": oracle.name, "base": str(beta), "scale": L,
                     "lambda": ["1"] * len(p), "claimed_max": rational_text(M)}
    # upper: Gibbs channels, each over one orbit of a maximising column, at β and nearby bases
    # (at a breakpoint of the dual two orbits tie and their mixture meets δ exactly)
    orbits: list[np.ndarray] = []
    seen: set[bytes] = set()
    for f in (1.0, 0.99, 1.01, 0.9999, 1.0001):
        for g in oracle.price(oracle.p_x, float(beta) ** f, top=2)[1]:
            if np.asarray(g, dtype=np.int64).tobytes() in seen:
                continue
            orbit = function_orbit(g, generators, limit=MAX_ORBIT_COLUMNS).astype(np.int64)
            seen.update(h.tobytes() for h in orbit)
            orbits.append(orbit)
    columns = np.concatenate(orbits)
    offsets = np.cumsum([0] + [len(o) for o in orbits])
    components = []
    for k, orbit in enumerate(orbits):
        for f in (1.0, 0.9, 1.1, 0.99, 1.01, 0.999, 1.001, 0.9999, 1.0001, 0.0):
            Q, error, info = _gibbs(oracle, orbit, float(beta) ** f)
            full = np.zeros((len(p), len(columns)))
            full[:, offsets[k]:offsets[k + 1]] = Q
            components.append((full, error, info))
    above = [c for c in components if c[1] >= dlt]
    below = [c for c in components if c[1] <= dlt]
    upper, witness, status = Interval(math.inf, math.inf, certified=False), None, "no upper witness"
    if below:
        best = None
        for b in below:
            for a in above or [None]:
                theta = 0.0 if a is None or a[1] <= b[1] else (dlt - b[1]) / (a[1] - b[1])
                info = b[2] if a is None else theta * a[2] + (1 - theta) * b[2]  # convex: an upper bound
                if best is None or info < best[0]:
                    best = (info, a, b, theta)
        _, a, b, theta = best
        witness, upper = channel_witness(oracle, None if a is None else a[0], b[0], theta, columns, delta)
        status = "converged (orbit reduction on the problem's symmetry group)"
        if witness is None:
            upper, status = Interval(math.inf, math.inf, certified=False), "no upper witness"
    return {"lower": lower, "upper": upper, "lower_witness": lower_witness, "upper_witness": witness,
            "columns": len(columns), "status": status}
