"""Internal information of Augmented Index by the chain rule (no decision functions listed).

With ``Y = (I, X_<I)``, ``I`` uniform on ``0..d-1`` and ``G`` a function of ``X``
and private coins,

    I(X; G | Y) = (1/d) Σ_i I(X; G | X_<i) = Σ_j ((j + 1)/d) · I(X_j; G | X_<j)

(chain rule).  Bob's guess at level ``j`` is a function of ``(G, X_<j)``; with error
``e_j``, binary Fano gives ``I(X_j; G | X_<j) >= 1 - h(e_j)``, and the channel that
flips each bit of ``X`` independently with probability ``e_j`` attains it.  Hence

    IC_int(δ) = min { Σ_j ((j+1)/d)(1 - h(e_j)) : (1/d) Σ_j e_j <= δ, 0 <= e_j <= 1/2 },

a separable convex programme; its Lagrangian at slope ``s`` is solved by
``e_j = 1/(1 + 2^{s/(j+1)})`` (``proofs/column_generation/internal_augmented_index.md``).
The lower bound is certified in interval arithmetic; the upper bound is the exact
information of the product channel with rational flip rates.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

from commlb.certificates import envelope
from commlb.errors import InvalidParameterError
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.info import Exact, Interval
from commlb.numbers import interval_context

__all__ = ["can_run", "run", "internal_augmented_index", "internal_lower_interval"]


def internal_lower_interval(d: int, delta: Fraction, slope: Fraction) -> Interval:
    """Certified ``Σ_j [w_j - w_j log2(1 + 2^{-s/(j+1)})] - sδ`` with ``w_j = (j+1)/d``.

    Each term is ``min_e [w_j (1 - h(e)) + s e/d]``; weak duality makes the sum, minus
    ``sδ``, a lower bound on ``IC_int(δ)`` for every ``s >= 0``.
    """
    iv = interval_context(128)  # a private context: no global precision
    s = iv.mpf(slope.numerator) / slope.denominator
    total = -s * (iv.mpf(delta.numerator) / delta.denominator)
    for j in range(d):
        w = iv.mpf(j + 1) / d
        total += w - w * iv.log(1 + iv.exp(-s / (j + 1) * iv.log(iv.mpf(2)))) / iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))


def _errors(d: int, slope: float) -> list[float]:
    return [1.0 / (1.0 + 2.0 ** (slope / (j + 1))) for j in range(d)]


def internal_augmented_index(d: int, delta: Fraction, family: str, gap: float = 1e-6,
                             started: float | None = None) -> Bracket:
    """Certified bracket on ``I(X; G | Y)`` for Augmented Index(d) at error δ.

    Parameters
    ----------
    d : int
        Any ``d >= 1`` (nothing of size ``2^d`` is built).
    delta : Fraction
        Error budget in ``(0, 1]``.
    family : str
        The catalogue family the certificate names (its checker rebuilds the statement).
    gap : float
        Target bracket width (bits).

    Returns
    -------
    Bracket
        ``lower`` a certified Interval, ``upper`` Exact, certificate with a
        ``"chain-rule"`` lower and a ``"product-flips"`` upper witness.

    Raises
    ------
    InvalidParameterError
        δ = 0 (the infinite slope; value (d+1)/2 by the formula).

    Examples
    --------
    >>> from fractions import Fraction
    >>> r = internal_augmented_index(1, Fraction(1, 10), "augmented-index")
    >>> abs(float(r.upper) - 0.531004406410719) < 1e-6
    True

    References
    ----------
    Cover and Thomas, *Elements of Information Theory*, 2nd ed., Thm. 2.5.2 (chain
    rule) and Thm. 2.10.1 (Fano); ``proofs/column_generation/internal_augmented_index.md``.
    """
    started = time.perf_counter() if started is None else started
    name = family
    if not 0 < delta <= 1:
        raise InvalidParameterError("internal IC at δ = 0 is the full (d+1)/2 bits; give δ > 0")
    if delta >= Fraction(1, 2):
        cert = _certificate(name, d, delta, Fraction(0), [Fraction(1, 2)] * d)
        return Bracket(Interval(0.0, 0.0), Exact(0), cert, 0, 0, time.perf_counter() - started,
                       "converged (trivial)")
    lo, hi = 0.0, 1.0
    while sum(_errors(d, hi)) / d > float(delta):
        hi *= 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if sum(_errors(d, mid)) / d > float(delta):
            lo = mid
        else:
            hi = mid
    slope = Fraction(hi).limit_denominator(10**12)
    flips = [Fraction(e).limit_denominator(10**12) for e in _errors(d, float(slope))]
    excess = sum(flips) - d * delta
    k = 0
    while excess > 0:  # lower the flip rates until the error is at most δ (exact)
        flips[k % d] = max(Fraction(0), flips[k % d] - excess)
        excess = sum(flips) - d * delta
        k += 1
    upper = sum(((Exact(1) + Exact.xlog2x(e) + Exact.xlog2x(1 - e)) * Fraction(j + 1, d)
                 for j, e in enumerate(flips)), Exact(0))
    lower = internal_lower_interval(d, delta, slope)
    cert = _certificate(name, d, delta, slope, flips)
    status = "converged" if float(upper) - lower.lo <= gap else "gap not reached"
    return Bracket(lower, upper, cert, d, 1, time.perf_counter() - started, status)


def _certificate(name: str, d: int, delta: Fraction, slope: Fraction, flips: list[Fraction]) -> dict:
    return envelope({"problem": {"name": name, "params": {"d": d}}, "objective": "internal",
                     "error": str(delta)}, {"type": "chain-rule", "slope": str(slope)},
                    {"type": "product-flips", "flips": [str(e) for e in flips]}, None, None)


def can_run(statement) -> tuple[bool, str]:
    """Whether this method takes ``statement``: augmented-index's declared chain-rule form, δ > 0.

    Returns ``(True, "")`` or ``(False, reason)``, from sizes and declared structure only.
    """
    s = statement.structure
    if s is None or not s.chain_rule:
        return False, "needs the per-coordinate chain-rule form (declared by augmented-index)"
    if statement.error == 0:
        return False, "at δ = 0 the internal IC is the full (d+1)/2 bits; give δ > 0"
    return True, ""


def run(statement, gap: float = 1e-6, progress: bool = False):
    """Run the method on ``statement``: the internal IC bracket of :func:`internal_augmented_index`.

    Returns an :class:`~commlb.ic.result.ICResult` with its certificate.
    """
    s = statement.structure
    bracket = internal_augmented_index(s.d, statement.error, s.family, gap=gap)
    return to_result(bracket, statement, "chain-rule", gap)
