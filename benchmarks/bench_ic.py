"""Benchmark: certified external IC with commlb vs cvxpy + Clarabel (exp-cone program).

    python benchmarks/bench_ic.py [--max-d 4] [--skip-slow] [--gap 1e-6]

Augmented index at δ = 0.1 for d = 3 and d = 4 (32 768 decision functions), and
gap-hamming (ρ = 1/2, d = 4, δ halfway between optimal and trivial error).  The
commlb time (``method="auto"``: the registered method that ran is printed) includes
building and checking the certificate.  cvxpy solves the same
program over decision functions: minimise Σ_x p(x) Σ_g rel_entr(Q[x,g], q[g]) / ln 2
with q = pᵀQ, rows of Q stochastic, Σ p Q D <= δ.  Needs the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import math
import time
from fractions import Fraction

import numpy as np

import commlb
from commlb.certificates import check


def cvxpy_external(problem, error: Fraction):
    """(seconds, value in bits, status) of the exp-cone formulation, or None if unavailable."""
    try:
        import cvxpy as cp
    except ImportError:
        return None
    p_x, D = problem.decision_distortion(exact=False)
    n_x, n_g = D.shape
    Q = cp.Variable((n_x, n_g), nonneg=True)
    q = p_x @ Q
    objective = cp.sum(cp.multiply(p_x[:, None], cp.rel_entr(Q, np.ones((n_x, 1)) @ cp.reshape(
        q, (1, n_g), order="C")))) / math.log(2)
    constraints = [cp.sum(Q, axis=1) == 1, cp.sum(cp.multiply(p_x[:, None] * D, Q)) <= float(error)]
    start = time.perf_counter()
    program = cp.Problem(cp.Minimize(objective), constraints)
    try:
        value = program.solve(solver=cp.CLARABEL)
    except Exception as exc:  # solver failure is a result too
        return time.perf_counter() - start, float("nan"), f"failed: {type(exc).__name__}"
    return time.perf_counter() - start, float(value), program.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-d", type=int, default=4)
    parser.add_argument("--skip-slow", action="store_true", help="no cvxpy run at d = 4")
    parser.add_argument("--gap", type=float, default=1e-6)
    args = parser.parse_args()
    cases = [("augmented-index", {"d": d}, Fraction(1, 10)) for d in (3, 4) if d <= args.max_d]
    if args.max_d >= 4:
        gh = commlb.problems.get("gap-hamming", d=4, rho="1/2")
        cases.append(("gap-hamming", {"d": 4, "rho": "1/2"},
                      (Fraction(gh.optimal_error()) + Fraction(gh.trivial_error())) / 2))
    commlb.information_complexity(commlb.problems.get("index", d=1), "0.1")  # warm imports
    print(f"{'problem':<34} {'commlb s':>9} {'bracket (bits)':>34} {'cvxpy s':>9} "
          f"{'cvxpy value':>12} {'status':>20} {'ratio':>7}")
    for name, params, error in cases:
        problem = commlb.problems.get(name, **params)
        start = time.perf_counter()
        result = commlb.information_complexity(problem, error, gap=args.gap)
        verdict = check(result.certificate)
        ours = time.perf_counter() - start
        if not verdict.valid:
            raise SystemExit(f"{name} {params}: certificate rejected ({verdict.reason})")
        label = f"{name} {params} δ={error}"
        bracket = f"[{result.lower:.9f}, {result.upper:.9f}]"
        slow = params["d"] >= 4
        theirs = None if (args.skip_slow and slow) else cvxpy_external(problem, error)
        if theirs is None:
            print(f"{label:<34} {ours:9.3f} {bracket:>34} {'-':>9} {'-':>12} {'skipped':>20}")
            continue
        seconds, value, status = theirs
        print(f"{label:<34} {ours:9.3f} {bracket:>34} {seconds:9.2f} {value:12.7f} "
              f"{status:>20} {seconds / ours:6.0f}x")
        print(f"{'':<34} {result.method}: {result.status}; gap {result.gap:.2e}; "
              f"cvxpy error vs bracket: "
              f"{max(0.0, result.lower - value, value - result.upper):.2e}")


if __name__ == "__main__":
    main()
