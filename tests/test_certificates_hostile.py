"""Hostile certificates: crafted overflows, absurd sizes and random corruptions are refused.

Every answer of the checker is a verdict or a one-line ``CertificateError``: never a
traceback, never a false claim accepted, never a stall.  The long run (10^4
corruptions and more) is ``benchmarks/fuzz_certificates.py``.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commlb
from commlb.certificates import check
from commlb.cli import main
from commlb.errors import CertificateError
from commlb.problems import get
from commlb.testing.certificates import corruptions

WRAP = 2**40 - 1  # nine of these per row, times a cost near 2^22, pass 2^63


def _answer(certificate):
    """The checker's verdict, with a malformed certificate counted as refused."""
    try:
        return check(certificate)
    except CertificateError as exc:
        assert "\n" not in str(exc)
        return None


@pytest.mark.parametrize("objective", ["external", "internal"])
def test_a_channel_whose_error_sum_would_wrap_in_int64_is_refused(objective):
    """All mass on the constant function (error 1/2 > 4997/10000) in 9 equal entries per row."""
    honest = commlb.information_complexity(get("gap-hamming", d=2, rho="1/500"), "4997/10000",
                                           objective, method="enumerate").certificate
    assert check(honest).valid and honest["claim"]["lower"] > 0.07
    forged = json.loads(json.dumps(honest))
    forged["upper_witness"] = {"type": "channel", "denominator": str(9 * WRAP),
                               "entries": [[x, 0, WRAP] for x in range(4) for _ in range(9)],
                               "functions": {"0": [0, 0, 0, 0]}}
    forged["lower_witness"] = {"type": "none"}
    forged["claim"] = {"lower": 0.0, "upper": 0.0}
    verdict = _answer(forged)
    assert verdict is None or not verdict.valid
    eight = json.loads(json.dumps(forged))  # the control: no wrap, refused for its error 1/2
    eight["upper_witness"].update(denominator=str(8 * WRAP),
                                  entries=[[x, 0, WRAP] for x in range(4) for _ in range(8)])
    verdict = _answer(eight)
    assert verdict is None or not verdict.valid


def test_gap_hamming_costs_at_a_tiny_correlation_are_exact():
    """ρ = 1/3037000499: (q + r)^agree (q - r)^(d - agree) overflows int64; the constant 0 errs 1/2."""
    rho = "1/3037000499"
    honest = commlb.information_complexity(get("gap-hamming", d=2, rho=rho), "1/2",
                                           method="enumerate").certificate
    assert check(honest).valid
    forged = json.loads(json.dumps(honest))
    forged["statement"]["error"] = "1/4"
    forged["upper_witness"] = {"type": "channel", "denominator": "1",
                               "entries": [[x, 0, 1] for x in range(4)],
                               "functions": {"0": [0, 0, 0, 0]}}
    forged["lower_witness"] = {"type": "none"}
    forged["claim"] = {"lower": 0.0, "upper": 0.0}
    verdict = _answer(forged)
    assert verdict is None or not verdict.valid


SIZED = {  # one certificate of each method that names a family
    "enumerate": (get("index", d=2), "1/10", "external"),
    "orbit": (get("index", d=2), "1/10", "external"),
    "colgen": (get("augmented-index", d=3), "1/10", "external"),
    "chain-rule": (get("augmented-index", d=3), "1/10", "internal"),
}


@pytest.mark.parametrize("method", list(SIZED))
@pytest.mark.parametrize("d", [10**30, "10**30", 1e300, 2**63, 65])
def test_verify_refuses_an_absurd_size_with_exit_2(tmp_path, capsys, method, d):
    """Sizes are refused from the parameters, before anything is built: malformed, exit 2."""
    problem, error, objective = SIZED[method]
    certificate = commlb.information_complexity(problem, error, objective,
                                                method=method).certificate
    certificate["statement"]["problem"]["params"]["d"] = d
    path = tmp_path / "big.json"
    path.write_text(json.dumps(certificate))
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() and err.count("\n") <= 1


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,  # nesting deeper than any parser's recursion
    '{"format": "commlb-certificate", "version": 2, "claim": {"lower": NaN, "upper": Infinity}}',
    '{"claim": {"lower": ' + "9" * 5000 + "}}",
    '{"format": "commlb-certificate", "version": 2, "statement": {"problem": {"name": "index", '
    '"params": {"d": 1e400}}, "objective": "external", "error": "1/10"}}',
    '{"format": "commlb-ic-certificate", "version": 1, "source": {"problem": "index"}}',
    "\x00\xff",
])
def test_verify_never_shows_a_traceback(tmp_path, capsys, text):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="latin-1")
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() and err.count("\n") <= 1


def _fresh():
    runs = [(get("index", d=2), "1/10", "external", "enumerate"),
            (get("augmented-index", d=2), "1/10", "internal", "enumerate"),
            (get("index", d=3), "1/10", "external", "orbit"),
            (get("augmented-index", d=3), "1/10", "external", "colgen"),
            (get("augmented-index", d=4), "1/10", "internal", "chain-rule")]
    return [commlb.information_complexity(p, e, o, method=m).certificate for p, e, o, m in runs]


FRESH = _fresh()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(FRESH))).flatmap(lambda i: st.tuples(st.just(i), corruptions(FRESH[i]))))
def test_random_corruptions_are_refused_or_harmless(case):
    i, corruption = case
    verdict = _answer(corruption.certificate)
    if verdict is None or not verdict.valid:
        return
    claim, truth = corruption.certificate["claim"], FRESH[i]["claim"]
    lower, upper = claim["lower"], claim["upper"]
    assert isinstance(lower, float) and isinstance(upper, float) and math.isfinite(lower)
    if not corruption.statement_changed:  # the same statement: the claim must still be true
        assert lower <= truth["upper"] + 1e-12 and upper >= truth["lower"] - 1e-12, \
            corruption.describe()


def test_verify_names_the_command_that_regenerates_an_old_certificate(tmp_path, capsys):
    """A version-1 file (or a pre-envelope column-generation one) is refused in one line."""
    for old in ({"format": "commlb-ic-certificate", "version": 1, "source": {}},
                {"type": "column-generation", "problem": {"name": "index"}}):
        path = tmp_path / "old.json"
        path.write_text(json.dumps(old))
        assert main(["verify", str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "old format" in err and "commlb ic" in err
