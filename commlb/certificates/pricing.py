"""Independent exact pricing and the check of column-generated certificates.

A column-generated lower bound rests on one claim: no decision function violates
the rate–distortion dual condition, i.e. for the certificate's rational base
``β = 2^{-s/L}`` and dual ``λ``,

    max over ALL g: Y -> O of  Σ_x p(x) λ(x) β^{L·D[x, g]}  <=  M   (claimed),

so that ``λ/M`` is dual feasible and ``IC(δ) >= Σ_x p(x) log2 λ(x) - log2 M - sδ``
with ``s = -L log2 β``.  This module re-derives that maximum itself, exactly
(Python integers and Fractions), by its own enumeration or its own prefix-tree
recursion, and never imports :mod:`commlb.ic`; the statement (laws, structure) is
the checker's own (:mod:`commlb.certificates.statements`).  A noisy family is checked
through its clean relaxation (``proofs/column_generation/noisy_relaxation.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from commlb.certificates import statements
from commlb.certificates.exact_pricing import (
    alice_law,
    dual_weights,
    exact_pricing_max,
    integer_d,
    prefix_errors,
    rational,
    reduced_error,
    structure,
)
from commlb.certificates.hamming_pricing import bounded_lower, orbit_gibbs_upper
from commlb.certificates.schema import integer, keys, real, table
from commlb.errors import CertificateError
from commlb.info import Exact, Interval
from commlb.numbers import interval_context

__all__ = ["check_pricing", "check_colgen_certificate", "check_internal_chain_rule",
           "exact_pricing_max", "ColgenCheck"]

CERTIFICATE_TYPE = "column-generation"
BOUNDS = ("gap-hamming-coordinate-holder", "gap-hamming-half-cauchy-schwarz")  # admissible M̄
FIELDS = {"type", "objective", "error", "problem", "lower_witness", "upper_witness", "lower", "upper"}
CHAIN_FIELDS = {"type", "objective", "problem", "error", "slope", "flips", "upper_witness", "lower",
                "upper"}
PRICING_FIELDS = {"type", "pricing", "base", "scale", "lambda", "claimed_max"}


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
    ...         "lower_witness": {"type": "rd-dual-pricing", "pricing": "prefix-tree", "base": "1/3",
    ...                           "scale": 2,
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
        name, params = structure(certificate["problem"])
        lower = keys(certificate["lower_witness"], PRICING_FIELDS, "the lower witness",
                     ("type", "pricing", "base", "scale", "lambda", "claimed_max"))
        if lower["type"] != "rd-dual-pricing":
            raise CertificateError(f"unknown lower witness type {str(lower['type'])[:40]!r}")
        oracle = lower["pricing"]
        problem, _ = reduced_error(name, params, Fraction(0))
        p_x = alice_law(problem["name"], problem["params"], oracle)
        lam = dual_weights(lower, len(p_x))
        beta = rational(lower["base"], "base")
        claimed = rational(lower["claimed_max"], "claimed maximum")
        true_max, scale = exact_pricing_max(problem, [p * v for p, v in zip(p_x, lam, strict=True)],
                                            beta, oracle)
    except (KeyError, TypeError) as exc:
        return False, f"malformed lower witness ({exc})", None
    except CertificateError as exc:
        return False, str(exc), None
    try:
        claimed_scale = integer(lower["scale"], "the scale L")
    except CertificateError as exc:
        return False, str(exc), true_max
    if claimed_scale != scale:
        return False, f"the scale L is {scale}, not {lower.get('scale')}", true_max
    if true_max > claimed:
        return False, (f"a decision function violates the dual condition: the exact maximum "
                       f"{float(true_max):.12g} exceeds the claimed {float(claimed):.12g}"), true_max
    return True, "no decision function violates the dual condition", true_max



# ------------------------------------------------------------------ the values
def _interval_log2_sum(pairs: list[tuple[Fraction, Fraction]]):
    """Certified ``Σ a·log2 b`` over (a, b) pairs (mpmath interval arithmetic)."""
    iv = interval_context(128)
    total = iv.mpf(0)
    for a, b in pairs:
        if a:
            total += (iv.mpf(a.numerator) / a.denominator) * iv.log(iv.mpf(b.numerator) / b.denominator)
    total /= iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))


def _lower_value(certificate: dict, true_max: Fraction):
    name, params = structure(certificate["problem"])
    lower = certificate["lower_witness"]
    problem, error = reduced_error(name, params, rational(certificate["error"], "error"))
    p_x = alice_law(problem["name"], problem["params"], lower["pricing"])
    lam = dual_weights(lower, len(p_x))
    claimed = rational(lower["claimed_max"], "claimed maximum")
    beta = rational(lower["base"], "base")
    scale = integer(lower["scale"], "the scale L")
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
    """The upper witness: a product channel (flip rate α), orbit channels or an explicit channel."""
    name, params = structure(certificate["problem"])
    upper = keys(certificate["upper_witness"], {"type", "flip", "columns", "rows", "components"},
                 "the upper witness", ("type",))
    if upper["type"] == "channel-columns":
        keys(upper, {"type", "columns", "rows"}, "the channel-columns witness", ("columns", "rows"))
        return _channel_upper(certificate, error)
    if upper["type"] == "orbit-gibbs":
        return orbit_gibbs_upper(params, upper, error)
    if upper["type"] != "product-flip":
        raise CertificateError(f"unknown upper witness type {str(upper['type'])[:40]!r}")
    keys(upper, {"type", "flip"}, "the product-flip witness", ("flip",))
    s = statements.statement(name, params)
    q = statements.flip_noise(s)
    d = s.params["d"]
    alpha = rational(upper["flip"], "flip rate")
    if not 0 <= alpha <= Fraction(1, 2):
        raise CertificateError(f"the flip rate {alpha} must lie in [0, 1/2]")
    achieved = q + (1 - 2 * q) * alpha
    if achieved > error:
        raise CertificateError(f"the product channel errs with probability {float(achieved):.12g} > "
                               f"δ = {float(error):.12g}")
    return Exact(d) + (Exact.xlog2x(alpha) + Exact.xlog2x(1 - alpha)) * d


def _column_distortions(certificate: dict, columns: list[list[int]]) -> tuple[list, list]:
    """``(p_x, D[x][k])`` exactly for the listed columns, by the checker's own formulas."""
    name, params = structure(certificate["problem"])
    s = statements.statement(name, params)
    oracle = certificate["lower_witness"].get("pricing")
    nx, ny, no = s.sizes
    if any(len(g) != ny or min(g, default=0) < 0 or max(g, default=0) >= no for g in columns):
        raise CertificateError(f"each column lists {ny} outputs in 0..{no - 1}")
    if oracle == "prefix-tree" and s.family.prefix_tree:
        d = integer_d(params, 20)
        errs = [prefix_errors(d, g) for g in columns]
        return [Fraction(1, 2**d)] * 2**d, [[Fraction(e[x], d) for e in errs] for x in range(2**d)]
    if oracle == "index-codes" and s.family.index_codes:
        d = integer_d(params, 20)
        codes = [int("".join(map(str, g)), 2) for g in columns]
        return [Fraction(1, 2**d)] * 2**d, [[Fraction(bin(x ^ c).count("1"), d) for c in codes]
                                            for x in range(2**d)]
    if nx * len(columns) * ny > 2**24:
        raise CertificateError("the channel's columns need more than 2^24 cost look-ups")
    cost = statements.cost_table(s)
    p_x = statements.alice_law(s)
    return p_x, [[sum((cost[x, y, g[y]] for y in range(ny)), Fraction(0)) for g in columns]
                 for x in range(nx)]


def _channel_upper(certificate: dict, error: Fraction):
    """Exact error and certified ``I(X; G)`` of an explicit channel over decision functions."""
    upper = certificate["upper_witness"]
    columns = [[integer(v, "a column entry", 0) for v in table(g, "a column")]
               for g in table(upper["columns"], "the columns", limit=2**16)]
    p_x, D = _column_distortions(certificate, columns)
    rows = [[rational(v, "Q(g|x)") for v in table(row, "a channel row", limit=len(columns))]
            for row in table(upper["rows"], "the channel rows", limit=len(p_x))]
    if len(rows) != len(p_x) or any(len(r) != len(columns) for r in rows):
        raise CertificateError("the channel's rows do not match |X| x (number of columns)")
    if any(v < 0 for r in rows for v in r) or any(sum(r) != 1 for r in rows):
        raise CertificateError("each row of the channel must be a probability law")
    achieved = sum(p * sum(q * dv for q, dv in zip(r, dr, strict=True))
                   for p, r, dr in zip(p_x, rows, D, strict=True))
    if achieved > error:
        raise CertificateError(f"the channel errs with probability {float(achieved):.12g} > δ")
    iv = interval_context(128)

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
    ...         "lower_witness": {"type": "rd-dual-pricing", "pricing": "prefix-tree",
    ...                           "base": "1/9", "scale": 2,
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
    keys(certificate, FIELDS, "the column-generation certificate",
         ("type", "objective", "error", "problem", "lower_witness"))
    if certificate["objective"] != "external":
        return ColgenCheck(False, "column-generation certificates here bound the external objective")
    if not isinstance(certificate["lower_witness"], dict):
        raise CertificateError("the lower witness must be a JSON object")
    statements.statement(*structure(certificate["problem"]))  # malformed or too large: raises
    if certificate["lower_witness"].get("pricing") in BOUNDS:
        try:
            lower = bounded_lower(certificate)  # M̄ >= M, not M itself
        except (KeyError, TypeError, ValueError) as exc:
            if not isinstance(exc, CertificateError):
                return ColgenCheck(False, f"malformed lower witness ({str(exc)[:200]})")
            return ColgenCheck(False, str(exc))
        return _check_values(certificate, None, lower)
    ok, reason, true_max = check_pricing(certificate)
    if not ok:
        return ColgenCheck(False, reason, pricing_max=true_max)
    return _check_values(certificate, true_max)


def _check_values(certificate: dict, true_max, lower=None) -> ColgenCheck:
    """Both values of a certificate whose pricing claim is verified (``lower`` if already known)."""
    try:
        error = rational(certificate["error"], "error")
        if not 0 <= error <= 1:
            raise CertificateError(f"the error {error} must lie in [0, 1]")
        if lower is None:
            lower = _lower_value(certificate, true_max)
        upper = _upper_value(certificate, error) if "upper_witness" in certificate else None
    except (KeyError, TypeError) as exc:
        return ColgenCheck(False, f"malformed certificate ({str(exc)[:200]})", pricing_max=true_max)
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
        if real(certificate["lower"], "the claimed lower") > certified + slack:
            return f"the claimed lower bound {certificate['lower']} exceeds the certified {certified}"
    if "upper" in certificate:
        if upper is None:
            return "an upper bound is claimed without an upper witness"
        certified = upper.lo if hasattr(upper, "lo") else float(upper)
        if real(certificate["upper"], "the claimed upper") < certified - slack:
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
    ...         "problem": {"name": "augmented-index", "params": {"d": 1}}, "flips": ["1/10"],
    ...         "upper_witness": "flips"}
    >>> check_internal_chain_rule(cert).valid
    True
    """
    if isinstance(certificate, dict) and isinstance(certificate.get("problem"), dict):
        statements.statement(*structure(certificate["problem"]))  # malformed or too large: raises
    try:
        if certificate.get("type") != "internal-chain-rule":
            raise CertificateError("not an internal-chain-rule certificate")
        keys(certificate, CHAIN_FIELDS, "the internal-chain-rule certificate",
             ("type", "problem", "error", "slope", "flips", "upper_witness"))
        if certificate.get("objective", "internal") != "internal":
            raise CertificateError("an internal-chain-rule certificate bounds the internal objective "
                                   f"only, not {str(certificate['objective'])[:40]!r}")
        if certificate["upper_witness"] != "flips":
            raise CertificateError("the upper witness of a chain-rule certificate is its 'flips'")
        name, params = structure(certificate["problem"])
        if not statements.statement(name, params).family.chain_rule:
            raise CertificateError(f"the chain-rule bound is not proved for {str(name)[:40]}")
        d = integer_d(params, 4096)
        error = rational(certificate["error"], "error", 0, 1)
        slope = rational(certificate["slope"], "slope", 0, 2**60)
        flips = [rational(e, "flip rate") for e in table(certificate["flips"], "the flips", limit=d)]
        if len(flips) != d or not all(0 <= e <= Fraction(1, 2) for e in flips) or slope < 0:
            raise CertificateError("need d flip rates in [0, 1/2] and a slope >= 0")
        if sum(flips) > d * error:
            raise CertificateError("the product channel's error exceeds δ")
    except (KeyError, TypeError) as exc:
        return ColgenCheck(False, f"malformed certificate ({exc})")
    except CertificateError as exc:
        return ColgenCheck(False, str(exc))
    iv = interval_context(128)
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
