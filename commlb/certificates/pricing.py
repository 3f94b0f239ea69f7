"""Independent exact pricing and the check of column-generated certificates.

A column-generated lower bound rests on one claim: no decision function violates
the rate–distortion dual condition, i.e. for the certificate's rational base
``β = 2^{-s/L}`` and dual ``λ``,

    max over ALL g: Y -> O of  Σ_x p(x) λ(x) β^{L·D[x, g]}  <=  M   (claimed),

so that ``λ/M`` is dual feasible and ``IC(δ) >= Σ_x p(x) log2 λ(x) - log2 M - sδ``
with ``s = -L log2 β``.  This module re-derives that maximum itself, exactly
(Python integers and Fractions), by its own enumeration or its own prefix-tree
recursion, and never imports :mod:`commlb.ic`.  Noisy Augmented Index is checked
through its clean relaxation (``proofs/column_generation/noisy_relaxation.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from commlb.errors import CertificateError

__all__ = ["check_pricing", "check_colgen_certificate", "check_internal_chain_rule",
           "exact_pricing_max", "ColgenCheck"]

ENUMERATION_LIMIT = 2**21
CERTIFICATE_TYPE = "column-generation"


class ColgenCheck:
    """Outcome of a check: ``valid``, ``reason``, and the certified ``lower``/``upper``.

    ``lower`` and ``upper`` are :class:`commlb.info.Exact` or
    :class:`commlb.info.Interval` (bits), or None when that side is missing.
    """

    def __init__(self, valid: bool, reason: str, lower=None, upper=None, pricing_max=None) -> None:
        self.valid, self.reason = valid, reason
        self.lower, self.upper, self.pricing_max = lower, upper, pricing_max

    def __repr__(self) -> str:
        return f"ColgenCheck(valid={self.valid}, reason={self.reason!r})"


def _frac(value: object, what: str) -> Fraction:
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # long exact numerators are legitimate here
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise CertificateError(f"{what} {str(value)[:40]!r} is not a rational number") from None
    finally:
        sys.set_int_max_str_digits(old)


def _structure(problem: dict) -> tuple[str, dict]:
    name = problem.get("name")
    params = dict(problem.get("params", {}))
    return name, params


def _integer_d(params: dict, limit: int) -> int:
    d = params.get("d")
    if not isinstance(d, int) or not 1 <= d <= limit:
        raise CertificateError(f"the certificate's d must be an integer in 1..{limit}, got {d!r}")
    return d


# ----------------------------------------------------------------- distortion
def _prefix_errors(d: int, table: list[int]) -> list[int]:
    """Levels where the node table errs along each path (recursive walk)."""
    out = []

    def walk(level: int, prefix: int, errs: int) -> None:
        if level == d:
            out.append(errs)
            return
        guess = table[(1 << level) - 1 + prefix]
        for bit in (0, 1):
            walk(level + 1, 2 * prefix + bit, errs + (guess != bit))

    walk(0, 0, 0)
    return out


def _clean_law(name: str, params: dict):
    """``(p_x, L, distortion)`` for the structured problems: ``D = k/L``."""
    if name in ("augmented-index", "index"):
        d = _integer_d(params, 20)
        return [Fraction(1, 2**d)] * 2**d, d
    raise CertificateError(f"no structured law for {name!r}")


def _enumerated(params_problem):
    """Integer distortion ``D_int[x, g]`` of every decision function of a catalogue problem."""
    import numpy as np

    from commlb.problems import get

    problem = get(params_problem[0], **params_problem[1])
    if problem.num_decision_functions * len(problem.alice_alphabet) > ENUMERATION_LIMIT:
        raise CertificateError(
            f"{problem.name} has too many (x, g) pairs for the checker's enumeration; "
            "certify with a structured oracle"
        )
    cost = problem.cost_table(exact=True)
    p_x = [Fraction(v) for v in problem.alice_marginal(exact=True)]
    scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
    ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                    dtype=object)
    if scale * cost.shape[1] < 2**62:
        ints = ints.astype(np.int64)
    table = ints[:, 0, :]  # (x, functions of the first j symbols), lexicographic in g
    for j in range(1, cost.shape[1]):
        table = (table[:, :, None] + ints[:, j, None, :]).reshape(cost.shape[0], -1)
    return p_x, scale, table


def exact_pricing_max(problem: dict, weights: list[Fraction], beta: Fraction,
                      oracle: str) -> tuple[Fraction, int]:
    """Exact ``max_g Σ_x weights[x]·β^{L·D[x, g]}`` and the scale ``L``.

    Parameters
    ----------
    problem : dict
        ``{"name": ..., "params": {...}}`` (catalogue name and JSON parameters).
    weights : list of Fraction
        ``w(x) = p(x) λ(x)``, in the order of the problem's Alice alphabet.
    beta : Fraction
        The base ``β = 2^{-s/L}``, ``0 < β <= 1``.
    oracle : {"prefix-tree", "index-codes", "enumeration"}
        Which exact search to run (it must fit the problem).

    Returns
    -------
    (Fraction, int)

    Raises
    ------
    CertificateError
        If the oracle does not fit the problem or the instance is too large.

    Examples
    --------
    >>> from fractions import Fraction
    >>> w = [Fraction(1, 4)] * 4
    >>> exact_pricing_max({"name": "augmented-index", "params": {"d": 2}}, w, Fraction(1, 3),
    ...                   "prefix-tree")
    (Fraction(4, 9), 2)

    References
    ----------
    ``proofs/column_generation/pricing.md``.
    """
    name, params = _structure(problem)
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    n, m = beta.numerator, beta.denominator
    den = math.lcm(*(w.denominator for w in weights))
    num = [int(w * den) for w in weights]
    if oracle == "prefix-tree" and name in ("augmented-index", "noisy-augmented-index"):
        d = _integer_d(params, 20)
        if len(num) != 2**d:
            raise CertificateError(f"λ has {len(num)} entries, expected 2^{d}")
        level = num  # scaled by m^height
        for _ in range(d):
            level = [max(m * a + n * b, n * a + m * b) for a, b in zip(level[::2], level[1::2],
                                                                      strict=True)]
        return Fraction(level[0], den * m**d), d
    if oracle == "index-codes" and name == "index":
        d = _integer_d(params, 20)
        if len(num) != 2**d:
            raise CertificateError(f"λ has {len(num)} entries, expected 2^{d}")
        # Σ_x a(x) Π_i k(x_i ⊕ c_i) with k(0) = m, k(1) = n: one coordinate at a time.
        table = list(num)
        for i in range(d):
            step = 1 << i
            for start in range(0, 2**d, 2 * step):
                for j in range(start, start + step):
                    a, b = table[j], table[j + step]
                    table[j], table[j + step] = m * a + n * b, n * a + m * b
        return Fraction(max(table), den * m**d), d
    if oracle == "enumeration":
        p_x, scale, table = _enumerated((name, params))
        if len(num) != len(p_x):
            raise CertificateError(f"λ has {len(num)} entries, expected {len(p_x)}")
        top = int(table.max())
        power = [n**k * m ** (top - k) for k in range(top + 1)]
        best = 0
        for g in range(table.shape[1]):
            column = table[:, g].tolist()
            best = max(best, sum(power[k] * a for k, a in zip(column, num, strict=True) if a))
        return Fraction(best, den * m**top), scale
    raise CertificateError(f"pricing oracle {oracle!r} does not fit problem {name!r}")


def _alice_law(name: str, params: dict, oracle: str) -> list[Fraction]:
    if oracle == "enumeration":
        from commlb.problems import get

        return [Fraction(v) for v in get(name, **params).alice_marginal(exact=True)]
    d = _integer_d(params, 20)
    return [Fraction(1, 2**d)] * 2**d


def _lambdas(lower: dict, size: int) -> list[Fraction]:
    lam = lower.get("lambda")
    if isinstance(lam, list):
        if len(lam) != size:
            raise CertificateError(f"λ has {len(lam)} entries, expected {size}")
        values = [_frac(v, "λ(x)") for v in lam]
    else:
        values = [_frac(lam, "λ")] * size
    if any(v <= 0 for v in values):
        raise CertificateError("every λ(x) must be positive")
    return values


def _reduced_error(name: str, params: dict, error: Fraction) -> tuple[dict, Fraction]:
    """Noisy Augmented Index at δ is bounded by Augmented Index at ``(δ - q)/(1 - 2q)``."""
    if name != "noisy-augmented-index":
        return {"name": name, "params": params}, error
    noise = _frac(params.get("delta"), "noise rate")
    q = noise - noise * noise / 2
    if not 0 <= q < Fraction(1, 2):
        raise CertificateError(f"the noisy relaxation needs q = {q} < 1/2")
    return ({"name": "augmented-index", "params": {"d": params.get("d")}},
            (error - q) / (1 - 2 * q))


def check_pricing(certificate: dict) -> tuple[bool, str, Fraction | None]:
    """Verify the lower witness's pricing claim: no decision function exceeds it.

    Parameters
    ----------
    certificate : dict
        A column-generation certificate (see ``proofs/column_generation/format.md``).

    Returns
    -------
    (bool, str, Fraction or None)
        Whether ``max_g Σ_x p(x)λ(x)β^{L D[x,g]} <= claimed_max`` holds, why not,
        and the exact maximum.

    Examples
    --------
    >>> cert = {"problem": {"name": "augmented-index", "params": {"d": 2}},
    ...         "lower_witness": {"pricing": "prefix-tree", "base": "1/3", "scale": 2,
    ...                   "lambda": "1", "claimed_max": "4/9"}}
    >>> check_pricing(cert)[0]
    True
    >>> cert["lower_witness"]["claimed_max"] = "1/3"
    >>> check_pricing(cert)[0]
    False

    References
    ----------
    ``proofs/column_generation/pricing.md``; Blahut 1972 (the dual of R(D)).
    """
    try:
        name, params = _structure(certificate["problem"])
        lower = certificate["lower_witness"]
        oracle = lower["pricing"]
        problem, _ = _reduced_error(name, params, Fraction(0))
        p_x = _alice_law(problem["name"], problem["params"], oracle)
        lam = _lambdas(lower, len(p_x))
        beta = _frac(lower["base"], "base")
        claimed = _frac(lower["claimed_max"], "claimed maximum")
        true_max, scale = exact_pricing_max(problem, [p * v for p, v in zip(p_x, lam, strict=True)],
                                            beta, oracle)
    except (KeyError, TypeError) as exc:
        return False, f"malformed lower witness ({exc})", None
    except CertificateError as exc:
        return False, str(exc), None
    if int(lower.get("scale", -1)) != scale:
        return False, f"the scale L is {scale}, not {lower.get('scale')}", true_max
    if true_max > claimed:
        return False, (f"a decision function violates the dual condition: the exact maximum "
                       f"{float(true_max):.12g} exceeds the claimed {float(claimed):.12g}"), true_max
    return True, "no decision function violates the dual condition", true_max



# ------------------------------------------------------------------ the values
def _interval_log2_sum(pairs: list[tuple[Fraction, Fraction]]):
    """Certified ``Σ a·log2 b`` over (a, b) pairs (mpmath interval arithmetic)."""
    from mpmath import iv

    from commlb.info import Interval

    iv.prec = 128
    total = iv.mpf(0)
    for a, b in pairs:
        if a:
            total += (iv.mpf(a.numerator) / a.denominator) * iv.log(iv.mpf(b.numerator) / b.denominator)
    total /= iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))


def _lower_value(certificate: dict, true_max: Fraction):
    from commlb.info import Exact

    name, params = _structure(certificate["problem"])
    lower = certificate["lower_witness"]
    problem, error = _reduced_error(name, params, _frac(certificate["error"], "error"))
    p_x = _alice_law(problem["name"], problem["params"], lower["pricing"])
    lam = _lambdas(lower, len(p_x))
    claimed = _frac(lower["claimed_max"], "claimed maximum")
    beta = _frac(lower["base"], "base")
    scale = int(lower["scale"])
    grouped: dict[Fraction, Fraction] = {}
    for p, v in zip(p_x, lam, strict=True):
        grouped[v] = grouped.get(v, Fraction(0)) + p
    small = max(beta.numerator, beta.denominator, claimed.numerator, claimed.denominator) < 2**64
    if len(grouped) == 1 and small:
        (v, p), = grouped.items()
        return Exact.log2(v) * p + Exact.log2(beta) * (scale * error) - Exact.log2(claimed)
    pairs = [(p, v) for v, p in grouped.items()] + [(Fraction(-1), claimed), (scale * error, beta)]
    return _interval_log2_sum(pairs)


def _upper_value(certificate: dict, error: Fraction):
    """The upper witness: a product channel (flip rate α) or an explicit channel."""
    from commlb.info import Exact

    name, params = _structure(certificate["problem"])
    upper = certificate["upper_witness"]
    if upper.get("type") == "channel-columns":
        return _channel_upper(certificate, error)
    if upper.get("type") != "product-flip" or name not in (
            "augmented-index", "noisy-augmented-index", "index"):
        raise CertificateError("only product-flip upper witnesses on the indexing problems are "
                               "checked here; use the general checker for channels")
    d = _integer_d(params, 10**6)
    alpha = _frac(upper["flip"], "flip rate")
    if not 0 <= alpha <= Fraction(1, 2):
        raise CertificateError(f"the flip rate {alpha} must lie in [0, 1/2]")
    q = Fraction(0)
    if name == "noisy-augmented-index":
        noise = _frac(params.get("delta"), "noise rate")
        q = noise - noise * noise / 2
    achieved = q + (1 - 2 * q) * alpha
    if achieved > error:
        raise CertificateError(f"the product channel errs with probability {achieved} > δ = {error}")
    return Exact(d) + (Exact.xlog2x(alpha) + Exact.xlog2x(1 - alpha)) * d


def _column_distortions(certificate: dict, columns: list[list[int]]) -> tuple[list, list]:
    """``(p_x, D[x][k])`` exactly for the listed columns, by the checker's own formulas."""
    name, params = _structure(certificate["problem"])
    oracle = certificate["lower_witness"]["pricing"]
    if oracle == "prefix-tree" and name == "augmented-index":
        d = _integer_d(params, 20)
        errs = [_prefix_errors(d, g) for g in columns]
        return [Fraction(1, 2**d)] * 2**d, [[Fraction(e[x], d) for e in errs] for x in range(2**d)]
    if oracle == "index-codes" and name == "index":
        d = _integer_d(params, 20)
        codes = [int("".join(map(str, g)), 2) for g in columns]
        return [Fraction(1, 2**d)] * 2**d, [[Fraction(bin(x ^ c).count("1"), d) for c in codes]
                                            for x in range(2**d)]
    from commlb.problems import get

    problem = get(name, **params)
    cost = problem.cost_table(exact=True)
    p_x = [Fraction(v) for v in problem.alice_marginal(exact=True)]
    return p_x, [[sum((Fraction(cost[x, y, g[y]]) for y in range(cost.shape[1])), Fraction(0))
                  for g in columns] for x in range(cost.shape[0])]


def _channel_upper(certificate: dict, error: Fraction):
    """Exact error and certified ``I(X; G)`` of an explicit channel over decision functions."""
    from mpmath import iv

    from commlb.info import Interval

    upper = certificate["upper_witness"]
    columns = [list(map(int, g)) for g in upper["columns"]]
    p_x, D = _column_distortions(certificate, columns)
    rows = [[_frac(v, "Q(g|x)") for v in row] for row in upper["rows"]]
    if len(rows) != len(p_x) or any(len(r) != len(columns) for r in rows):
        raise CertificateError("the channel's rows do not match |X| x (number of columns)")
    if any(v < 0 for r in rows for v in r) or any(sum(r) != 1 for r in rows):
        raise CertificateError("each row of the channel must be a probability law")
    achieved = sum(p * sum(q * dv for q, dv in zip(r, dr, strict=True))
                   for p, r, dr in zip(p_x, rows, D, strict=True))
    if achieved > error:
        raise CertificateError(f"the channel errs with probability {float(achieved):.12g} > δ")
    iv.prec = 128

    def xlogx(r: Fraction):
        return iv.mpf(0) if r == 0 else (iv.mpf(r.numerator) / r.denominator) * iv.log(
            iv.mpf(r.numerator) / r.denominator)

    out = [sum(p * r[k] for p, r in zip(p_x, rows, strict=True)) for k in range(len(columns))]
    total = sum(((iv.mpf(p.numerator) / p.denominator) * sum((xlogx(v) for v in r), iv.mpf(0))
                 for p, r in zip(p_x, rows, strict=True) if p), iv.mpf(0))
    total = (total - sum((xlogx(v) for v in out), iv.mpf(0))) / iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))


def check_colgen_certificate(certificate: dict) -> ColgenCheck:
    """Check a column-generation certificate completely (pricing, then both values).

    Parameters
    ----------
    certificate : dict
        With keys ``type`` (``"column-generation"``), ``problem``, ``objective``
        (``"external"``), ``error``, ``lower`` and optionally ``upper``.

    Returns
    -------
    ColgenCheck
        ``valid`` and ``reason``; ``lower`` (Exact or certified Interval),
        ``upper`` (Exact) when present.

    Examples
    --------
    >>> cert = {"type": "column-generation", "objective": "external", "error": "1/10",
    ...         "problem": {"name": "augmented-index", "params": {"d": 2}},
    ...         "lower_witness": {"pricing": "prefix-tree", "base": "1/9", "scale": 2,
    ...                   "lambda": "1", "claimed_max": "25/81"},
    ...         "upper_witness": {"type": "product-flip", "flip": "1/10"}}
    >>> result = check_colgen_certificate(cert)
    >>> result.valid, result.lower == result.upper
    (True, True)

    References
    ----------
    ``proofs/column_generation/format.md``.
    """
    if certificate.get("type") != CERTIFICATE_TYPE:
        return ColgenCheck(False, f"not a {CERTIFICATE_TYPE} certificate")
    if certificate.get("objective") != "external":
        return ColgenCheck(False, "column-generation certificates here bound the external objective")
    ok, reason, true_max = check_pricing(certificate)
    if not ok:
        return ColgenCheck(False, reason, pricing_max=true_max)
    try:
        error = _frac(certificate["error"], "error")
        if not 0 <= error <= 1:
            raise CertificateError(f"the error {error} must lie in [0, 1]")
        lower = _lower_value(certificate, true_max)
        upper = _upper_value(certificate, error) if "upper_witness" in certificate else None
    except (KeyError, TypeError) as exc:
        return ColgenCheck(False, f"malformed certificate ({exc})", pricing_max=true_max)
    except CertificateError as exc:
        return ColgenCheck(False, str(exc), pricing_max=true_max)
    if upper is not None:
        lo = lower.lo if hasattr(lower, "lo") else lower
        if (upper.hi if hasattr(upper, "hi") else upper) < lo:
            return ColgenCheck(False, "the lower bound exceeds the upper bound", lower, upper)
    claims = _claims_hold(certificate, lower, upper)
    if claims:
        return ColgenCheck(False, claims, lower, upper, true_max)
    return ColgenCheck(True, "pricing re-run exactly; bounds verified", lower, upper, true_max)


def _claims_hold(certificate: dict, lower, upper) -> str:
    """Empty if the claimed floats ``lower``/``upper`` are backed by the witnesses, else why not."""
    slack = 1e-9
    if "lower" in certificate:
        certified = lower.hi if hasattr(lower, "hi") else float(lower)
        if float(certificate["lower"]) > certified + slack:
            return f"the claimed lower bound {certificate['lower']} exceeds the certified {certified}"
    if "upper" in certificate:
        if upper is None:
            return "an upper bound is claimed without an upper witness"
        certified = upper.lo if hasattr(upper, "lo") else float(upper)
        if float(certificate["upper"]) < certified - slack:
            return f"the claimed upper bound {certificate['upper']} is below the certified {certified}"
    return ""


def check_internal_chain_rule(certificate: dict) -> ColgenCheck:
    """Check an ``internal-chain-rule`` certificate for Augmented Index(d).

    The lower bound ``Σ_j [w_j - w_j log2(1 + 2^{-s/(j+1)})] - sδ`` (``w_j = (j+1)/d``)
    is recomputed in interval arithmetic; the upper bound is the exact information
    ``Σ_j w_j (1 - h(e_j))`` of the product channel with the listed flip rates,
    whose error ``(1/d) Σ_j e_j`` must be at most δ
    (``proofs/column_generation/internal_augmented_index.md``).

    Examples
    --------
    >>> cert = {"type": "internal-chain-rule", "error": "1/10", "slope": "3",
    ...         "problem": {"name": "augmented-index", "params": {"d": 1}}, "flips": ["1/10"]}
    >>> check_internal_chain_rule(cert).valid
    True
    """
    from mpmath import iv

    from commlb.info import Exact, Interval

    try:
        if certificate.get("type") != "internal-chain-rule":
            raise CertificateError("not an internal-chain-rule certificate")
        name, params = _structure(certificate["problem"])
        if name != "augmented-index":
            raise CertificateError("the chain-rule bound is proved for augmented-index only")
        d = _integer_d(params, 10**6)
        error = _frac(certificate["error"], "error")
        slope = _frac(certificate["slope"], "slope")
        flips = [_frac(e, "flip rate") for e in certificate["flips"]]
        if len(flips) != d or not all(0 <= e <= Fraction(1, 2) for e in flips) or slope < 0:
            raise CertificateError("need d flip rates in [0, 1/2] and a slope >= 0")
        if sum(flips) > d * error:
            raise CertificateError("the product channel's error exceeds δ")
    except (KeyError, TypeError) as exc:
        return ColgenCheck(False, f"malformed certificate ({exc})")
    except CertificateError as exc:
        return ColgenCheck(False, str(exc))
    iv.prec = 128
    ln2 = iv.log(iv.mpf(2))
    s = iv.mpf(slope.numerator) / slope.denominator
    total = -s * iv.mpf(error.numerator) / error.denominator
    for j in range(d):
        w = iv.mpf(j + 1) / d
        total += w - w * iv.log(1 + iv.exp(-s * ln2 / (j + 1))) / ln2
    lower = Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))
    upper = sum(((Exact(1) + Exact.xlog2x(e) + Exact.xlog2x(1 - e)) * Fraction(j + 1, d)
                 for j, e in enumerate(flips)), Exact(0))
    if upper < lower.lo:
        return ColgenCheck(False, "the lower bound exceeds the upper bound", lower, upper)
    claims = _claims_hold(certificate, lower, upper)
    if claims:
        return ColgenCheck(False, claims, lower, upper)
    return ColgenCheck(True, "chain-rule bound recomputed; product channel verified", lower, upper)
