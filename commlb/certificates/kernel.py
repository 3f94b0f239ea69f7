"""The trusted kernel of the certificate checker: the envelope, exact sums, one claim rule.

A certificate is one versioned JSON envelope (``commlb.certificates``): ``format``,
``version``, ``statement``, ``claim`` (``lower``, ``upper``), ``lower_witness``,
``upper_witness``.  The kernel reads it, hands each witness to the plug-in registered
for its type (``commlb.certificates.witnesses``; a plug-in may search, the kernel
never does), and accepts the claim by one rule:

    claimed lower <= certified lower end  and  claimed upper >= certified upper end,

the certified ends exact (:class:`~commlb.info.exact.Exact`) where a plug-in computed
them exactly, outward-rounded :class:`Interval` ends otherwise.  It also holds the
arithmetic the plug-ins share: the information ``I(X; G | C)`` of an explicit rational
channel and sums of ``log2`` of rationals.  It imports only the standard library,
numpy and :mod:`commlb.info.exact`; float paths assume ``math.log2`` accurate to
``2^-50`` relative (four ulp; glibc and macOS are within one), decimal paths rely on
the standard library's correctly rounded ``ln``.

>>> lower, upper = Bound.exact_value(Exact(0)), Bound.exact_value(Exact.log2(3) - 1)
>>> claim_rule(0.0, 0.58496250073, lower, upper)  # log2(3) - 1 = 0.5849625007211...
(True, '')
>>> claim_rule(0.0, 0.5849, lower, upper)[1]  # doctest: +ELLIPSIS
'the claimed upper 0.5849 is below the certified ...'
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from commlb.info.exact import Exact, Interval, exact_sum_plogp

__all__ = ["FORMAT", "VERSION", "Malformed", "Refuted", "Bound", "Envelope", "read", "claim_rule",
           "judge", "log2_sum", "channel_information", "EXACT_TERMS"]

FORMAT = "commlb-certificate"
VERSION = 2
FIELDS = ("format", "version", "statement", "claim", "lower_witness", "upper_witness")
AGREE = 1e-9  # a claim looser than its witnesses by more than this is reported, not accepted
EXACT_TERMS = 3000  # channel entries up to which the information is computed exactly
_REL = 2.0**-50  # relative accuracy assumed of math.log2 (see the module docstring)
_REGENERATE = ("it predates the commlb-certificate envelope (version 2); regenerate it with "
               "`commlb ic PROBLEM -p ... --error E --certificate FILE` (or `commlb frontier ... "
               "--certificate FILE`)")


class Malformed(ValueError):
    """The document is not a readable certificate (one sentence: what is wrong)."""


class Refuted(Exception):
    """A readable certificate whose witness does not certify what it claims (one sentence)."""


@dataclass(frozen=True)
class Bound:
    """One certified side of a bracket, as a plug-in computed it.

    Attributes
    ----------
    interval : Interval
        Outward enclosure of the certified value (bits).
    exact : Exact or None
        The value itself, where the plug-in computed it exactly.
    certified : bool
        False for an upper side that is only a float value (no witness).
    note : str
        What the plug-in verified, for the verdict's reason.
    grounds : tuple of str
        The numbered statements of ``proofs/INDEX.md`` the plug-in relied on.
    """

    interval: Interval
    exact: Exact | None = None
    certified: bool = True
    note: str = ""
    grounds: tuple[str, ...] = ()

    @classmethod
    def exact_value(cls, value: Exact, note: str = "", grounds: tuple[str, ...] = ()) -> Bound:
        """A bound known exactly."""
        return cls(value.interval(), value, True, note, grounds)

    @classmethod
    def enclosed(cls, lo: float, hi: float, note: str = "", grounds: tuple[str, ...] = ()) -> Bound:
        """A bound known to lie in ``[lo, hi]`` (already rounded outward)."""
        return cls(Interval(lo, hi), None, True, note, grounds)

    def end(self, side: str):
        """The certified end of this side: the exact value, else the outward interval end."""
        end = self.interval.lo if side == "lower" else self.interval.hi
        return self.exact if self.exact is not None else end


@dataclass(frozen=True)
class Envelope:
    """The parts of a read certificate (numbers of the claim already checked finite)."""

    statement: dict
    lower: float
    upper: float | None
    lower_witness: dict
    upper_witness: dict


def read(document: object) -> Envelope:
    """The envelope of ``document``, or :class:`Malformed` saying what is wrong.

    >>> read({"format": "commlb-ic-certificate", "version": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.certificates.kernel.Malformed: this certificate is in an old format: it predates ...
    """
    if not isinstance(document, dict):
        raise Malformed("a certificate is a JSON object")
    if document.get("format") != FORMAT and ("type" in document or "source" in document
                                              or document.get("format") == "commlb-ic-certificate"):
        raise Malformed(f"this certificate is in an old format: {_REGENERATE}")
    if document.get("format") != FORMAT or type(document.get("version")) is not int:
        raise Malformed(f"not a {FORMAT} document (format {FORMAT!r}, version {VERSION})")
    if document["version"] != VERSION:
        raise Malformed(f"{FORMAT} version {str(document['version'])[:20]} is not version "
                        f"{VERSION}, the one this checker reads")
    unknown = sorted(set(document) - set(FIELDS))
    missing = [k for k in FIELDS if k not in document]
    if unknown or missing:
        raise Malformed(f"the envelope has unknown field(s) {unknown} or lacks {missing}; it holds "
                        f"exactly {', '.join(FIELDS)}")
    claim = document["claim"]
    if not isinstance(claim, dict) or set(claim) != {"lower", "upper"}:
        raise Malformed("the claim is {'lower': float, 'upper': float or null}")
    lower, upper = _real(claim["lower"], "lower"), claim["upper"]
    upper = None if upper is None else _real(upper, "upper")
    parts = [document[k] for k in ("statement", "lower_witness", "upper_witness")]
    if not all(isinstance(p, dict) for p in parts) or not all(
            isinstance(p.get("type"), str) for p in parts[1:]):
        raise Malformed("the statement and both witnesses are JSON objects; a witness names its type")
    return Envelope(parts[0], lower, upper, parts[1], parts[2])


def _real(value: object, side: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise Malformed(f"the claimed {side} must be a finite number, not {str(value)[:40]!r}")
    return float(value)


def claim_rule(lower: float, upper: float | None, certified_lower: Bound,
               certified_upper: Bound) -> tuple[bool, str]:
    """Whether the claimed ``[lower, upper]`` is backed by the certified sides, and why not.

    ``lower <= certified lower end`` and ``upper >= certified upper end`` (an uncertified
    upper backs nothing); claims looser than ``1e-9`` and contradicting witnesses refused.
    """
    cl, cu = certified_lower, certified_upper
    if not lower <= cl.end("lower"):
        return False, f"the claimed lower {lower!r} exceeds the certified {cl.interval}"
    if upper is None:
        if cu.certified:
            return False, "the claim has no upper although an upper witness certifies one"
    elif cu.certified and not upper >= cu.end("upper"):
        return False, f"the claimed upper {upper!r} is below the certified {cu.interval}"
    if cl.interval.lo > cu.interval.hi:
        return False, "the lower witness exceeds the upper witness, which is impossible"
    if lower < cl.interval.lo - AGREE or (upper is not None and cu.certified
                                          and upper > cu.interval.hi + AGREE):
        return False, "the claimed bracket does not match what its witnesses certify"
    return True, ""


Plugin = Callable[[object, dict], Bound]


def judge(envelope: Envelope, statement: object, plugins: Mapping[tuple[str, str], Plugin]
          ) -> tuple[bool, str, Bound, Bound]:
    """Evaluate both witnesses by ``plugins[(side, type)](statement, witness)``, then the claim.

    A plug-in raises :class:`Refuted` when its witness fails.
    """
    sides = {}
    for side in ("lower", "upper"):
        witness = getattr(envelope, f"{side}_witness")
        plugin = plugins.get((side, witness["type"]))
        if plugin is None:
            raise Malformed(f"no {side} witness of type {witness['type'][:40]!r} is known; known: "
                            + ", ".join(sorted(t for s, t in plugins if s == side)))
        sides[side] = plugin(statement, witness)
    ok, reason = claim_rule(envelope.lower, envelope.upper, sides["lower"], sides["upper"])
    return ok, reason, sides["lower"], sides["upper"]


_CTX = decimal.Context(prec=60)
_LN2 = _CTX.ln(decimal.Decimal(2))
_ULP = decimal.Decimal(10) ** -55  # relative error bound of one decimal step at 60 digits


def _log2_decimal(q: Fraction) -> tuple[decimal.Decimal, decimal.Decimal]:
    """``log2 q`` at 60 digits and a bound on its error (decimal's ln is correctly rounded)."""
    if q <= 0:
        raise Refuted(f"log2 of the nonpositive {q}")
    ln = _CTX.ln(_CTX.divide(decimal.Decimal(q.numerator), decimal.Decimal(q.denominator)))
    value = _CTX.divide(ln, _LN2)
    return value, (abs(value) + 1) * _ULP


def _outward(lo: decimal.Decimal, hi: decimal.Decimal) -> tuple[float, float]:
    return math.nextafter(float(lo), -math.inf), math.nextafter(float(hi), math.inf)


def log2_sum(pairs: list[tuple[Fraction, Fraction]], exact_bits: int = 64) -> Bound:
    """``Σ a·log2 b`` over rational pairs: exact when every ``b`` has small terms, else outward.

    Every rate–distortion dual bound is such a sum.  The outward path works at 60 decimal
    digits, so its interval is a few ulp wide.

    >>> log2_sum([(Fraction(1, 2), Fraction(4)), (Fraction(-1), Fraction(2))]).exact
    Exact(0)
    >>> b = log2_sum([(Fraction(1), Fraction(3) ** 200)], exact_bits=0)
    >>> b.interval.lo <= 200 * math.log2(3) <= b.interval.hi
    True
    """
    pairs = [(Fraction(a), Fraction(b)) for a, b in pairs if a]
    if all(max(b.numerator, b.denominator).bit_length() <= exact_bits for _, b in pairs):
        return Bound.exact_value(sum((Exact.log2(b) * a for a, b in pairs), Exact(0)))
    total, err = decimal.Decimal(0), decimal.Decimal(0)
    for a, b in pairs:
        value, e = _log2_decimal(b)
        weight = _CTX.divide(decimal.Decimal(a.numerator), decimal.Decimal(a.denominator))
        term = _CTX.multiply(weight, value)
        total = _CTX.add(total, term)
        err += abs(weight) * e + 3 * (abs(term) + abs(total)) * _ULP
    return Bound.enclosed(*_outward(total - err, total + err))


def channel_information(p_cx: list[list[Fraction]], rows: list[dict[int, Fraction]],
                        exact_terms: int = EXACT_TERMS) -> tuple[Interval, Exact | None]:
    """``I(X; G | C) = Σ_x p(x) Σ_g Q log2 Q - Σ_c p(c) Σ_g q_c log2 q_c`` of a rational channel.

    ``p_cx[c][x] = p(c, x)`` (one row: the external objective ``I(X; G)``), ``rows[x] =
    {g: Q(g|x)}``.  Returns the outward enclosure, and the exact value when the channel
    has at most ``exact_terms`` entries (counted per class; :data:`EXACT_TERMS`).

    >>> half = Fraction(1, 2)
    >>> channel_information([[half, half]], [{0: Fraction(1)}, {1: Fraction(1)}])[1]
    Exact(1)
    """
    p_x = [sum(col) for col in zip(*p_cx, strict=True)]
    classes = [(sum(row), row) for row in p_cx if any(row)]
    if sum(len(r) for r in rows) * max(len(classes), 1) <= exact_terms:
        value = Exact(0)
        for pc, row in classes:
            q: dict[int, Fraction] = {}
            for px, r in zip(row, rows, strict=True):
                for g, v in (r.items() if px else ()):
                    q[g] = q.get(g, 0) + px / pc * v
            value += exact_sum_plogp(q.values()) * pc
        for px, r in zip(p_x, rows, strict=True):
            if px:
                value -= exact_sum_plogp(r.values()) * px
        return value.interval(), value
    # Floats: q_c(g) is a correctly rounded sum (fsum) of products each within 3 ulp, so
    # every probability v below is within 2^-51 relative and log2 v within 2^-50 absolute
    # plus 2^-50 relative; the total error is below Σ w·v·2^-49 + 4·2^-50·Σ|term|.
    floats = [{g: float(v) for g, v in r.items()} for r in rows]
    terms, mass = [], 0.0
    for pc, row in classes:
        parts: dict[int, list[float]] = {}
        for px, r in zip(row, floats, strict=True):
            weight = float(px / pc) if px else 0.0
            for g, v in (r.items() if px else ()):
                parts.setdefault(g, []).append(weight * v)
        for part in parts.values():
            v = math.fsum(part)
            terms.append(-float(pc) * v * math.log2(v) if v > 0 else 0.0)
        mass += float(pc)
    for px, r, f in zip(p_x, rows, floats, strict=True):
        if px:
            terms += [float(px) * f[g] * _log2(v) for g, v in r.items() if v]
            mass += float(px)
    total = math.fsum(terms)
    pad = mass * 2.0**-48 + 4 * _REL * math.fsum(abs(t) for t in terms) + 2.0**-1000
    return Interval(max(0.0, total - pad), total + pad), None


def _log2(v: Fraction) -> float:
    f = float(v)
    return math.log2(f) if f > 2.0**-1000 else float(_log2_decimal(v)[0])
