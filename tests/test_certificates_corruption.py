"""Certificates: random programs are certified; systematic corruptions are all rejected."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

import commlb
from commlb.certificates import check, evaluate, load, save
from commlb.errors import CertificateError
from commlb.ic import certify, minimize_information
from commlb.testing import information_programs


def program_source(p_cx, D) -> dict:
    return {"program": {"p_cx": [[str(v) for v in row] for row in p_cx],
                        "D": [[str(v) for v in row] for row in D]}}


def certify_program(p_cx, D, delta, objective, gap=1e-6):
    scale = int(np.lcm.reduce([v.denominator for v in D.flat]))
    D_int = np.array([[int(v * scale) for v in row] for row in D], dtype=np.int64)
    weights = p_cx.sum(axis=0)[None, :] if objective == "external" else p_cx
    result = minimize_information(weights.astype(float), D_int / scale, float(delta), gap=gap)
    return certify(result, weights, D_int, scale, delta, source=program_source(p_cx, D),
                   objective=objective, gap=gap)


@settings(max_examples=12)
@given(information_programs())
def test_random_programs_give_accepted_brackets(program):
    p_cx, D, delta = program
    for objective in ("external", "conditional"):
        cert, checked = certify_program(p_cx, D, delta, objective, gap=1e-4)
        assert checked.valid, checked.reason
        assert cert["claim"]["lower"] <= cert["claim"]["upper"]
        assert cert["claim"]["lower"] >= 0


@settings(max_examples=6)
@given(information_programs(max_classes=2))
def test_conditional_at_most_external(program):
    p_cx, D, delta = program
    external, _ = certify_program(p_cx, D, delta, "external", gap=1e-4)
    conditional, _ = certify_program(p_cx, D, delta, "conditional", gap=1e-4)
    assert conditional["claim"]["lower"] <= external["claim"]["upper"] + 1e-12


def _valid_certificates():
    cases = [("index", {"d": 3}, "0.1", "external"),
             ("index", {"d": 4}, "0.25", "external"),
             ("index", {"d": 4}, "0.05", "external"),
             ("augmented-index", {"d": 2}, "0.1", "internal"),
             ("augmented-index", {"d": 3}, "0.25", "internal"),
             ("noisy-augmented-index", {"d": 2, "delta": "1/4"}, "0.3", "external"),
             ("gap-hamming", {"d": 2, "rho": "1/2"}, "27/64", "external")]
    out = []
    for name, params, error, objective in cases:
        result = commlb.information_complexity(commlb.problems.get(name, **params), error,
                                               objective, method="enumerate")
        assert check(result.certificate).valid
        out.append(result.certificate)
    return out


def _nudge(text: str, factor: Fraction) -> str:
    return str(Fraction(text) * factor)


def corruptions(cert):
    """Systematic wrong variants of one valid certificate (each must be rejected)."""
    text = json.dumps(cert)

    class copy:  # noqa: N801 - a fast deep copy of this one certificate
        @staticmethod
        def deepcopy(_):
            return json.loads(text)

    lw, uw = cert["lower_witness"], cert["upper_witness"]
    if uw["type"] == "tilted":
        for i in range(len(uw["weights"])):
            for factor in (2, 0.5):
                bad = copy.deepcopy(cert)
                bad["upper_witness"]["weights"][i][1] = max(1, int(uw["weights"][i][1] * factor))
                if bad["upper_witness"]["weights"][i][1] != uw["weights"][i][1]:
                    yield "tilted weight", bad
        for factor in (Fraction(10001, 10000), Fraction(9999, 10000)):
            bad = copy.deepcopy(cert)
            bad["upper_witness"]["beta"] = _nudge(uw["beta"], factor)
            yield "tilted beta", bad
    for i in range(len(uw.get("entries", []))):
        for step in (1, -1):
            bad = copy.deepcopy(cert)
            bad["upper_witness"]["entries"][i][2] += step
            if bad["upper_witness"]["entries"][i][2] > 0:
                yield "channel entry", bad
    for step in (1, -1) if "denominator" in uw else ():
        bad = copy.deepcopy(cert)
        bad["upper_witness"]["denominator"] += step
        yield "denominator", bad
    up, down = Fraction(10001, 10000), Fraction(9999, 10000)
    if lw["type"] == "rd-dual":
        for i in range(len(lw["lambda"])):
            for factor in (up, down):
                bad = copy.deepcopy(cert)
                bad["lower_witness"]["lambda"][i] = _nudge(lw["lambda"][i], factor)
                yield "lambda", bad
        for factor in (up, down):
            bad = copy.deepcopy(cert)
            bad["lower_witness"]["beta"] = _nudge(lw["beta"], factor)
            yield "beta", bad
    if lw["type"] == "frank-wolfe":
        for factor in (Fraction(101, 100), Fraction(99, 100)):
            bad = copy.deepcopy(cert)
            bad["lower_witness"]["s"] = _nudge(lw["s"], factor)
            yield "slope", bad
    for key, move in (("lower", 1e-4), ("lower", -1e-4), ("upper", 1e-4), ("upper", -1e-4)):
        bad = copy.deepcopy(cert)
        bad["claim"][key] += move
        yield "claim", bad
    statement = cert["statement"]
    for move in (Fraction(1, 1000), Fraction(-1, 1000)):
        bad = copy.deepcopy(cert)
        bad["statement"]["error"] = str(Fraction(statement["error"]) + move)
        yield "error level", bad
    bad = copy.deepcopy(cert)
    bad["statement"]["objective"] = "internal" if statement["objective"] == "external" else "external"
    yield "objective", bad
    params = statement["problem"]["params"]
    for key, value in params.items():
        for new in ([value + 1, value - 1] if isinstance(value, int) else
                    [str(Fraction(value) * Fraction(11, 10)), str(Fraction(value) * Fraction(9, 10))]):
            if isinstance(new, int) and new < 1:
                continue
            bad = copy.deepcopy(cert)
            bad["statement"]["problem"]["params"][key] = new
            yield "problem parameter", bad


def test_a_thousand_corruptions_are_all_rejected():
    count = 0
    for cert in _valid_certificates():
        for kind, bad in corruptions(cert):
            try:
                result = check(bad)
            except CertificateError:
                continue  # malformed counts as rejected
            assert not result.valid, f"{kind} corruption accepted: {result.reason}"
            assert result.reason and "\n" not in result.reason  # one sentence
            count += 1
    assert count >= 1000, count


def test_malformed_certificates_raise(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CertificateError):
        load(path)
    with pytest.raises(CertificateError):
        check({"format": "something-else"})
    cert = commlb.information_complexity(commlb.problems.get("index", d=2), "0.1",
                                         method="enumerate").certificate
    del cert["lower_witness"]
    with pytest.raises(CertificateError):
        check(cert)


def test_save_load_round_trip_and_evaluate(tmp_path):
    result = commlb.information_complexity(commlb.problems.get("index", d=2), "1/4",
                                           method="enumerate")
    path = save(result.certificate, tmp_path / "c.json")
    again = load(path)
    assert again == json.loads(json.dumps(result.certificate))
    values = evaluate(again)
    assert values.lower_exact == values.upper_exact == result.exact
    assert not list(tmp_path.glob(".*tmp"))  # atomic write leaves no temporary file
