"""The grounds of a verdict: which numbered statements of ``proofs/INDEX.md`` it rests on.

A valid certificate is only as good as the mathematics its check assumes.  Each kind
of witness rests on a few numbered statements (S1 the decision-function
reformulation, S3 the upper witness, S4 the rate–distortion dual, S6 exact pricing,
S7 the orbit reduction, ...); :func:`grounds` reads them off a certificate so that
:attr:`commlb.certificates.CheckResult.trusted` can say what a verdict relied on.

>>> grounds({"type": "internal-chain-rule", "problem": {"name": "augmented-index"}})
('S1', 'S10')
>>> grounds({"format": "commlb-ic-certificate", "source": {"program": {}},
...          "upper_witness": {"type": "channel"}, "lower_witness": {"type": "rd-dual"}})
('S1', 'S3', 'S4')
"""

from __future__ import annotations

from commlb.certificates import statements
from commlb.errors import CertificateError

__all__ = ["grounds", "STATEMENTS"]

STATEMENTS = {
    "S1": "the decision-function reformulation",
    "S2": "convexity and dominated columns",
    "S3": "a rational channel of error at most δ bounds IC from above",
    "S4": "the rate–distortion dual",
    "S5": "the conditional Frank–Wolfe dual",
    "S6": "exact pricing over every decision function",
    "S7": "the orbit reduction",
    "S8": "Gap-Hamming orbits and the Hölder pricing bound",
    "S9": "the noisy relaxation",
    "S10": "the internal chain rule of Augmented Index",
    "S11": "the conditional pricing dual",
    "S12": "the memorization frontier as a conditional program",
}

_UPPER = {"tilted": ("S3",), "channel": ("S3",), "channel-columns": ("S3",),
          "product-flip": ("S3", "S7"), "orbit-gibbs": ("S3", "S7", "S8")}
_LOWER = {"rd-dual": ("S4",), "frank-wolfe": ("S5",), "rd-dual-pricing": ("S4", "S6"),
          "conditional-dual": ("S11",), "none": ()}
_PRICING = {"gap-hamming-orbits": ("S7", "S8"), "gap-hamming-coordinate-holder": ("S7", "S8"),
            "gap-hamming-half-cauchy-schwarz": ("S7", "S8")}


def _kind(witness) -> str | None:
    return witness.get("type") if isinstance(witness, dict) else None


def grounds(certificate: dict) -> tuple[str, ...]:
    """The statements (``"S1"``, ...) a check of ``certificate`` relies on, sorted.

    Parameters
    ----------
    certificate : dict
        A certificate that passed the checker's schema.

    Returns
    -------
    tuple of str
        Keys of :data:`STATEMENTS`.
    """
    found = {"S1"}
    if certificate.get("type") == "internal-chain-rule":
        found.add("S10")
    if certificate.get("objective") == "memorization-frontier":
        found.add("S12")
    upper, lower = certificate.get("upper_witness"), certificate.get("lower_witness")
    found.update(_UPPER.get(_kind(upper), ()))
    found.update(_LOWER.get(_kind(lower), ()))
    if isinstance(lower, dict):
        found.update(_PRICING.get(lower.get("pricing"), ()))
        if isinstance(lower.get("lambda"), str):  # one dual value for every x: a group orbit
            found.add("S7")
    problem = certificate.get("problem")
    if isinstance(problem, dict) and isinstance(problem.get("name"), str):
        try:
            if statements.family(problem["name"]).relaxes:
                found.add("S9")
        except CertificateError:  # an unknown family: the check itself refuses it
            pass
    return tuple(sorted(found, key=lambda s: int(s[1:])))
