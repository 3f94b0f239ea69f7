"""Time and peak memory of the cluster-labeling experiment at the paper's setting.

n = N = 500, d = 1000 (PAPER.md sec. 6): each model is trained and every
attack is run on every singleton training example.  Aims (issue 8): logistic
regression under 1 minute, the MLP under 10 minutes on 2 cores, and both
attacks recovering at least 97% of singleton bits.

Run:  python benchmarks/bench_experiment.py [--models logistic,mlp] [--out FILE.json]
(on a machine shared with other jobs, ``OPENBLAS_NUM_THREADS=1`` avoids
threads of the BLAS waiting on each other.)

Reports wall-clock and CPU seconds (the machine may be shared: CPU time is the
fairer measure then), the peak resident memory of the process
(``resource.getrusage``) and the peak of numpy/Python allocations during the
run (``tracemalloc``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc

from commlb.learning.experiments import run_cluster_labeling


def measure(model: str, n: int, d: int, seed: int, progress: bool) -> dict:
    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_cluster_labeling(n, d, model=model, seed=seed, progress=progress)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    final = result.final
    return {
        "model": model, "n": n, "d": d, "seed": seed,
        "wall_seconds": wall, "cpu_seconds": cpu,
        "training_seconds": result.seconds["training"], "attack_seconds": result.seconds["attacks"],
        "tracemalloc_peak_mb": peak / 2**20,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "recovery": {k: v.value for k, v in final.recovery.items()},
        "recovery_irrelevant": {k: v.value for k, v in final.recovery_irrelevant.items()},
        "accuracy": {k: v.value for k, v in final.accuracy.items()},
        "n_singletons": result.sizes["n_singletons"],
        "result": result.to_json(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="logistic,mlp")
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("-d", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write all measurements (and full results) as JSON")
    args = parser.parse_args(argv)
    rows = []
    for model in args.models.split(","):
        row = measure(model, args.n, args.d, args.seed, sys.stderr.isatty())
        rows.append(row)
        print(f"{model}: wall {row['wall_seconds']:.1f} s (training {row['training_seconds']:.1f} s,"
              f" attacks {row['attack_seconds']:.1f} s), cpu {row['cpu_seconds']:.1f} s, "
              f"peak tracemalloc {row['tracemalloc_peak_mb']:.0f} MB, "
              f"max RSS {row['max_rss_mb']:.0f} MB", flush=True)
        for name, value in row["recovery"].items():
            print(f"  recovery {name}: {value:.4f} "
                  f"(irrelevant bits {row['recovery_irrelevant'][name]:.4f})", flush=True)
        print("  accuracy " + ", ".join(f"{k} {v:.3f}" for k, v in row["accuracy"].items()),
              flush=True)
    if args.out:
        from commlb.files import write_atomically

        write_atomically(args.out, json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
