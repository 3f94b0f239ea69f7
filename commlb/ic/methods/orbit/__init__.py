"""The orbit method: external IC of problems whose symmetries act transitively on X.

One lemma (``proofs/column_generation/symmetry.md``): if a group of symmetries of
the program is transitive on Alice's inputs and ``p(x)`` is uniform, a constant
dual point is optimal, so ``IC(δ) = max_β [-log2 M(β) + L δ log2 β]`` with one
pricing maximum ``M``, and Gibbs channels over an orbit attain it.  The group
comes from the declared structure where there is one —

* :mod:`.xor`: XOR shifts with a structured pricing form (Index, Augmented
  Index; Noisy Augmented Index through its declared relaxation);
* :mod:`.hamming`: Gap-Hamming's XOR shifts and coordinate permutations, with
  exact orbit pricing (``d <= 5``) or a coordinate-Hölder bound (``d = 6``);

— and is otherwise searched on the problem's coloured graph (:mod:`.found`,
:func:`commlb.problems.symmetry.alice_transitive_symmetries`).
"""

from __future__ import annotations

import time
from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.ic.methods.colgen.external import on_support, pricing_oracle, statement_certificate
from commlb.ic.methods.orbit.found import orbit_external_bracket
from commlb.ic.methods.orbit.hamming import gap_hamming_bracket
from commlb.ic.methods.orbit.xor import xor_bracket
from commlb.ic.pricing.hamming import gap_hamming_optimal_error
from commlb.ic.registry import NotApplicable
from commlb.problems.symmetry import alice_transitive_symmetries

__all__ = ["can_run", "run", "SYMMETRY_SEARCH_LIMIT", "HAMMING_MAX_D"]

SYMMETRY_SEARCH_LIMIT = 50_000  # |X|·|Y|·|O| for the graph search (gap-hamming d = 5: 0.7 s)
HAMMING_MAX_D = 6


def _form(statement) -> str:
    s = statement.structure
    if s is None:
        return "found"
    clean = s.relaxation[0] if s.relaxation is not None else s
    if s.xor_symmetric and s.uniform_alice and clean.pricing is not None:
        return "xor"
    if s.hamming is not None:
        return "hamming"
    return "found"


def can_run(statement) -> tuple[bool, str]:
    """Whether this method takes ``statement``: a transitive symmetry group
    (declared or found) and an exact law.

    Returns ``(True, "")`` or ``(False, reason)``, from sizes and declared structure only.
    """
    form = _form(statement)
    if statement.structure is None and not statement.problem.exact:
        return False, "its law is not exact (floats); certification needs exact rationals"
    if form == "hamming":
        d, rho = statement.structure.hamming
        if d > HAMMING_MAX_D:
            return False, f"Gap-Hamming orbit pricing reaches d = {HAMMING_MAX_D}, not d = {d}"
        floor = gap_hamming_optimal_error(d, rho)
        if not floor < statement.error < Fraction(1, 2):
            return False, f"needs {floor} < δ < 1/2 (the optimal error and the trivial error)"
    if form == "xor":
        s = statement.structure
        q = s.relaxation[1] if s.relaxation is not None else 0
        if statement.error <= q:
            return False, f"its dual point needs δ above the optimal error {q}"
    if form == "found":
        x, y, o = statement.sizes
        if x * y * o > SYMMETRY_SEARCH_LIMIT:
            return False, (f"no declared symmetry, and |X|·|Y|·|O| = {x * y * o} is above the "
                           f"{SYMMETRY_SEARCH_LIMIT} of the graph search for one")
    return True, ""


def run(statement, gap: float = 1e-6, progress: bool = False, bound: str | None = None):
    """Run the method on ``statement``: the orbit-reduced bracket (one pricing curve).

    Returns an :class:`~commlb.ic.result.ICResult` with its certificate.
    """
    started = time.perf_counter()
    form, delta = _form(statement), statement.error
    cert = statement_certificate(statement)
    if form == "xor":
        out = xor_bracket(statement.structure, delta)
        columns = 1
    elif form == "hamming":
        d, rho = statement.structure.hamming
        out = gap_hamming_bracket({"d": d, "rho": rho}, delta, progress=progress, bound=bound)
        columns = 1
    else:
        problem = statement.problem
        optimal = statement.optimal_error()
        if delta < optimal:
            raise InvalidParameterError(f"error {delta} is below the optimal error {optimal} of "
                                        f"{problem.name}; raise the error")
        if delta == optimal:
            raise NotApplicable("the orbit channels need δ above the optimal error")
        generators = alice_transitive_symmetries(problem)
        if generators is None:
            raise NotApplicable("no symmetry group transitive on X was found on its graph")
        oracle = pricing_oracle(statement)
        out = orbit_external_bracket(oracle, generators, delta)
        columns = out["columns"]
    if out.get("upper") is None or out.get("upper_witness") is None:
        raise NotApplicable("the orbit reduction found no upper witness at this error")
    cert["lower_witness"] = out["lower_witness"]
    cert["upper_witness"] = out["upper_witness"]
    if form == "found":
        on_support(cert, oracle.p_x_exact)
    bracket = Bracket(out["lower"], out["upper"], cert, columns, 1, time.perf_counter() - started,
                      out.get("status", "converged (orbit reduction)"))
    return to_result(bracket, statement, "orbit", gap)
