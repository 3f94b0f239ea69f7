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


def test_verify_command_accepts_the_certificate_of_every_method(tmp_path, capsys):
    """The CLI's certificate, from the orbit method (auto) and from the general loop."""
    runs = [(["augmented-index", "-p", "d=12"], "orbit"),
            (["augmented-index", "-p", "d=4", "--method", "colgen"], "colgen")]
    for args, method in runs:
        out = tmp_path / f"{method}.json"
        assert main(["ic", *args, "--error", "1/10", "--json", "--certificate", str(out)]) == 0
        reply = json.loads(capsys.readouterr().out)
        assert reply["method"] == method and reply["success"]
        assert reply["lower"] <= reply["upper"] <= reply["lower"] + 1e-6
        assert main(["verify", str(out)]) == 0
        capsys.readouterr()
