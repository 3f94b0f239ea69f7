"""Certificates of information-complexity brackets, and their independent checker.

A certificate (JSON, ``"format": "commlb-ic-certificate"``, ``"version": 1``) holds:

``source``
    ``{"problem": name, "params": {...}}`` (the checker rebuilds the distortion with
    ``commlb.problems.get(name, **params).decision_distortion_scaled()``), or
    ``{"program": {"p_cx": [[rational, ...], ...], "D": [[rational, ...], ...]}}``
    with rationals written ``"a/b"``.
``objective``
    ``"external"`` (``I(X; G)``), ``"internal"`` (``I(X; G | Y)``) or, for a program
    source, ``"conditional"`` (``Σ_c p(c) I(X; G | C = c)``).
``error``
    The error level ``δ`` as ``"a/b"``.
``upper_witness``
    ``{"type": "channel", "denominator": N, "entries": [[x, g, n], ...],
    "functions": {g: [outputs...]}}``: ``Q(g|x) = n/N`` (rows sum to one); decision
    functions by index, and by their output tuple for problem sources.  Or
    ``{"type": "tilted", "beta": "a/b", "L": L, "weights": [[g, n], ...]}``: the channel
    ``Q(g|x) ∝ n_g β^{L(D[x,g] - m_x)}``, whose information is bounded by
    ``Σ_x p(x) D(Q(.|x) || n/Σn)`` (compact for large alphabets, exact for index).
``lower_witness``
    ``{"type": "rd-dual", "beta": "a/b", "L": L, "lambda": ["a/b", ...]}`` (external
    objective: ``IC(δ) >= Σ_x p(x) log2 λ(x) + L(δ - ε*) log2 β``), or
    ``{"type": "frank-wolfe", "s": "a/b" | "inf", "columns": [...],
    "log2_shape": [[float, ...], ...], "alias": [[g, g'], ...]}`` (any objective),
    or ``{"type": "none"}`` (claimed lower 0).
``lower``, ``upper``
    The claimed bracket (floats, bits); they must agree with what the witnesses
    certify to within ``1e-9``.

>>> import commlb.certificates as certificates
>>> certificates.FORMAT_VERSION
1

References
----------
Derivations of both bounds: ``proofs/information_complexity/``; Brown et al.,
STOC 2021, sec. 4.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from commlb.certificates import checker
from commlb.errors import CertificateError, CommlbError
from commlb.files import write_atomically
from commlb.info import Exact, Interval

__all__ = ["FORMAT", "FORMAT_VERSION", "CheckResult", "check", "compare", "evaluate", "load",
           "save"]

FORMAT = "commlb-ic-certificate"
FORMAT_VERSION = 1
AGREE = 1e-9


@dataclass(frozen=True)
class CheckResult:
    """Outcome of :func:`check`.

    Attributes
    ----------
    valid : bool
        Whether both witnesses verify and agree with the claims.
    reason : str
        One sentence: why it was rejected, or what was verified.
    lower, upper : Interval or None
        Certified values of the lower and upper witnesses (when computed).
    lower_exact, upper_exact : Exact or None
        Their exact values where the checker computed them exactly.
    """

    valid: bool
    reason: str
    lower: Interval | None = None
    upper: Interval | None = None
    lower_exact: Exact | None = None
    upper_exact: Exact | None = None

    def __bool__(self) -> bool:
        return self.valid


def _evaluate_structured(certificate: dict, kind: str) -> CheckResult:
    """Certificates of column generation and of the internal chain rule (``pricing``)."""
    from commlb.certificates.pricing import check_colgen_certificate, check_internal_chain_rule

    found = (check_colgen_certificate if kind == "column-generation"
             else check_internal_chain_rule)(certificate)
    if not found.valid:
        return CheckResult(False, found.reason)

    def interval(value):
        return value if isinstance(value, Interval) else value.interval()

    return CheckResult(True, found.reason, interval(found.lower), interval(found.upper),
                       found.lower if isinstance(found.lower, Exact) else None,
                       found.upper if isinstance(found.upper, Exact) else None)


def _evaluate_conditional(certificate: dict) -> CheckResult:
    """Conditional column generation: a certified lower; the upper certified when it has a witness."""
    from commlb.certificates.conditional import check_conditional

    try:
        lower, upper = check_conditional(certificate)
    except CertificateError as exc:
        if "rejected" in str(exc):
            return CheckResult(False, str(exc))
        raise
    return CheckResult(True, "conditional dual bound re-priced over every decision function",
                       lower, upper)


def evaluate(certificate: dict) -> CheckResult:
    """Certified values of both witnesses, without comparing them to the claims.

    Raises
    ------
    CertificateError
        If the certificate is malformed (missing fields, non-rational numbers).
    """
    try:
        kind = certificate.get("type")
        if kind in ("column-generation", "internal-chain-rule"):
            return _evaluate_structured(certificate, kind)
        if kind == "conditional-column-generation":
            return _evaluate_conditional(certificate)
        if certificate.get("format") != FORMAT or certificate.get("version") != FORMAT_VERSION:
            raise CertificateError(f"not a {FORMAT} version {FORMAT_VERSION} document")
        objective = certificate["objective"]
        delta = checker.frac(certificate["error"])
        p_cx, d_int, scale, functions = checker.rebuild(certificate["source"], objective)
        if not 0 <= delta <= 1:
            raise checker.Invalid(f"error {delta} is outside [0, 1]")
        uw = certificate["upper_witness"]
        if uw["type"] == "tilted":
            error, upper, upper_exact = checker.tilted(p_cx, d_int, scale, uw)
        elif uw["type"] == "channel":
            error, upper, upper_exact = checker.channel(p_cx, d_int, scale, functions, uw)
        else:
            raise CertificateError(f"unknown upper witness type {uw['type']!r}")
        if error > delta:
            raise checker.Invalid(f"the upper witness has error {error} > {delta}")
        lw = certificate["lower_witness"]
        lower_exact = None
        if lw["type"] == "none":
            lower = Interval(0.0, 0.0)
            lower_exact = Exact(0)
        elif lw["type"] == "rd-dual":
            if objective != "external" and p_cx.shape[0] != 1:
                raise checker.Invalid("an rd-dual witness bounds only the external objective")
            lower_exact = checker.rd_dual(p_cx.sum(axis=0), d_int, scale, delta, lw)
            lower = Interval(-math.inf, -math.inf) if lower_exact is None else lower_exact.interval()
        elif lw["type"] == "frank-wolfe":
            value = checker.frank_wolfe(p_cx, d_int, scale, delta, lw)
            lower = Interval(value, value)
        else:
            raise CertificateError(f"unknown lower witness type {lw['type']!r}")
    except checker.Invalid as exc:
        return CheckResult(False, str(exc))
    except CommlbError as exc:
        if isinstance(exc, CertificateError):
            raise
        return CheckResult(False, f"the source cannot be rebuilt: {exc}")
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise CertificateError(f"malformed certificate ({type(exc).__name__}: {exc})") from None
    return CheckResult(True, "witnesses evaluated", lower, upper, lower_exact, upper_exact)


def check(certificate: dict) -> CheckResult:
    """Verify a certificate: both witnesses, and the claimed bracket against them.

    Parameters
    ----------
    certificate : dict
        A parsed certificate (see the module docstring).

    Returns
    -------
    CheckResult
        ``valid`` and a one-sentence ``reason``.

    Raises
    ------
    CertificateError
        If the certificate is malformed (as opposed to merely wrong).

    Examples
    --------
    >>> from fractions import Fraction
    >>> cert = {"format": FORMAT, "version": 1, "objective": "external", "error": "1/2",
    ...         "source": {"program": {"p_cx": [["1/2", "1/2"]], "D": [["0", "1"], ["1", "0"]]}},
    ...         "upper_witness": {"type": "channel", "denominator": 1,
    ...                           "entries": [[0, 0, 1], [1, 0, 1]]},
    ...         "lower_witness": {"type": "none"}, "lower": 0.0, "upper": 0.0}
    >>> check(cert).valid
    True

    References
    ----------
    ``proofs/information_complexity/`` (the bounds verified here).
    """
    return compare(evaluate(certificate), certificate)


def compare(result: CheckResult, certificate: dict) -> CheckResult:
    """The second half of :func:`check`: the claims against evaluated witnesses."""
    if not result.valid:
        return result
    try:
        lower, upper = float(certificate["lower"]), float(certificate["upper"])
    except (KeyError, TypeError, ValueError):
        raise CertificateError("the certificate needs numeric 'lower' and 'upper'") from None
    certified_lower = result.lower.lo if result.lower_exact is None else result.lower_exact
    certified_upper = result.upper.hi if result.upper_exact is None else result.upper_exact
    if not lower <= certified_lower:
        return _reject(result, f"the claimed lower {lower!r} exceeds the certified {result.lower}")
    if not upper >= certified_upper:
        return _reject(result, f"the claimed upper {upper!r} is below the certified {result.upper}")
    if lower < result.lower.lo - AGREE or upper > result.upper.hi + AGREE:
        return _reject(result, "the claimed bracket does not match what its witnesses certify")
    if result.lower.lo > result.upper.hi:
        return _reject(result, "the lower witness exceeds the upper witness, which is impossible")
    if getattr(result.upper, "certified", True):
        reason = f"{lower!r} <= IC <= {upper!r} is certified"
    else:
        reason = f"{lower!r} <= IC is certified; the upper {upper!r} is a float value, not certified"
    return CheckResult(True, reason, result.lower, result.upper, result.lower_exact, result.upper_exact)


def _reject(result: CheckResult, reason: str) -> CheckResult:
    return CheckResult(False, reason, result.lower, result.upper)


def load(path: str | os.PathLike[str]) -> dict:
    """Read a certificate file; raises CertificateError if unreadable or not JSON."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CertificateError(f"cannot read certificate {str(path)!r}: {exc}") from None


def save(certificate: dict, path: str | os.PathLike[str]) -> Path:
    """Write a certificate atomically (never half-written); returns the path."""
    return write_atomically(path, json.dumps(certificate, separators=(",", ":")) + "\n")
