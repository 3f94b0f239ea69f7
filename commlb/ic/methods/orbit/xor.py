"""The orbit reduction: external IC of XOR-transitive problems from one pricing curve.

Augmented Index, Noisy Augmented Index and Index are invariant under the XOR
shifts ``x -> x ⊕ a`` (with Bob's symbols and outputs relabelled), a group that
acts transitively on Alice's inputs, and ``p(x)`` is uniform.  Averaging any dual
point over the group keeps it feasible and (by concavity) does not lower the
bound, so a constant ``λ`` is optimal; then the pricing weights are uniform and

    IC(δ) = max_{s >= 0} [ -log2 M(s) - s δ ],   M(s) = max_g 2^{-d} Σ_x 2^{-s D[x, g]},

attained by the channel that sends ``x ⊕ Z`` with ``Z`` drawn from the orbit profile
of the maximising column (``proofs/column_generation/symmetry.md``).  The exact
pricing oracle evaluates ``M`` at a rational base ``β = 2^{-s/L}``, so the lower
bound ``-log2 M + L δ log2 β`` is an :class:`commlb.info.Exact`.  Noisy Augmented
Index reduces to Augmented Index at ``δ' = (δ - q)/(1 - 2q)``
(``proofs/column_generation/noisy_relaxation.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.pricing import oracle_for
from commlb.info import Exact

__all__ = ["xor_bracket", "reduced_error"]


def reduced_error(structure, error: Fraction) -> tuple[object, Fraction, Fraction]:
    """``(clean structure, δ', q)``: the noise-free problem and error that bound it at ``δ``.

    A declared relaxation (noise ``q`` per bit) maps ``δ`` to ``(δ - q)/(1 - 2q)``
    (``proofs/column_generation/noisy_relaxation.md``); otherwise nothing changes.
    """
    if structure.relaxation is None:
        return structure, error, Fraction(0)
    clean, q = structure.relaxation
    if q >= Fraction(1, 2):
        raise InvalidParameterError(f"{structure.family} with noise {q} per bit carries no "
                                    "signal; choose a smaller noise rate")
    if error < q:
        raise InvalidParameterError(f"error {error} is below the optimal error {q} of "
                                    f"{structure.family}; raise the error")
    return clean, (error - q) / (1 - 2 * q), q


def _best_base(oracle, delta: float) -> float:
    """Float ``β`` maximising ``-log2 M(β) + L δ log2 β`` (golden section on ln β)."""
    L = oracle.scale
    p = oracle.p_x

    def value(t: float) -> float:
        beta = math.exp(t)
        return -math.log2(oracle.value(p, beta)) + L * delta * math.log2(beta)

    return math.exp(unimodal_argmax(value, -60.0, 0.0, iterations=90, tol=1e-13))


def unimodal_argmax(f, lo: float, hi: float, iterations: int = 48, tol: float = 0.0) -> float:
    """Argmax of a unimodal ``f`` on ``[lo, hi]`` by golden-section search (float).

    The orbit bracket's dual ``s -> -log2 M(s) - sδ`` is concave (``log2 M`` is convex in
    ``s``: a maximum of log-sum-exps), so the search finds its maximum; certified bounds
    never depend on how good the slope is.

    Examples
    --------
    >>> round(unimodal_argmax(lambda t: -(t - 0.3) ** 2, 0.0, 1.0, iterations=60), 6)
    0.3
    """
    phi = (math.sqrt(5) - 1) / 2
    a, b = hi - phi * (hi - lo), lo + phi * (hi - lo)
    fa, fb = f(a), f(b)
    for _ in range(iterations):
        if fa < fb:
            lo, a, fa = a, b, fb
            b = lo + phi * (hi - lo)
            fb = f(b)
        else:
            hi, b, fb = b, a, fa
            a = hi - phi * (hi - lo)
            fa = f(a)
        if hi - lo < tol:
            break
    return 0.5 * (lo + hi)


def _product_code(oracle, g: np.ndarray) -> bool:
    """Whether the maximiser ignores Bob's prefix (constant on each tree level)."""
    if oracle.name != "prefix-tree":
        return True
    return all(np.all(g[2**i - 1: 2**(i + 1) - 1] == g[2**i - 1]) for i in range(oracle.d))


def xor_bracket(structure, error: Fraction) -> dict:
    """Exact bracket on the external IC of an XOR-symmetric problem with a pricing form.

    Parameters
    ----------
    structure : Structure
        Declares ``xor_symmetric``, a uniform Alice law and a structured ``pricing``
        form, directly or through its ``relaxation``.
    error : Fraction
        The error budget δ.

    Returns
    -------
    dict
        ``lower`` and ``upper`` (:class:`commlb.info.Exact`), the certificate's
        ``lower``/``upper`` witnesses, the maximising column and ``base``.

    Raises
    ------
    InvalidParameterError
        δ below the optimal error.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems.structure import structure_of
    >>> out = xor_bracket(structure_of("augmented-index", d=3), Fraction(1, 10))
    >>> out["lower"] == out["upper"]
    True

    References
    ----------
    Blahut 1972 (dual of R(D)); ``proofs/column_generation/symmetry.md``.
    """
    clean, reduced, q = reduced_error(structure, Fraction(error))
    oracle = oracle_for(structure=clean)
    d = clean.d
    L = oracle.scale
    if reduced >= Fraction(1, 2):
        beta, g = Fraction(1), None
    else:
        beta_float = _best_base(oracle, float(reduced))
        beta = Fraction(beta_float).limit_denominator(10**6)
        if reduced == 0 or beta <= 0:  # zero error: the dual tends to d as β -> 0
            beta = Fraction(1, 2**64)
        g = oracle.price(oracle.p_x, float(beta))[1]
    M = oracle.price_exact(oracle.p_x_exact, beta)  # λ = 1: w = p
    lower = Exact.log2(beta) * (L * reduced) - Exact.log2(M)
    alpha = min(reduced, Fraction(1, 2))
    upper = None
    if g is None or _product_code(oracle, np.atleast_2d(g)[0]):
        upper = Exact(d) + (Exact.xlog2x(alpha) + Exact.xlog2x(1 - alpha)) * d
    return {
        "lower": max(lower, Exact(0)) if lower < 0 else lower,
        "upper": upper,
        "base": beta,
        "column": None if g is None else np.atleast_2d(g)[0],
        "oracle": oracle.name,
        "scale": L,
        "claimed_max": M,
        "flip": alpha,
        "lower_witness": {"type": "rd-dual-pricing", "pricing": oracle.name, "base": str(beta),
                          "scale": L, "lambda": "1", "claimed_max": str(M)},
        "upper_witness": {"type": "product-flip", "flip": str(alpha)},
    }
