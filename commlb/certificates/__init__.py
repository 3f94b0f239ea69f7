"""Certificates of information-complexity brackets, and their independent checker.

A certificate is one JSON envelope (``"format": "commlb-certificate"``, ``"version": 2``)::

    {"format": "commlb-certificate", "version": 2,
     "statement": {"problem": {"name": ..., "params": {...}}  or  "program": {...},
                   "objective": "external" | "internal" | "conditional" | "memorization-frontier",
                   "error": "a/b"},
     "claim": {"lower": float, "upper": float or null},
     "lower_witness": {"type": ..., ...},
     "upper_witness": {"type": ..., ...}}

The statement names a catalogue family, rebuilt from the checker's own closed forms
(:mod:`commlb.certificates.statements`), or embeds the program
(:mod:`commlb.certificates.programs`).  Each witness is checked by the plug-in
registered for its type (:mod:`commlb.certificates.witnesses`), and the claim by the
one rule of the trusted kernel (:mod:`commlb.certificates.kernel`): claimed lower <=
certified lower end, claimed upper >= certified upper end.

Hostile files: every check first screens the data (:mod:`commlb.certificates.schema`:
nesting, sizes, digits, no NaN), refuses unknown fields, computes the statement's
sizes from its parameters and refuses them above the limits of
:mod:`commlb.certificates.statements` before building anything, and stops after
:data:`TIME_BUDGET` seconds.  :func:`check` returns a :class:`CheckResult` or raises
:class:`~commlb.errors.CertificateError`, nothing else.  A certificate of an older
format is refused with the command that regenerates it.

>>> import commlb.certificates as certificates
>>> certificates.FORMAT, certificates.FORMAT_VERSION
('commlb-certificate', 2)

References
----------
Brown et al., STOC 2021, sec. 4; ``proofs/INDEX.md`` (the statements every check rests on).
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

from commlb.certificates import kernel
from commlb.certificates.kernel import FORMAT, VERSION, Bound, Malformed, Refuted
from commlb.certificates.schema import CheckerFault, screen
from commlb.errors import CertificateError, CommlbError
from commlb.files import write_atomically
from commlb.info import Exact, Interval

__all__ = ["FORMAT", "FORMAT_VERSION", "TIME_BUDGET", "MAX_FILE_BYTES", "CheckResult", "check",
           "evaluate", "seal", "envelope", "load", "save"]

FORMAT_VERSION = VERSION
TIME_BUDGET = 60.0  # seconds of wall clock per check (main thread; see _budget)
HEADROOM = 1e-12  # relative room a sealed claim leaves outside a float-certified end
MAX_FILE_BYTES = 64 * 2**20
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError,
             ZeroDivisionError, RecursionError, MemoryError)


@dataclass(frozen=True)
class CheckResult:
    """Outcome of :func:`check`.

    Attributes
    ----------
    valid : bool
        Whether both witnesses verify and the claim agrees with them.
    reason : str
        One sentence: why it was rejected, or what was verified.
    lower, upper : Interval or None
        Certified values of the lower and upper witnesses (when computed); an upper
        with ``certified=False`` is the claimed float value, backed by no witness.
    lower_exact, upper_exact : Exact or None
        Their exact values where the checker computed them exactly.
    trusted : tuple of str
        For a valid verdict, the code it relied on: ``"kernel"`` and the witness
        plug-ins (``"witnesses.pricing"``, ``"witnesses.prefix_tree"``, ...).
    grounds : tuple of str
        For a valid verdict, the numbered statements of ``proofs/INDEX.md`` it relied
        on, e.g. ``("S1", "S3", "S4", "S6")``.
    """

    valid: bool
    reason: str
    lower: Interval | None = None
    upper: Interval | None = None
    lower_exact: Exact | None = None
    upper_exact: Exact | None = None
    trusted: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()

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
            except Refuted as exc:
                return CheckResult(False, str(exc))
    except _OutOfTime:
        raise CertificateError(f"invalid/unreadable: time budget exceeded ({time_budget:g} s, "
                               f"stopped after {time.monotonic() - started:.1f} s)") from None
    except CertificateError:
        raise
    except Malformed as exc:
        raise CertificateError(str(exc)) from None
    except CommlbError as exc:
        raise CertificateError(f"the statement cannot be rebuilt: {exc}") from None
    except MALFORMED as exc:
        raise CertificateError(f"malformed certificate ({type(exc).__name__}: "
                               f"{str(exc)[:200]})") from None
    except Exception as exc:  # noqa: BLE001 - the checker never lets a traceback out
        raise CheckerFault(f"the checker failed on this certificate ({type(exc).__name__}: "
                           f"{str(exc)[:200]})") from None


def _judge(certificate: object, mode: str) -> CheckResult:
    # the statements and plug-ins load on the first check: writing an envelope needs neither
    from commlb.certificates.programs import read_statement
    from commlb.certificates.witnesses import MODULES, PLUGINS
    from commlb.certificates.witnesses.pricing import ORACLE_MODULES

    screen(certificate)
    env = kernel.read(certificate)
    stated = read_statement(env.statement)
    ok, reason, lower, upper = kernel.judge(env, stated, PLUGINS)
    if mode == "seal":
        env = _sealed(certificate, env, lower, upper)
        ok, reason = kernel.claim_rule(env.lower, env.upper, lower, upper)
    with_claim = mode != "evaluate"
    if with_claim and not ok:
        return CheckResult(False, reason, lower.interval, _upper(upper, env))
    trusted = ["kernel"] + sorted({MODULES["lower", env.lower_witness["type"]],
                                   MODULES["upper", env.upper_witness["type"]]})
    oracle = env.lower_witness.get("pricing")
    if env.lower_witness["type"] == "rd-dual-pricing" and oracle in ORACLE_MODULES:
        trusted.append(f"witnesses.{ORACLE_MODULES[oracle]}")
    grounds = {*lower.grounds, *upper.grounds}
    if stated.objective != "private-excess-error":
        grounds.add("S1")
    if stated.objective == "memorization-frontier":
        grounds.add("S12")
    if not with_claim:
        reason = "witnesses evaluated"
    elif upper.certified:
        reason = f"{env.lower!r} <= value <= {env.upper!r} is certified"
    else:
        reason = (f"{env.lower!r} <= value is certified; the upper {env.upper!r} is a float "
                  "value, not certified")
    notes = [b.note for b in (lower, upper) if b.note]
    if with_claim and notes:
        reason += f" ({'; '.join(notes)})"
    return CheckResult(True, reason, lower.interval, _upper(upper, env), lower.exact, upper.exact,
                       tuple(trusted), tuple(sorted(grounds, key=lambda g: int(g[1:]))))


def _sealed(certificate: dict, env: kernel.Envelope, lower: Bound, upper: Bound) -> kernel.Envelope:
    """Write the claim the witnesses certify (floats just outside the certified ends)."""
    def outward(bound: Bound, side: str) -> float:
        if bound.exact is not None:  # the float nearest the exact value on the safe side
            value, away = float(bound.exact), (-math.inf if side == "lower" else math.inf)
            while (value > bound.exact) if side == "lower" else (value < bound.exact):
                value = math.nextafter(value, away)
            return value
        end = bound.interval.lo if side == "lower" else bound.interval.hi
        room = HEADROOM * (1 + abs(end))
        return end - room if side == "lower" else end + room

    claim = {"lower": outward(lower, "lower"),
             "upper": outward(upper, "upper") if upper.certified else env.upper}
    certificate["claim"] = claim
    return kernel.Envelope(env.statement, claim["lower"], claim["upper"], env.lower_witness,
                           env.upper_witness)


def _upper(upper: Bound, env: kernel.Envelope) -> Interval:
    if upper.certified or env.upper is None:
        return upper.interval
    return Interval(env.upper, env.upper, certified=False)


def evaluate(certificate: dict, time_budget: float | None = TIME_BUDGET) -> CheckResult:
    """Certified values of both witnesses, without comparing them to the claim.

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
    >>> evaluate({"format": "commlb-ic-certificate", "version": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: this certificate is in an old format: ... regenerate it with ...
    """
    return _guarded(lambda: _judge(certificate, "evaluate"), time_budget)


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
    >>> cert = envelope({"program": {"p_cx": [["1/2", "1/2"]], "D": [["0", "1"], ["1", "0"]]},
    ...                  "objective": "external", "error": "1/2"}, {"type": "none"},
    ...                 {"type": "channel", "denominator": 1, "entries": [[0, 0, 1], [1, 0, 1]]},
    ...                 0.0, 0.0)
    >>> result = check(cert)
    >>> result.valid, result.trusted
    (True, ('kernel', 'witnesses', 'witnesses.channel'))

    References
    ----------
    ``proofs/INDEX.md`` (the statements verified here).
    """
    return _guarded(lambda: _judge(certificate, "check"), time_budget)


def seal(certificate: dict, time_budget: float | None = TIME_BUDGET) -> CheckResult:
    """Evaluate the witnesses once, write the claim they certify, and return the verdict.

    The claimed ends become floats just outside the certified ends (exact values
    rounded outward; interval ends widened by ``1e-12`` relative, so that a re-check
    on another numpy build, whose sums may round differently in the last bits, still
    accepts them); an upper side without a witness keeps its claimed float value.
    ``certificate["claim"]`` is replaced in place.

    Examples
    --------
    >>> cert = envelope({"problem": {"name": "index", "params": {"d": 1}},
    ...                  "objective": "external", "error": "1/10"},
    ...                 {"type": "rd-dual-pricing", "pricing": "index-codes", "base": "1/9",
    ...                  "scale": 1, "lambda": "1", "claimed_max": "5/9"},
    ...                 {"type": "product-flip", "flip": "1/10"}, 0.0, 0.0)
    >>> seal(cert).valid, round(cert["claim"]["lower"], 9)  # 1 - h(1/10)
    (True, 0.531004406)
    """
    return _guarded(lambda: _judge(certificate, "seal"), time_budget)


def envelope(statement: dict, lower_witness: dict, upper_witness: dict, lower: float,
             upper: float | None) -> dict:
    """A certificate: the statement, both witnesses and the claimed ``[lower, upper]``.

    >>> envelope({"problem": {"name": "index", "params": {"d": 1}}, "objective": "external",
    ...           "error": "1/2"}, {"type": "none"}, {"type": "none"}, 0.0, None)["claim"]
    {'lower': 0.0, 'upper': None}
    """
    return {"format": FORMAT, "version": VERSION, "statement": statement,
            "claim": {"lower": lower, "upper": upper},
            "lower_witness": lower_witness, "upper_witness": upper_witness}


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
