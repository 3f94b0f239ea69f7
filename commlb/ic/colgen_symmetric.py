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

__all__ = ["symmetric_external_bracket", "SYMMETRIC_PROBLEMS", "reduced_error"]

SYMMETRIC_PROBLEMS = ("augmented-index", "noisy-augmented-index", "index", "gap-hamming")


def reduced_error(name: str, params: dict, error: Fraction) -> tuple[str, Fraction, Fraction]:
    """``(clean name, δ', q)``: the clean problem and error that bound ``name`` at ``δ``."""
    if name != "noisy-augmented-index":
        return name, error, Fraction(0)
    noise = Fraction(params["delta"])
    q = noise - noise * noise / 2
    if q >= Fraction(1, 2):
        raise InvalidParameterError("noisy-augmented-index with delta = 1 carries no signal; "
                                    "choose delta < 1")
    if error < q:
        raise InvalidParameterError(f"error {error} is below the optimal error {q} of "
                                    "noisy-augmented-index; raise the error")
    return "augmented-index", (error - q) / (1 - 2 * q), q


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


def symmetric_external_bracket(name: str, params: dict, error: Fraction, progress: bool = False) -> dict:
    """Exact bracket on the external IC of a symmetric indexing problem.

    Parameters
    ----------
    name : {"augmented-index", "noisy-augmented-index", "index", "gap-hamming"}
    params : dict
        The problem's parameters (``d``, and ``delta`` for the noisy one).
    error : Fraction
        The error budget δ.
    progress : bool
        A tqdm bar of the stages (gap-hamming; the others take well under a second).

    Returns
    -------
    dict
        ``lower`` and ``upper`` (:class:`commlb.info.Exact`), the certificate's
        ``lower``/``upper`` witnesses, the maximising column and ``base``.

    Raises
    ------
    InvalidParameterError
        Unknown problem, or δ below the optimal error.

    Examples
    --------
    >>> from fractions import Fraction
    >>> out = symmetric_external_bracket("augmented-index", {"d": 3}, Fraction(1, 10))
    >>> out["lower"] == out["upper"]
    True

    References
    ----------
    Blahut 1972 (dual of R(D)); ``proofs/column_generation/symmetry.md``.
    """
    if name not in SYMMETRIC_PROBLEMS:
        raise InvalidParameterError(f"no orbit reduction for {name!r}")
    if name == "gap-hamming":
        from commlb.ic.colgen_hamming import gap_hamming_bracket

        out = gap_hamming_bracket(params, Fraction(error), progress=progress)
        return {**out, "upper": None} if out["upper_witness"] is None else out
    clean, reduced, q = reduced_error(name, params, Fraction(error))
    oracle = oracle_for(name=clean, params={"d": int(params["d"])})
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
        upper = Exact(params["d"]) + (Exact.xlog2x(alpha) + Exact.xlog2x(1 - alpha)) * params["d"]
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
