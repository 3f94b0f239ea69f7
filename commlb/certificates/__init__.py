"""Certificates of information-complexity brackets, and their independent checker.

A certificate (JSON, ``"format": "commlb-ic-certificate"``, ``"version": 1``) holds:

``source``
    ``{"problem": name, "params": {...}}`` (the checker rebuilds the distortion from its
    own statement of the family, :mod:`commlb.certificates.statements`), or
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

Hostile files: every check first screens the data (:mod:`commlb.certificates.schema`:
nesting, sizes, digits, no NaN), refuses unknown fields, computes the statement's
sizes from its parameters and refuses them above the limits of
:mod:`commlb.certificates.statements` before building anything, and stops after
:data:`TIME_BUDGET` seconds.  :func:`check` returns a :class:`CheckResult` or raises
:class:`~commlb.errors.CertificateError`, nothing else.

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
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from commlb.certificates import checker
from commlb.certificates.conditional import Rejected, check_conditional
from commlb.certificates.grounds import grounds
from commlb.certificates.pricing import check_colgen_certificate, check_internal_chain_rule
from commlb.certificates.schema import CheckerFault, Invalid, keys, rational, real, screen
from commlb.errors import CertificateError, CommlbError
from commlb.files import write_atomically
from commlb.info import Exact, Interval

__all__ = ["FORMAT", "FORMAT_VERSION", "TIME_BUDGET", "MAX_FILE_BYTES", "CheckResult", "check",
           "compare", "evaluate", "load", "save"]

FORMAT = "commlb-ic-certificate"
FORMAT_VERSION = 1
AGREE = 1e-9
TIME_BUDGET = 60.0  # seconds of wall clock per check (main thread; see _budget)
MAX_FILE_BYTES = 64 * 2**20
FIELDS = {"format", "version", "source", "objective", "error", "upper_witness", "lower_witness",
          "lower", "upper"}
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError,
             ZeroDivisionError, RecursionError, MemoryError)


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
    trusted : tuple of str
        For a valid verdict, the numbered statements of ``proofs/INDEX.md`` it
        relied on (:func:`commlb.certificates.grounds.grounds`), e.g.
        ``("S1", "S3", "S4")``.
    """

    valid: bool
    reason: str
    lower: Interval | None = None
    upper: Interval | None = None
    lower_exact: Exact | None = None
    upper_exact: Exact | None = None
    trusted: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.valid


class _OutOfTime(BaseException):
    """Raised by the alarm inside a check (a BaseException: no inner handler swallows it)."""


_ACTIVE = threading.local()


@contextmanager
def _budget(seconds: float | None):
    """Stop the enclosed check after ``seconds`` of wall clock (main thread, POSIX).

    Elsewhere (another thread, or no ``SIGALRM``) the check runs without a clock, but
    still under every size limit of :mod:`commlb.certificates.schema` and
    :mod:`commlb.certificates.statements`.
    """
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and not getattr(_ACTIVE, "on", False))
    if not usable:
        yield
        return

    def alarm(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, alarm)
    _ACTIVE.on = True
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _ACTIVE.on = False


def _guarded(work, time_budget):
    """Run ``work()``: Invalid -> rejected result; everything unexpected -> CertificateError."""
    started = time.monotonic()
    try:
        with _budget(time_budget):
            try:
                return work()
            except Invalid as exc:
                return CheckResult(False, str(exc))
    except _OutOfTime:
        raise CertificateError(f"invalid/unreadable: time budget exceeded ({time_budget:g} s, "
                               f"stopped after {time.monotonic() - started:.1f} s)") from None
    except CertificateError:
        raise
    except CommlbError as exc:
        raise CertificateError(f"the statement cannot be rebuilt: {exc}") from None
    except MALFORMED as exc:
        raise CertificateError(f"malformed certificate ({type(exc).__name__}: "
                               f"{str(exc)[:200]})") from None
    except Exception as exc:  # noqa: BLE001 - the checker never lets a traceback out
        raise CheckerFault(f"the checker failed on this certificate ({type(exc).__name__}: "
                           f"{str(exc)[:200]})") from None


def _evaluate_structured(certificate: dict, kind: str) -> CheckResult:
    """Certificates of column generation and of the internal chain rule (``pricing``)."""
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
    try:
        lower, upper, reason = check_conditional(certificate)
    except Rejected as exc:
        return CheckResult(False, str(exc))
    return CheckResult(True, reason, lower, upper)


def _evaluate(certificate: dict) -> CheckResult:
    screen(certificate)
    if not isinstance(certificate, dict):
        raise CertificateError("a certificate is a JSON object")
    kind = certificate.get("type")
    if kind in ("column-generation", "internal-chain-rule"):
        return _evaluate_structured(certificate, kind)
    if kind == "conditional-column-generation":
        return _evaluate_conditional(certificate)
    if certificate.get("format") != FORMAT or certificate.get("version") != FORMAT_VERSION:
        raise CertificateError(f"not a {FORMAT} version {FORMAT_VERSION} document (nor a "
                               "column-generation, internal-chain-rule or conditional one)")
    keys(certificate, FIELDS, "the certificate", tuple(FIELDS))
    objective = certificate["objective"]
    delta = rational(certificate["error"], "the error level", 0, 1)
    p_cx, d_int, scale, functions = checker.rebuild(certificate["source"], objective)
    uw = keys(certificate["upper_witness"], {"type", "denominator", "entries", "functions", "beta",
                                             "L", "weights"}, "the upper witness", ("type",))
    if uw["type"] == "tilted":
        error, upper, upper_exact = checker.tilted(p_cx, d_int, scale, uw)
    elif uw["type"] == "channel":
        error, upper, upper_exact = checker.channel(p_cx, d_int, scale, functions, uw)
    else:
        raise CertificateError(f"unknown upper witness type {str(uw['type'])[:40]!r}")
    if error > delta:
        raise Invalid(f"the upper witness has error {float(error):.12g} > {float(delta):.12g}")
    lw = keys(certificate["lower_witness"], {"type", "beta", "L", "lambda", "s", "columns",
                                             "log2_shape", "alias"}, "the lower witness", ("type",))
    lower_exact = None
    if lw["type"] == "none":
        keys(lw, {"type"}, "a lower witness of type none")
        lower, lower_exact = Interval(0.0, 0.0), Exact(0)
    elif lw["type"] == "rd-dual":
        if objective != "external" and p_cx.shape[0] != 1:
            raise Invalid("an rd-dual witness bounds only the external objective")
        lower_exact = checker.rd_dual(p_cx.sum(axis=0), d_int, scale, delta, lw)
        lower = Interval(-math.inf, -math.inf) if lower_exact is None else lower_exact.interval()
    elif lw["type"] == "frank-wolfe":
        value = checker.frank_wolfe(p_cx, d_int, scale, delta, lw)
        lower = Interval(value, value)
    else:
        raise CertificateError(f"unknown lower witness type {str(lw['type'])[:40]!r}")
    return CheckResult(True, "witnesses evaluated", lower, upper, lower_exact, upper_exact)


def evaluate(certificate: dict, time_budget: float | None = TIME_BUDGET) -> CheckResult:
    """Certified values of both witnesses, without comparing them to the claims.

    Parameters
    ----------
    certificate : dict
        A parsed certificate.
    time_budget : float or None
        Seconds of wall clock before the check stops (:data:`TIME_BUDGET`).

    Raises
    ------
    CertificateError
        If the certificate is malformed, above a size limit, or the time budget ran out.

    Examples
    --------
    >>> evaluate({"format": "commlb-ic-certificate"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: not a commlb-ic-certificate version 1 document ...
    """
    return _guarded(lambda: _evaluate(certificate), time_budget)


def check(certificate: dict, time_budget: float | None = TIME_BUDGET) -> CheckResult:
    """Verify a certificate: both witnesses, and the claimed bracket against them.

    Parameters
    ----------
    certificate : dict
        A parsed certificate (see the module docstring).
    time_budget : float or None
        Seconds of wall clock before the check stops with a CertificateError
        (:data:`TIME_BUDGET`; None: no clock).

    Returns
    -------
    CheckResult
        ``valid`` and a one-sentence ``reason``.

    Raises
    ------
    CertificateError
        If the certificate is malformed (as opposed to merely wrong); never any other
        exception.

    Examples
    --------
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
    return _guarded(lambda: compare(_evaluate(certificate), certificate), time_budget)


def compare(result: CheckResult, certificate: dict) -> CheckResult:
    """The second half of :func:`check`: the claims against evaluated witnesses."""
    if not result.valid:
        return result
    try:
        lower = real(certificate["lower"], "the claimed lower")
        upper = real(certificate["upper"], "the claimed upper")
    except (KeyError, TypeError):
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
    if result.reason not in ("witnesses evaluated", ""):
        reason += f" ({result.reason})"
    return CheckResult(True, reason, result.lower, result.upper, result.lower_exact,
                       result.upper_exact, grounds(certificate))


def _reject(result: CheckResult, reason: str) -> CheckResult:
    return CheckResult(False, reason, result.lower, result.upper)


def _no_constant(text: str):
    raise CertificateError(f"the certificate holds {text}, which is not an exact JSON number")


def load(path: str | os.PathLike[str]) -> dict:
    """Read a certificate file; raises CertificateError if unreadable, not JSON, or too large.

    Examples
    --------
    >>> load("/nonexistent.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: cannot read certificate '/nonexistent.json': ...
    """
    try:
        path = Path(path)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CertificateError(f"certificate {str(path)!r} is larger than {MAX_FILE_BYTES} bytes")
        data = json.loads(path.read_bytes().decode("utf-8"), parse_constant=_no_constant)
    except CertificateError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CertificateError(f"cannot read certificate {str(path)!r}: {str(exc)[:200]}") from None
    except RecursionError:
        raise CertificateError(f"cannot read certificate {str(path)!r}: nested too deeply") from None
    screen(data)
    if not isinstance(data, dict):
        raise CertificateError(f"certificate {str(path)!r} is not a JSON object")
    return data


def save(certificate: dict, path: str | os.PathLike[str]) -> Path:
    """Write a certificate atomically (never half-written); returns the path."""
    return write_atomically(path, json.dumps(certificate, separators=(",", ":")) + "\n")
