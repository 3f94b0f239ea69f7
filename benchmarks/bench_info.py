"""Information measures: commlb against dit, side by side in one run.

    python benchmarks/bench_info.py          (needs the `bench` extra: dit)

Prints the time of float mutual information of a 300 x 300 joint law in
commlb and in dit and their ratio, the time of exact mutual information of a
30 x 30 rational law, and the time of ``import commlb``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from fractions import Fraction

import numpy as np

from commlb.info import Distribution, mutual_information


def best_of(function, repeat: int = 5) -> float:
    """The least wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(2021)
    joint = rng.random((300, 300))
    joint /= joint.sum()

    law = Distribution.from_array(joint, names=("X", "Y"))
    ours_value = mutual_information(law, "X", "Y")
    ours = best_of(lambda: mutual_information(Distribution.from_array(joint, ("X", "Y")), "X", "Y"))
    print(f"float MI, 300 x 300: commlb {ours * 1e3:8.2f} ms   value {ours_value:.12f}")
    try:
        import dit
        from dit.shannon import mutual_information as dit_mi
    except ImportError:
        print("float MI, 300 x 300: dit not installed (pip install -e '.[bench]'); no ratio")
    else:
        outcomes = [(i, j) for i in range(300) for j in range(300)]

        def with_dit() -> float:
            d = dit.Distribution(outcomes, joint.reshape(-1).tolist())
            return dit_mi(d, [0], [1])

        dit_value = with_dit()
        theirs = best_of(with_dit, repeat=3)
        print(f"float MI, 300 x 300: dit    {theirs * 1e3:8.2f} ms   value {dit_value:.12f}")
        print(f"ratio dit / commlb: {theirs / ours:.1f}x   |difference| {abs(dit_value - ours_value):.2e}")

    counts = rng.integers(0, 50, size=(30, 30))
    total = int(counts.sum())
    exact = {(i, j): Fraction(int(counts[i, j]), total) for i in range(30) for j in range(30)}
    value = mutual_information(Distribution(exact, ("X", "Y")), "X", "Y")
    exact_time = best_of(lambda: mutual_information(Distribution(exact, ("X", "Y")), "X", "Y"))
    print(f"exact MI, 30 x 30 rational law: {exact_time * 1e3:.1f} ms   "
          f"certified {value.interval()}")

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import commlb, commlb.info"], check=True)
    print(f"python -c 'import commlb, commlb.info' (whole interpreter): "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
