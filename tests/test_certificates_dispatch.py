"""The public checker also verifies column-generation and chain-rule certificates."""

import copy
import json
import pathlib
from fractions import Fraction

import pytest

from commlb.certificates import check, load
from commlb.cli import main

CERTIFICATES = pathlib.Path(__file__).resolve().parent.parent / "proofs" / "column_generation" / (
    "certificates")


@pytest.mark.parametrize("path", sorted(CERTIFICATES.glob("*.json"))[:6], ids=lambda p: p.stem)
def test_stored_certificates_are_accepted_and_tampering_is_rejected(path):
    certificate = load(path)
    assert check(certificate).valid
    tampered = copy.deepcopy(certificate)
    tampered["lower"] = float(tampered["lower"]) + 1e-4
    assert not check(tampered).valid


def test_lowered_pricing_claim_is_rejected():
    certificate = load(CERTIFICATES / "augmented-index-d8-external.json")
    witness = certificate["lower_witness"]
    key = next(k for k in ("max", "M", "pricing_max", "claimed_max") if k in witness)
    claimed = Fraction(witness[key])
    witness[key] = str(claimed * Fraction(999, 1000))
    assert not check(certificate).valid


def test_verify_command_accepts_a_colgen_certificate(tmp_path, capsys):
    out = tmp_path / "ai12.json"
    assert main(["ic", "augmented-index", "-p", "d=12", "--error", "1/10", "--method", "colgen",
                 "--json", "--certificate", str(out)]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["exact"] is not None and reply["decision_functions"] == "2^4095"
    assert main(["verify", str(out)]) == 0
