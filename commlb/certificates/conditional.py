"""Independent check of conditional column-generation certificates (never imports commlb.ic).

The certificate (``"type": "conditional-column-generation"``) claims, for the
program ``min Σ_c p(c) I(X; G | C = c)`` s.t. ``E[D] <= δ`` with separable
``D[x, g] = off(x) + Σ_u C[x, u, g(u)]``, the bound of
``proofs/column_generation/conditional_dual.md``:

    value >= -Σ_x p(x) log2 Z_x - log2 Σ_c max(R_c, M_c) - s (δ - ε*),

``Z_x = Σ_{g ∈ K} ρ(x, g) A(x, g)``, ``ρ(x, g) = Π_c r̂_c(g)^{p(c|x)}``,
``A = 2^{-s(D - m)}``, ``R_c = max_{g ∈ K} Σ_x p(c, x) ρ A / (Z_x r̂_c(g))`` over the
listed columns ``K``, and ``M_c`` the claimed maximum over every other decision
function of ``Σ_x w_c(x) A(x, g)``, ``w_c(x) = p(c, x) κ̄(x) / (Z_x p(x|c))``,
``ln κ̄(x) = Σ_c p(c|x) ln p(x|c)``.  This module recomputes ``ε*``, ``Z``, ``R`` and
the weights itself and re-runs the pricing over every decision function outside
``K`` to confirm each claim ``M_c``.

Arithmetic: float intervals with outward rounding.  Sums, products and quotients
of nonnegative floats are IEEE-754 correctly rounded, so one ulp outward (or
Higham's ``γ_n = n u / (1 - n u)`` for a dot product of length ``n``, any order)
encloses them; ``exp`` and ``log`` are widened by ``2^-40`` relative, thousands of
times numpy's documented accuracy; the final sum uses ``mpmath.iv``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import CertificateError
from commlb.info import Interval

__all__ = ["evaluate_lower", "check_conditional", "rebuild_program"]

U = 2.0**-53
ETA = 2.0**-40
MAX_FUNCTIONS = 2**27
CHUNK = 2**22


class Invalid(Exception):
    """The certificate is well formed but does not certify its claim."""


def _q(text) -> Fraction:
    try:
        return Fraction(text) if isinstance(text, (int, float)) else Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        raise CertificateError(f"{text!r} is not a rational number") from None


def _enclose(values) -> tuple[np.ndarray, np.ndarray]:
    """Float enclosure ``[lo, hi]`` of exact rationals (``float(Fraction)`` is correctly rounded)."""
    mid = np.array([float(v) for v in np.ravel(values)])
    shape = np.shape(values)
    return (np.nextafter(mid, -np.inf).reshape(shape), np.nextafter(mid, np.inf).reshape(shape))


def _down(a):
    return np.maximum(np.nextafter(a, -np.inf), 0.0)


def _up(a):
    return np.nextafter(a, np.inf)


def _dot(lo_a, hi_a, lo_b, hi_b):
    """Enclosure of a product of nonnegative matrices (Higham's bound, any summation order)."""
    n = lo_a.shape[-1] + 2
    gamma = n * U / (1 - n * U)
    return _down((lo_a @ lo_b) * (1 - gamma)), _up((hi_a @ hi_b) * (1 + gamma) + n * 2.0**-1070)


def _exp(lo, hi):
    return _down(np.exp(lo) * (1 - ETA)), _up(np.exp(hi) * (1 + ETA) + 2.0**-1070)


def rebuild_program(source: dict):
    """Exact ``(p_cx, cost, offset)`` from a certificate source (rows of ``p(x) = 0`` dropped).

    ``{"problem": {"name", "params"}}`` rebuilds ``μ(x, y)`` and the cost table with
    :mod:`commlb.problems` (classes ``c = y``); ``{"program": ...}`` reads
    common-denominator integers.  The cost is shifted so ``min_o C[x, u, o] = 0``.
    """
    if "problem" in source:
        from commlb.problems import get

        spec = source["problem"]
        problem = get(spec["name"], **spec.get("params", {}))
        p_cx = problem.xy_matrix(exact=True).T
        cost = problem.cost_table(exact=True)
        offset = [Fraction(0)] * cost.shape[0]
    else:
        prog = source["program"]
        den = int(prog["p_cx"]["denominator"])
        p_cx = np.array([[Fraction(int(v), den) for v in row] for row in prog["p_cx"]["numerators"]],
                        dtype=object)
        cost = np.array([[[Fraction(int(v), int(d)) for v in cell] for cell in row]
                         for d, row in zip(prog["cost"]["denominators"], prog["cost"]["numerators"],
                                           strict=True)], dtype=object)
        offset = [_q(v) for v in prog["offset"]]
    if any(v < 0 for v in np.ravel(p_cx)) or sum(np.ravel(p_cx), Fraction(0)) != 1:
        raise Invalid("the classes' weights p(c, x) are not a probability law")
    if p_cx.shape[1] != cost.shape[0] or len(offset) != cost.shape[0]:
        raise CertificateError("p_cx, cost and offset do not have matching |X|")
    keep = [i for i, v in enumerate(p_cx.sum(axis=0)) if v > 0]
    p_cx, cost = p_cx[:, keep], cost[keep]
    p_cx = p_cx[[k for k in range(p_cx.shape[0]) if any(v > 0 for v in p_cx[k])]]
    low = np.array([[min(cell) for cell in row] for row in cost], dtype=object)
    offset = np.array([offset[i] for i in keep], dtype=object) + low.sum(axis=1)
    return p_cx, cost - low[:, :, None], offset


def _directions(W, cond, A, target, stop, iterations):
    """Float ``ln κ(g)`` (max 0) per column, moved by ``κ_c <- κ_c V_c / target_c`` while some
    ``V_c`` exceeds ``stop_c``."""
    log_k = np.zeros((W.shape[0], A.shape[1]))
    V = W @ A
    active = np.flatnonzero((V > stop[:, None]).any(axis=0))
    for _ in range(iterations):
        if active.size == 0:
            break
        with np.errstate(divide="ignore"):
            lk = log_k[:, active] + np.maximum(np.log(V[:, active] / target[:, None]), -50.0)
        lk -= lk.max(axis=0, keepdims=True)
        V[:, active] = (W @ (np.exp(cond.T @ lk) * A[:, active])) / np.exp(lk)
        log_k[:, active] = lk
        active = active[(V[:, active] > stop[:, None]).any(axis=0)]
    return log_k


def _price(W_hi, cond_lo, cond_hi, a_hi, listed, targets, claimed, iterations) -> np.ndarray:
    """Upper bound on ``max_{g ∉ K} V_c(g; κ(g))`` per class over every unlisted function.

    ``V_c(g; κ) = Σ_x W[c, x] A(x, g) Π_c' κ_c'^{p(c'|x)} / κ_c``; the direction ``κ(g)``
    is this module's own float search, then fixed as the exact float it is and bounded
    with outward rounding.
    """
    n_x, n_u, n_o = a_hi.shape
    codes = np.sort(listed @ (n_o ** np.arange(n_u - 1, -1, -1, dtype=np.int64)))
    split = n_u // 2

    def table(part):
        out = np.ones((n_x, 1))
        for u in range(part.shape[1]):
            out = (out[:, :, None] * part[:, u, None, :]).reshape(n_x, -1)
        return out

    first, second = table(a_hi[:, :split]), table(a_hi[:, split:])
    grow = (1 + U) ** (n_u + 2)
    step = max(1, CHUNK // (n_x * second.shape[1]))
    width = second.shape[1]
    best = np.zeros(W_hi.shape[0])
    cond_mid = cond_hi
    target = targets
    for start in range(0, first.shape[1], step):
        block = (first[:, start:start + step, None] * second[:, None, :]).reshape(n_x, -1) * grow
        keep = np.ones(block.shape[1], dtype=bool)
        lo, hi = np.searchsorted(codes, [start * width, (start + step) * width])
        keep[codes[lo:hi] - start * width] = False
        A = block[:, keep]
        if A.shape[1] == 0:
            continue
        log_k = _directions(W_hi, cond_mid, A, target, claimed * (1 - 1e-10), iterations)
        kappa = np.exp(log_k)  # the exact directions used from here on
        nk = -np.log(kappa)
        nk_lo = np.maximum(nk * (1 - ETA) - ETA, 0.0)
        nk_hi = nk * (1 + ETA) + ETA
        e_lo, _ = _dot(cond_lo.T, cond_hi.T, nk_lo, nk_hi)  # Σ_c' p(c'|x)(-ln κ_c') >= e_lo
        _, E_hi = _exp(-e_lo, -e_lo)
        _, V_hi = _dot(W_hi, W_hi, _up(E_hi * A), _up(E_hi * A))
        best = np.maximum(best, _up(V_hi * np.exp(nk_hi) * (1 + ETA)).max(axis=1))
    return best


def evaluate_lower(certificate: dict) -> Interval:
    """The lower bound (bits) the certificate's witness certifies, as a certified Interval.

    Raises
    ------
    CertificateError
        Malformed certificate, or a witness that fails (a claimed pricing maximum
        exceeded, a column repeated or out of range, a nonpositive ``r̂``).
    """
    try:
        return _evaluate(certificate)
    except Invalid as exc:
        raise CertificateError(f"conditional certificate rejected: {exc}") from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, CertificateError):
            raise
        raise CertificateError(f"malformed conditional certificate ({type(exc).__name__}: {exc})") \
            from None


def _evaluate(certificate: dict) -> Interval:
    p_cx, cost, offset = rebuild_program(certificate["source"])
    delta = _q(certificate["error"])
    p_x = p_cx.sum(axis=0)
    excess = delta - sum((a * b for a, b in zip(p_x, offset, strict=True)), Fraction(0))
    if excess < 0 or delta > 1:
        raise Invalid(f"error {delta} is below the optimal error or above 1")
    lw = certificate["lower_witness"]
    if lw["type"] == "none":
        return Interval(0.0, 0.0)
    if lw["type"] != "conditional-dual":
        raise CertificateError(f"unknown lower witness type {lw['type']!r}")
    n_x, n_u, n_o = cost.shape
    if n_o**n_u > MAX_FUNCTIONS:
        raise Invalid(f"{n_o}^{n_u} decision functions are too many for the checker's enumeration")
    s = _q(lw["slope"])
    K = np.array(lw["columns"], dtype=np.int64).reshape(-1, n_u)
    r_hat = np.array(lw["r_hat"], dtype=float)
    claimed = np.array(lw["claimed_maxima"], dtype=float)
    if s < 0 or len(K) == 0:
        raise Invalid("the slope must be >= 0 and at least one column listed")
    if K.min() < 0 or K.max() >= n_o or len({g.tobytes() for g in K}) != len(K):
        raise Invalid("a listed column is out of range or repeated")
    if r_hat.shape != (p_cx.shape[0], len(K)) or claimed.shape != (p_cx.shape[0],):
        raise Invalid("r_hat must be |C| x |K| and claimed_maxima one per class")
    if not (np.all(r_hat > 0) and np.all(r_hat <= 1) and np.all(np.isfinite(claimed))):
        raise Invalid("r_hat must lie in (0, 1] and the claimed maxima be finite")
    cond_lo, cond_hi = _enclose(p_cx / p_x[None, :])  # p(c|x), (C, X)
    pcx_lo, pcx_hi = _enclose(p_cx)
    c_lo, c_hi = _enclose(cost)
    s_lo, s_hi = _enclose([s])
    sl_lo, sl_hi = _down(s_lo * math.log(2) * (1 - ETA)), _up(s_hi * math.log(2) * (1 + ETA))
    # a[x, u, o] = 2^{-s C[x, u, o]}; A(x, g) = Π_u a[x, u, g(u)]
    a_lo, a_hi = _exp(-_up(c_hi * sl_hi), -_down(c_lo * sl_lo))
    positions = np.arange(n_u)
    grow = (1 + U) ** (n_u + 1)
    AK_lo = _down(a_lo[:, positions[None, :], K].prod(axis=2) / grow)
    AK_hi = _up(a_hi[:, positions[None, :], K].prod(axis=2) * grow)
    # ρ(x, g) = exp(-Σ_c p(c|x) (-ln r̂_c(g)))
    nl = -np.log(r_hat)
    nl_lo, nl_hi = np.maximum(nl * (1 - ETA) - ETA, 0.0), nl * (1 + ETA) + ETA
    lr_lo, lr_hi = _dot(cond_lo.T, cond_hi.T, nl_lo, nl_hi)
    rho_lo, rho_hi = _exp(-lr_hi, -lr_lo)
    B_lo, B_hi = _down(rho_lo * AK_lo), _up(rho_hi * AK_hi)
    ones = np.ones((len(K), 1))
    zk_lo, zk_hi = _dot(B_lo, B_hi, ones, ones)
    Z_lo, Z_hi = zk_lo[:, 0], zk_hi[:, 0]
    if not np.all(Z_lo > 0):
        raise Invalid("a normaliser Z_x underflows; the witness is numerically unusable")
    W_lo, W_hi = _down(pcx_lo / Z_hi[None, :]), _up(pcx_hi / Z_lo[None, :])
    V_lo, V_hi = _dot(W_lo, W_hi, B_lo, B_hi)  # (C, K)
    R = _up(V_hi / r_hat).max(axis=1)
    iterations = int(lw.get("iterations", 400))
    if not 0 <= iterations <= 2000:
        raise Invalid("iterations must lie in [0, 2000]")
    targets = np.array(lw.get("targets", lw["claimed_maxima"]), dtype=float)
    if targets.shape != claimed.shape or not np.all(targets > 0):
        raise Invalid("targets must be positive, one per class")
    found = _price(W_hi, cond_lo, cond_hi, a_hi, K, targets, claimed, iterations)
    if np.any(found > claimed):
        c = int(np.argmax(found - claimed))
        raise Invalid(f"class {c}: a decision function outside the listed columns reaches "
                      f"{found[c]!r} > the claimed maximum {claimed[c]!r}")
    return _assemble(p_x, Z_lo, Z_hi, np.maximum(R, claimed), s, excess)


def _assemble(p_x, Z_lo, Z_hi, tops, s: Fraction, excess: Fraction) -> Interval:
    """``-Σ_x p(x) log2 Z_x - log2 Σ_c top_c - s·excess`` in mpmath interval arithmetic."""
    from mpmath import iv

    iv.prec = 80

    def rat(v: Fraction):
        return iv.mpf(v.numerator) / v.denominator

    total = iv.mpf(0)
    for p, lo, hi in zip(p_x, Z_lo, Z_hi, strict=True):
        total -= rat(p) * iv.log(iv.mpf([float(lo), float(hi)]))
    tops_sum = iv.mpf(0)
    for t in tops:
        tops_sum += iv.mpf(float(t))
    value = (total - iv.log(tops_sum)) / iv.log(iv.mpf(2)) - rat(s) * rat(excess)
    return Interval(math.nextafter(float(value.a), -math.inf), math.nextafter(float(value.b), math.inf))


def check_conditional(certificate: dict):
    """Verify a conditional column-generation certificate: ``(lower Interval, upper Interval)``.

    The upper side is certified when the certificate carries an ``upper_witness``
    (an explicit rational channel, :mod:`commlb.certificates.conditional_upper`);
    otherwise it is the claimed float value (``certified=False``).

    Raises
    ------
    CertificateError
        Malformed, or the witness fails, or the claimed lower exceeds the certified one.

    Examples
    --------
    >>> cert = {"type": "conditional-column-generation", "error": "1/2",
    ...         "source": {"problem": {"name": "index", "params": {"d": 1}}},
    ...         "lower_witness": {"type": "none"}, "lower": 0.0, "upper": 0.0}
    >>> check_conditional(cert)[0]
    Interval(lo=0.0, hi=0.0, certified=True)

    References
    ----------
    ``proofs/column_generation/conditional_dual.md``; N. J. Higham, *Accuracy and
    Stability of Numerical Algorithms*, 2nd ed., sec. 3.1 (``γ_n``).
    """
    lower = evaluate_lower(certificate)
    try:
        claimed_lower, claimed_upper = float(certificate["lower"]), float(certificate["upper"])
    except (KeyError, TypeError, ValueError):
        raise CertificateError("the certificate needs numeric 'lower' and 'upper'") from None
    if not claimed_lower <= lower.lo:
        raise CertificateError(f"conditional certificate rejected: the claimed lower {claimed_lower!r} "
                               f"exceeds the certified {lower}")
    if "upper_witness" not in certificate:
        return lower, Interval(claimed_upper, claimed_upper, certified=False)
    from commlb.certificates.conditional_upper import evaluate_upper

    try:
        upper = evaluate_upper(certificate, rebuild_program(certificate["source"]), Invalid)
    except Invalid as exc:
        raise CertificateError(f"conditional certificate rejected: {exc}") from None
    if not claimed_upper >= upper.hi:
        raise CertificateError(f"conditional certificate rejected: the claimed upper {claimed_upper!r} "
                               f"is below the certified {upper}")
    return lower, upper
