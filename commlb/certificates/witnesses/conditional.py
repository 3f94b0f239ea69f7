"""The conditional pricing dual (``"type": "conditional-dual"``): lower bounds of every objective.

The witness claims, for the
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
times numpy's documented accuracy; the final sum uses a private mpmath interval
context (:func:`commlb.numbers.interval_context`).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import integer, keys, rational, real, table
from commlb.errors import CertificateError
from commlb.info.exact import Interval
from commlb.numbers import interval_context

__all__ = ["lower"]

U = 2.0**-53
ETA = 2.0**-40
MAX_FUNCTIONS = 2**27
CHUNK = 2**22


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


def _floats(data, what: str) -> np.ndarray:
    """A list (of lists) of finite floats, read strictly."""
    rows = table(data, what)
    if rows and isinstance(rows[0], list):
        return np.array([[real(v, what) for v in table(row, what)] for row in rows], dtype=float)
    return np.array([real(v, what) for v in rows], dtype=float)


def lower(stated, lw: dict) -> Bound:
    """The lower bound (bits) a conditional-dual witness certifies, every claim re-priced."""
    keys(lw, {"type", "slope", "columns", "r_hat", "claimed_maxima", "targets", "iterations"},
         "the conditional-dual witness", ("slope", "columns", "r_hat", "claimed_maxima"))
    p_cx, cost, offset = stated.separable()
    delta = stated.error
    p_x = p_cx.sum(axis=0)
    excess = delta - sum((a * b for a, b in zip(p_x, offset, strict=True)), Fraction(0))
    if excess < 0:
        raise Refuted(f"error {float(delta):.12g} is below the optimal error")
    n_x, n_u, n_o = cost.shape
    if n_u * math.log2(max(n_o, 1)) > math.log2(MAX_FUNCTIONS):
        raise CertificateError(f"{n_o}^{n_u} decision functions are too many for the checker's "
                               "enumeration")
    s = rational(lw["slope"], "the slope", 0, 2**60)
    K = np.array([[integer(v, "a column entry", 0, n_o - 1) for v in g]
                  for g in table(lw["columns"], "the columns", n_u)], dtype=np.int64).reshape(-1, n_u)
    r_hat = _floats(lw["r_hat"], "r_hat")
    claimed = _floats(lw["claimed_maxima"], "the claimed maxima")
    if len(K) == 0:
        raise Refuted("at least one column must be listed")
    if len({g.tobytes() for g in K}) != len(K):
        raise Refuted("a listed column is out of range or repeated")
    if r_hat.shape != (p_cx.shape[0], len(K)) or claimed.shape != (p_cx.shape[0],):
        raise Refuted("r_hat must be |C| x |K| and claimed_maxima one per class")
    if not (np.all(r_hat > 0) and np.all(r_hat <= 1) and np.all(np.isfinite(claimed))):
        raise Refuted("r_hat must lie in (0, 1] and the claimed maxima be finite")
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
        raise Refuted("a normaliser Z_x underflows; the witness is numerically unusable")
    W_lo, W_hi = _down(pcx_lo / Z_hi[None, :]), _up(pcx_hi / Z_lo[None, :])
    V_lo, V_hi = _dot(W_lo, W_hi, B_lo, B_hi)  # (C, K)
    R = _up(V_hi / r_hat).max(axis=1)
    iterations = integer(lw.get("iterations", 400), "iterations", 0, 2000)
    targets = _floats(lw.get("targets", lw["claimed_maxima"]), "the targets")
    if targets.shape != claimed.shape or not np.all(targets > 0):
        raise Refuted("targets must be positive, one per class")
    found = _price(W_hi, cond_lo, cond_hi, a_hi, K, targets, claimed, iterations)
    if np.any(found > claimed):
        c = int(np.argmax(found - claimed))
        raise Refuted(f"class {c}: a decision function outside the listed columns reaches "
                      f"{found[c]!r} > the claimed maximum {claimed[c]!r}")
    value = _assemble(p_x, Z_lo, Z_hi, np.maximum(R, claimed), s, excess)
    return Bound.enclosed(value.lo, value.hi, "conditional dual bound re-priced over every "
                          "decision function", ("S11",))


def _assemble(p_x, Z_lo, Z_hi, tops, s: Fraction, excess: Fraction) -> Interval:
    """``-Σ_x p(x) log2 Z_x - log2 Σ_c top_c - s·excess`` in mpmath interval arithmetic."""
    iv = interval_context(80)

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
