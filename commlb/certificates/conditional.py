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
times numpy's documented accuracy; the final sum uses a private mpmath interval
context (:func:`commlb.numbers.interval_context`).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.conditional_upper import evaluate_upper
from commlb.certificates.schema import Invalid, integer, keys, rational, real, table
from commlb.errors import CertificateError
from commlb.info import Interval
from commlb.numbers import interval_context

__all__ = ["evaluate_lower", "check_conditional", "rebuild_program", "Invalid", "Rejected"]

U = 2.0**-53
ETA = 2.0**-40
MAX_FUNCTIONS = 2**27
CHUNK = 2**22
FIELDS = {"type", "objective", "source", "error", "lower_witness", "lower", "upper", "upper_kind",
          "upper_witness", "excess_error", "task"}
OBJECTIVES = ("external", "internal", "conditional", "memorization-frontier")
UPPER_KINDS = {True: "information of an explicit rational channel (certified)",
               False: "float information of the restricted channel (not certified)"}


class Rejected(CertificateError):
    """A conditional certificate that is well formed but does not certify its claim."""


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

    ``{"problem": {"name", "params"}}`` rebuilds ``μ(x, y)`` and the cost table from the
    checker's own statement (:mod:`commlb.certificates.statements`; classes ``c = y``);
    ``{"program": ...}`` reads common-denominator integers.  The cost is shifted so
    ``min_o C[x, u, o] = 0``.

    Examples
    --------
    >>> p_cx, cost, offset = rebuild_program({"problem": {"name": "index", "params": {"d": 1}}})
    >>> p_cx.shape, cost.shape, offset.tolist()
    ((1, 2), (2, 1, 2), [Fraction(0, 1), Fraction(0, 1)])
    """
    source = keys(source, {"problem", "program"}, "the source")
    if len(source) != 1:
        raise CertificateError("the source holds exactly one of 'problem' and 'program'")
    if "problem" in source:
        spec = keys(source["problem"], {"name", "params"}, "the source's problem", ("name",))
        s = statements.statement(spec["name"], spec.get("params", {}))
        p_cx = statements.xy_matrix(s).T
        cost = statements.cost_table(s)
        offset = [Fraction(0)] * cost.shape[0]
    else:
        prog = keys(source["program"], {"p_cx", "cost", "offset"}, "the program",
                    ("p_cx", "cost", "offset"))
        pc = keys(prog["p_cx"], {"denominator", "numerators"}, "the program's p_cx",
                  ("denominator", "numerators"))
        den = integer(pc["denominator"], "the p_cx denominator", 1)
        p_cx = np.array([[Fraction(integer(v, "a p_cx numerator", 0), den)
                          for v in table(row, "a p_cx row")]
                         for row in table(pc["numerators"], "the p_cx numerators")], dtype=object)
        co = keys(prog["cost"], {"denominators", "numerators"}, "the program's cost",
                  ("denominators", "numerators"))
        dens = table(co["denominators"], "the cost denominators")
        cells = table(co["numerators"], "the cost numerators", limit=len(dens))
        if len(cells) != len(dens) or not cells:
            raise CertificateError("the cost lists one denominator per input x")
        cost = [[[Fraction(integer(v, "a cost numerator"), integer(d, "a cost denominator", 1))
                  for v in table(cell, "a cost cell")] for cell in table(row, "a cost row")]
                for d, row in zip(dens, cells, strict=True)]
        width = (len(cost[0]), len(cost[0][0]) if cost[0] else 0)
        if width[1] == 0 or any(len(row) != width[0] or any(len(c) != width[1] for c in row)
                                for row in cost):
            raise CertificateError("the cost table is not rectangular |X| x |U| x |O|")
        cost = np.array(cost, dtype=object).reshape(len(cost), *width)
        offset = [rational(v, "an offset") for v in table(prog["offset"], "the offsets")]
        if p_cx.ndim != 2 or p_cx.size == 0:
            raise CertificateError("p_cx must be a nonempty |C| x |X| table")
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
        raise Rejected(f"conditional certificate rejected: {exc}") from None
    except CertificateError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, OverflowError, ZeroDivisionError) as exc:
        raise CertificateError(f"malformed conditional certificate ({type(exc).__name__}: "
                               f"{str(exc)[:200]})") from None


def _floats(data, what: str) -> np.ndarray:
    """A list (of lists) of finite floats, read strictly."""
    rows = table(data, what)
    if rows and isinstance(rows[0], list):
        return np.array([[real(v, what) for v in table(row, what)] for row in rows], dtype=float)
    return np.array([real(v, what) for v in rows], dtype=float)


def _evaluate(certificate: dict) -> Interval:
    p_cx, cost, offset = rebuild_program(certificate["source"])
    delta = rational(certificate["error"], "the error level", 0, 1)
    p_x = p_cx.sum(axis=0)
    excess = delta - sum((a * b for a, b in zip(p_x, offset, strict=True)), Fraction(0))
    if excess < 0:
        raise Invalid(f"error {float(delta):.12g} is below the optimal error")
    lw = keys(certificate["lower_witness"], {"type", "slope", "columns", "r_hat", "claimed_maxima",
                                             "targets", "iterations"}, "the lower witness", ("type",))
    if lw["type"] == "none":
        keys(lw, {"type"}, "a lower witness of type none")
        return Interval(0.0, 0.0)
    if lw["type"] != "conditional-dual":
        raise CertificateError(f"unknown lower witness type {str(lw['type'])[:40]!r}")
    keys(lw, set(lw), "the conditional-dual witness", ("slope", "columns", "r_hat", "claimed_maxima"))
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
        raise Invalid("at least one column must be listed")
    if len({g.tobytes() for g in K}) != len(K):
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
    iterations = integer(lw.get("iterations", 400), "iterations", 0, 2000)
    targets = _floats(lw.get("targets", lw["claimed_maxima"]), "the targets")
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


def check_conditional(certificate: dict):
    """Verify a conditional column-generation certificate: ``(lower, upper, reason)``.

    Every field is checked or refused: the objective must fit the source (a family
    source means classes ``c = y``, the internal objective; ``external`` needs one
    class), ``excess_error`` must equal ``error - ε*`` exactly, ``upper_kind`` must say
    whether an upper witness is there.  The upper side is certified when the
    certificate carries an ``upper_witness`` (an explicit rational channel,
    :mod:`commlb.certificates.conditional_upper`); otherwise it is the claimed float
    value (``certified=False``).  A ``task`` (frontier certificates) is a label the
    checker does not rebuild: the reason names it as unverified.

    Raises
    ------
    Rejected
        The witness fails, or a claim is not backed (a :class:`CertificateError`).
    CertificateError
        Malformed.

    Examples
    --------
    >>> cert = {"type": "conditional-column-generation", "error": "1/2", "objective": "internal",
    ...         "source": {"problem": {"name": "index", "params": {"d": 1}}},
    ...         "lower_witness": {"type": "none"}, "lower": 0.0, "upper": 0.0}
    >>> check_conditional(cert)[0]
    Interval(lo=0.0, hi=0.0, certified=True)

    References
    ----------
    ``proofs/column_generation/conditional_dual.md``; N. J. Higham, *Accuracy and
    Stability of Numerical Algorithms*, 2nd ed., sec. 3.1 (``γ_n``).
    """
    keys(certificate, FIELDS, "the conditional certificate",
         ("type", "objective", "source", "error", "lower_witness", "lower", "upper"))
    objective = certificate["objective"]
    if objective not in OBJECTIVES:
        raise CertificateError(f"unknown objective {str(objective)[:40]!r}; one of {', '.join(OBJECTIVES)}")
    program = rebuild_program(certificate["source"])
    if "problem" in certificate["source"] and objective != "internal":
        raise Rejected(f"a family source states the internal objective (classes c = y), not {objective}")
    if objective == "external" and program[0].shape[0] != 1:
        raise Rejected("the external objective needs a program with one class")
    if ("task" in certificate) != (objective == "memorization-frontier"):
        raise CertificateError("a task is named by memorization-frontier certificates only")
    if "excess_error" in certificate:
        excess = rational(certificate["excess_error"], "the excess error")
        optimal = sum((a * b for a, b in zip(program[0].sum(axis=0), program[2], strict=True)), Fraction(0))
        if rational(certificate["error"], "the error level") != optimal + excess:
            raise Rejected(f"the error level is not the optimal error {optimal} plus the excess {excess}")
    kind = certificate.get("upper_kind", UPPER_KINDS["upper_witness" in certificate])
    if kind != UPPER_KINDS["upper_witness" in certificate]:
        raise Rejected(f"upper_kind {str(kind)[:60]!r} does not describe the upper side")
    lower = evaluate_lower(certificate)
    claimed_lower = real(certificate["lower"], "the claimed lower")
    claimed_upper = real(certificate["upper"], "the claimed upper")
    if not claimed_lower <= lower.lo:
        raise Rejected(f"conditional certificate rejected: the claimed lower {claimed_lower!r} "
                       f"exceeds the certified {lower}")
    reason = "conditional dual bound re-priced over every decision function"
    if "task" in certificate:
        reason += (f", for the program embedded in the certificate (its task label "
                   f"{json.dumps(certificate['task'], sort_keys=True)[:300]} is not rebuilt by this checker)")
    if "upper_witness" not in certificate:
        return lower, Interval(claimed_upper, claimed_upper, certified=False), reason
    try:
        upper = evaluate_upper(certificate, program, Invalid)
    except Invalid as exc:
        raise Rejected(f"conditional certificate rejected: {exc}") from None
    if not claimed_upper >= upper.hi:
        raise Rejected(f"conditional certificate rejected: the claimed upper {claimed_upper!r} "
                       f"is below the certified {upper}")
    if claimed_lower < lower.lo - 1e-6 or claimed_upper > upper.hi + 1e-6:
        raise Rejected("the claimed bracket does not match what its witnesses certify")
    return lower, upper, reason
