"""Corrupted certificates: the files an adversary could send to ``commlb verify``.

A certificate is a file anyone can send, so the checker must refuse every wrong
one, never crash and never stall.  :func:`corrupt` makes one corruption of a valid
certificate, drawn by a :class:`random.Random`; :func:`corruptions` is the same as
a hypothesis strategy; :func:`fuzz` runs many and counts what the checker did.

Kinds of corruption (:data:`KINDS`):

* semantic -- ``nudge`` (a number or name anywhere: a witness entry, a slope, a
  parameter, the error level), ``claim`` (the claimed lower raised or the upper
  lowered), ``drop`` (an item of a list removed: a column, a row, a weight);
* structural -- ``delete`` (a key removed), ``retype`` (an integer written as a
  float, a rational as a float, a value replaced by null, a list, a string),
  ``non-finite`` (NaN, ±infinity), ``huge`` (integers of 30 to 5000 digits),
  ``nest`` (a value buried 2000 lists deep), ``size`` (a length parameter set to
  10^30 and the like).

>>> import random
>>> cert = {"statement": {"problem": {"name": "index", "params": {"d": 2}}, "error": "1/10"},
...         "claim": {"lower": 1.0, "upper": 1.1}, "lower_witness": {"lambda": ["1/2", "1/3"]}}
>>> c = corrupt(cert, random.Random(0), "claim")
>>> claim = c.certificate["claim"]
>>> c.kind, c.statement_changed, claim["lower"] > 1.0 or claim["upper"] < 1.1
('claim', False, True)
>>> corrupt(cert, random.Random(1), "size").certificate["statement"]["problem"]["params"]["d"] >= 25
True
"""

from __future__ import annotations

import inspect
import json
import math
import random
import signal
import time
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

__all__ = ["KINDS", "STATEMENT_KEYS", "Corruption", "corrupt", "corruptions", "fuzz"]

KINDS = ("nudge", "claim", "drop", "delete", "retype", "non-finite", "huge", "nest", "size")
# Top-level fields that say what is proved (a change there changes the statement).
STATEMENT_KEYS = frozenset({"format", "version", "statement"})
SIZE_KEYS = frozenset({"d", "k", "n", "N", "g", "labels"})


@dataclass(frozen=True)
class Corruption:
    """One corrupted certificate.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    path : tuple
        Keys and list indices from the root to the corrupted value.
    certificate : dict
        The corrupted copy (the original is left alone).
    statement_changed : bool
        The corruption touched what the certificate states (problem, parameters,
        objective, error level), not only its witnesses or its claim.
    """

    kind: str
    path: tuple
    certificate: dict
    statement_changed: bool

    def describe(self) -> str:
        """``kind at a/b/3``."""
        return f"{self.kind} at {'/'.join(map(str, self.path)) or '(root)'}"


def _paths(data) -> list[tuple]:
    """Every path to a value below the root (iteratively: certificates can be big)."""
    out, stack = [], [((), data)]
    while stack:
        path, value = stack.pop()
        if path:
            out.append(path)
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return out


def _at(data, path: tuple):
    for step in path:
        data = data[step]
    return data


def _number(text: str) -> Fraction | None:
    try:
        return Fraction(text) if len(text) < 5000 else None
    except (ValueError, ZeroDivisionError):
        return None


def _nudged(value, rng: random.Random):
    factor = rng.choice((Fraction(10001, 10000), Fraction(9999, 10000), Fraction(2),
                         Fraction(1, 2), Fraction(-1)))
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + rng.choice((1, -1, value or 1))
    if isinstance(value, float):
        return value * float(factor) if value else 1e-6
    if isinstance(value, str):
        number = _number(value)
        if number is not None:
            return str(number * factor if number else Fraction(1, 1000))
        return value + "-x" if rng.random() < 0.5 else "index"
    return None


def _retyped(value, rng: random.Random):
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _number(value) is not None:
        return float(_number(value))
    return rng.choice((None, [], {}, "garbage", 0.5, True))


def corrupt(certificate: dict, rng: random.Random, kind: str | None = None, *,
            paths: list[tuple] | None = None) -> Corruption:
    """One corruption of ``certificate`` (a JSON dict), drawn by ``rng``.

    Parameters
    ----------
    certificate : dict
        A valid certificate (not modified).
    rng : random.Random
        The source of every choice.
    kind : str, optional
        One of :data:`KINDS`; drawn when omitted.
    paths : list of tuple, optional
        ``_paths(certificate)``, precomputed when corrupting one certificate often.

    Returns
    -------
    Corruption
    """
    kind = kind or rng.choice(KINDS)
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is unknown; use one of {', '.join(KINDS)}")
    bad = json.loads(json.dumps(certificate))
    paths = paths if paths is not None else _paths(certificate)
    if kind == "claim":
        key = rng.choice(("lower", "upper"))
        claim = bad.get("claim")
        if isinstance(claim, dict) and isinstance(claim.get(key), (int, float)):
            step = rng.choice((1e-9, 1e-6, 1e-3, 1.0)) * (1 + abs(claim[key]))
            claim[key] = claim[key] + step if key == "lower" else claim[key] - step
            return Corruption(kind, ("claim", key), bad, False)
        kind = "nudge"
    if kind == "size":
        sized = [p for p in paths if isinstance(p[-1], str) and p[-1] in SIZE_KEYS
                 and p[0] in STATEMENT_KEYS]
        if sized:
            path = rng.choice(sized)
            parent = _at(bad, path[:-1])
            parent[path[-1]] = rng.choice((10**30, 64, 60, 25, 2**63, "10**30", 1e300))
            return Corruption(kind, path, bad, True)
        kind = "huge"
    if kind == "drop":
        lists = [p for p in paths if isinstance(_at(certificate, p), list) and _at(certificate, p)]
        if lists:
            path = rng.choice(lists)
            items = _at(bad, path)
            del items[rng.randrange(len(items))]
            return Corruption(kind, path, bad, path[0] in STATEMENT_KEYS)
        kind = "delete"
    if kind == "delete":
        keyed = [p for p in paths if isinstance(p[-1], str)]
        path = rng.choice(keyed)
        del _at(bad, path[:-1])[path[-1]]
        return Corruption(kind, path, bad, path[0] in STATEMENT_KEYS)
    path = rng.choice(paths)
    old = _at(certificate, path)
    if kind == "nudge":
        new = _nudged(old, rng)
    elif kind == "retype":
        new = _retyped(old, rng)
    elif kind == "non-finite":
        new = rng.choice((math.nan, math.inf, -math.inf))
    elif kind == "huge":
        digits = rng.choice((30, 400, 5000))
        new = rng.choice((10**digits, -(10**digits), f"1/{'9' * digits}", f"1e{digits}"))
    else:  # nest
        new = old
        for _ in range(2000):
            new = [new]
    _at(bad, path[:-1])[path[-1]] = new
    return Corruption(kind, path, bad, path[0] in STATEMENT_KEYS)


def corruptions(certificate: dict, kinds: tuple[str, ...] = KINDS) -> st.SearchStrategy:
    """Hypothesis strategy of :class:`Corruption` of one certificate.

    >>> from hypothesis import given
    >>> cert = {"statement": {"error": "1/10"}, "claim": {"lower": 0.5, "upper": 0.6}}
    >>> @given(corruptions(cert, kinds=("claim",)))
    ... def test(c):
    ...     assert c.certificate["claim"] != {"lower": 0.5, "upper": 0.6}
    >>> test()
    """
    paths = _paths(certificate)
    return st.builds(lambda rng, kind: corrupt(certificate, rng, kind, paths=paths),
                     st.randoms(use_true_random=False), st.sampled_from(kinds))


class _Budget(Exception):
    pass


def _alarm(signum, frame):
    raise _Budget


def fuzz(certificates: list[dict], count: int, *, seed: int = 0, budget: float = 10.0,
         check=None, progress=None) -> dict:
    """Corrupt ``certificates`` ``count`` times and count the checker's answers.

    Each corruption's answer is ``rejected`` (invalid, or a ``CertificateError``),
    ``accepted`` (valid and harmless: the statement was changed and the checker
    proved the new one, or the claim still holds), ``accepted false`` (valid with
    an unchanged statement and a claimed bracket disjoint from the original's),
    ``crashed`` (any other exception) or ``timed out`` (past ``budget`` seconds; a
    certificate whose honest check takes ``t`` seconds gets ``budget + 2 t``).  A
    checker with a ``time_budget`` parameter (as :func:`commlb.certificates.check`)
    is given it; any other is stopped by an alarm where the platform has one.

    Parameters
    ----------
    certificates : list of dict
        Valid certificates (each is checked first; the original brackets are truth).
    count : int
        Corruptions in total, spread evenly over the certificates.
    seed : int
        Seed of the :class:`random.Random` that draws them.
    budget : float
        Seconds allowed for one check.
    check : callable, optional
        The checker, default :func:`commlb.certificates.check`.
    progress : callable, optional
        Called with no argument after each corruption (e.g. a tqdm ``update``).

    Returns
    -------
    dict
        ``{"by_kind": {kind: Counter}, "examples": {answer: [description, ...]}}``.
    """
    from commlb.certificates import check as default_check
    from commlb.errors import CertificateError

    check = check or default_check
    budgeted = "time_budget" in inspect.signature(check).parameters
    rng = random.Random(seed)
    truth, plans, budgets = [], [], []
    for cert in certificates:
        started = time.perf_counter()
        verdict = check(cert)
        if not verdict.valid:
            raise ValueError(f"a certificate to corrupt must be valid: {verdict.reason}")
        budgets.append(budget + 2 * (time.perf_counter() - started))
        truth.append((cert["claim"]["lower"], cert["claim"]["upper"]))
        plans.append(_paths(cert))
    by_kind: dict[str, Counter] = {k: Counter() for k in KINDS}
    examples: dict[str, list[str]] = {}
    timer = hasattr(signal, "setitimer") and not budgeted
    old = signal.signal(signal.SIGALRM, _alarm) if timer else None
    try:
        for i in range(count):
            j = i % len(certificates)
            c = corrupt(certificates[j], rng, paths=plans[j])
            run = (lambda cert, b=budgets[j]: check(cert, time_budget=b)) if budgeted else check
            answer = _answer(c, truth[j], run, budgets[j], timer, CertificateError)
            by_kind[c.kind][answer] += 1
            if answer not in ("rejected", "accepted"):
                examples.setdefault(answer, []).append(c.describe())
            if progress is not None:
                progress()
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    return {"by_kind": by_kind, "examples": examples}


def _answer(c: Corruption, truth, check, budget, timer, certificate_error) -> str:
    started = time.perf_counter()
    if timer:
        signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        verdict = check(c.certificate)
    except certificate_error:
        return "timed out" if time.perf_counter() - started >= budget else "rejected"
    except _Budget:
        return "timed out"
    except Exception as exc:  # noqa: BLE001 - a crash is what is being counted
        return f"crashed ({type(exc).__name__})"
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
    if time.perf_counter() - started > budget:
        return "timed out"
    if not verdict.valid:
        return "rejected"
    claim = c.certificate.get("claim")
    lower, upper = (claim.get("lower"), claim.get("upper")) if isinstance(claim, dict) else (None, None)
    if not c.statement_changed and isinstance(lower, (int, float)) and \
            isinstance(upper, (int, float)) and (lower > truth[1] + 1e-12 or upper < truth[0] - 1e-12):
        return "accepted false"
    return "accepted"
