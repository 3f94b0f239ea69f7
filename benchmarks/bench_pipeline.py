"""Before/after timings of the solver pipeline in one run, with ratios (the front-door refactor).

    .venv/bin/python benchmarks/bench_pipeline.py --quick        # rows under about 5 s
    .venv/bin/python benchmarks/bench_pipeline.py                # every default row (about 30 min)
    .venv/bin/python benchmarks/bench_pipeline.py --all          # also the 40-minute frontier row
    .venv/bin/python benchmarks/bench_pipeline.py --rows frontier --repeat 3
    .venv/bin/python benchmarks/bench_pipeline.py --list         # the rows, and exit

The rows are the computations of the README table "Largest sizes reached" (solver,
certifier, frontier, memorization, reductions); the attack experiment row is not
benchmarked, and the dit / cvxpy comparisons run only with ``--compare`` (once, on the
after side; cvxpy takes minutes).  The "before" side is a temporary detached worktree
of ``--before`` (default 789807b, the commit before the refactor; removed at the end,
also on Ctrl-C); the "after" side is this working tree, as it is now (uncommitted
edits included).

Each row runs in a fresh ``python`` subprocess, ``--repeat`` times per side (default 2,
before and after interleaved; rows under 1 s run 5 times per side) and the least wall
time of the row's own code is reported (interpreter start-up is not counted; lazy
imports of commlb's layers are).  The child runs with ``PYTHONPATH=<tree>``, cwd
``<tree>``, with the venv's editable-install finders removed from ``sys.meta_path``
and ``sys.path_hooks``, and checks that ``commlb.__file__`` lies in the intended
tree (a row imported from the wrong tree fails loudly).  Before-side snippets call
the API of 789807b (``method="enumerate"``, ``information_complexity_colgen``,
``symmetric=False``, ``method="colgen"``, ...); after-side snippets call the new front
door with ``method="auto"`` (``commlb.information_complexity``,
``commlb.memorization_frontier``); the method ``auto`` chose is shown.  An after-side
snippet that raises is reported as ``failed (<error>)``; the harness goes on
(``--side before`` or ``--side after`` runs one side only, to check its snippets).
Rows under a second are dominated by the lazy imports of ``commlb.ic`` and the layers
it pulls in (the after side takes a problem object, so it also loads the problem
layer the before side's by-name call skipped), so their cold ratio mostly measures
import time.  Such a row is therefore also timed *warm*: the child runs the same
snippet a second time, its modules loaded, which times the computation alone.

Output: one progress line per row, then a Markdown table (row, cold before/after
seconds and ratio, warm before/after seconds and ratio, a flag, both brackets and
whether they overlap), also written atomically to ``benchmarks/results/pipeline.md``
(``--output``).  The flag is ``SLOWER`` when the computation is slower by more than
1.2x (the warm ratio where measured, else the cold one) and ``imports`` when only the
cold time is (the extra time is module loading).  Exit status: 0 when no row is
flagged ``SLOWER``, 1 otherwise, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BEFORE = "789807b"
SLOWER = 1.2  # flag a row whose after/before ratio exceeds this
FAST = 1.0  # rows faster than this (s) are run FAST_RUNS times per side
FAST_RUNS = 5
WARM_UNDER = 1.0  # rows faster than this (s, cold) are also timed warm, in the same child
MARK = "BENCH_RESULT "

# Run in each child: isolate the intended tree, time the row's snippet (read on stdin).
CHILD = r'''
import json, os, sys, time, traceback

TREE = os.path.realpath(sys.argv[1])
SIDE = sys.argv[2]
MARK = "BENCH_RESULT "
WARM_UNDER = float(sys.argv[3])


def _editable(obj):
    names = [type(obj).__name__, type(obj).__module__ or ""]
    for attr in ("__name__", "__qualname__", "__module__"):
        names.append(str(getattr(obj, attr, "") or ""))
    owner = getattr(obj, "__self__", None)  # a bound path hook
    if owner is not None:
        names += [getattr(owner, "__name__", ""), type(owner).__name__]
    return any("Editable" in n or n.startswith("__editable__") for n in names)


sys.meta_path[:] = [f for f in sys.meta_path if not _editable(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if not _editable(h)]
sys.path[:] = [p for p in sys.path if not str(p).startswith("__editable__")
               and os.path.realpath(p or ".") != os.path.dirname(os.path.realpath(__file__))]
sys.path.insert(0, TREE)
sys.path_importer_cache.clear()
for _name in [m for m in sys.modules if m == "commlb" or m.startswith("commlb.")]:
    del sys.modules[_name]

import commlb  # noqa: E402

WHERE = os.path.realpath(commlb.__file__)


def _report(payload):
    payload.update(side=SIDE, commlb=WHERE)
    print(MARK + json.dumps(payload), flush=True)


if not WHERE.startswith(TREE + os.sep):
    print(f"!!! {SIDE} side imported commlb from {WHERE}, not from {TREE}", file=sys.stderr)
    _report({"ok": False, "wrong_tree": True,
             "error": f"commlb imported from {WHERE}, not from {TREE}"})
    sys.exit(3)
print(f"{SIDE}: commlb from {WHERE}", file=sys.stderr)


def end(value, side):
    """A float bound from a float, an Exact or an Interval (lo when lower, hi when upper)."""
    if value is None:
        return None
    if hasattr(value, "lo") and hasattr(value, "hi"):
        return float(value.lo if side == "lower" else value.hi)
    if hasattr(value, "interval"):
        interval = value.interval()
        return float(interval.lo if side == "lower" else interval.hi)
    return float(value)


_OUT = {}


def emit(lower, upper, **extra):
    """Record the bracket (floats) the row obtained."""
    _OUT.update(lower=None if lower is None else float(lower),
                upper=None if upper is None else float(upper), **extra)


def bracket(result, **extra):
    """emit() the ``lower``/``upper`` of a result object (and the method auto chose)."""
    method = getattr(result, "method", None)
    if isinstance(method, str) and method:
        extra.setdefault("method", method)
    emit(end(result.lower, "lower"), end(result.upper, "upper"), **extra)


_code = sys.stdin.read()
_started = time.perf_counter()
try:
    exec(compile(_code, f"<{SIDE} snippet>", "exec"),
         {"__name__": "__bench__", "emit": emit, "bracket": bracket, "end": end})
except BaseException as exc:  # noqa: BLE001 - every failure is a result of the row
    traceback.print_exc()
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    _report({"ok": False, "error": text[:300]})
    sys.exit(1)
_seconds = time.perf_counter() - _started
if "lower" not in _OUT:
    _report({"ok": False, "error": "the snippet did not call emit()"})
    sys.exit(1)
_cold = dict(_OUT)
_warm = None
if _seconds < WARM_UNDER:  # the same code again, its imports now loaded: the computation alone
    _started = time.perf_counter()
    exec(compile(_code, f"<{SIDE} snippet, warm>", "exec"),
         {"__name__": "__bench__", "emit": emit, "bracket": bracket, "end": end})
    _warm = time.perf_counter() - _started
_report({"ok": True, "seconds": _seconds, "warm_seconds": _warm, **_cold})
'''


@dataclass(frozen=True)
class Row:
    """One benchmark row: a snippet for each side, each ending in ``emit``/``bracket``."""

    name: str
    before: str
    after: str
    quick: bool = False  # under about 5 s
    long: bool = False  # only with --all
    readme: str = ""  # the README's time


def _code(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def _ic_rows() -> list[Row]:
    rows = []

    def ic(name, readme, before, problem, error, objective="external", quick=False):
        after = (f"import commlb\nproblem = commlb.problems.get({problem})\n"
                 f"r = commlb.information_complexity(problem, {error!r}, {objective!r}, "
                 f"method='auto')\nbracket(r)\n")
        rows.append(Row(name, _code(before), after, quick=quick, readme=readme))

    ic("external IC, enumeration: augmented-index d=4 err 1/10", "about 1 s", """
        import commlb
        problem = commlb.problems.get("augmented-index", d=4)
        bracket(commlb.information_complexity(problem, "1/10", "external", 1e-6,
                                              method="enumerate"))
        """, "'augmented-index', d=4", "1/10", quick=True)
    mid = ("from fractions import Fraction\n"
           "error = (Fraction(problem.optimal_error()) + Fraction(problem.trivial_error())) / 2\n")
    rows.append(Row("external IC, enumeration: gap-hamming d=4 rho 1/2 err mid", _code("""
        import commlb
        problem = commlb.problems.get("gap-hamming", d=4, rho="1/2")
        """) + mid + _code("""
        bracket(commlb.information_complexity(problem, error, "external", 1e-6,
                                              method="enumerate"), error=str(error))
        """), "import commlb\nproblem = commlb.problems.get('gap-hamming', d=4, rho='1/2')\n"
        + mid + "r = commlb.information_complexity(problem, error, 'external', method='auto')\n"
        "bracket(r, error=str(error))\n", readme="17-20 s (loaded machine)"))
    colgen = "from commlb.ic.colgen import information_complexity_colgen\n"
    ic("external IC, colgen: augmented-index d=16 err 1/10", "0.7 s", colgen + _code("""
        bracket(information_complexity_colgen("augmented-index", "1/10", "external",
                                              params={"d": 16}))
        """), "'augmented-index', d=16", "1/10", quick=True)
    ic("external IC, colgen: noisy-augmented-index d=16 delta 1/10 err 1/5", "0.7 s", colgen + _code("""
        bracket(information_complexity_colgen("noisy-augmented-index", "1/5", "external",
                                              params={"d": 16, "delta": "1/10"}))
        """), "'noisy-augmented-index', d=16, delta='1/10'", "1/5", quick=True)
    ic("internal IC, colgen (chain rule): augmented-index d=20 err 1/10", "< 0.1 s", colgen + _code("""
        bracket(information_complexity_colgen("augmented-index", "1/10", "internal",
                                              params={"d": 20}))
        """), "'augmented-index', d=20", "1/10", "internal", quick=True)
    ic("colgen without symmetry: augmented-index d=6 err 1/10", "25 s", colgen + _code("""
        from commlb.problems import get
        bracket(information_complexity_colgen(get("augmented-index", d=6), "1/10", "external",
                                              symmetric=False))
        """), "'augmented-index', d=6", "1/10")
    ic("colgen without symmetry: gap-hamming d=4 rho 1/2 err 2/5", "6 s", colgen + _code("""
        from commlb.problems import get
        bracket(information_complexity_colgen(get("gap-hamming", d=4, rho="1/2"), "2/5",
                                              "external", symmetric=False))
        """), "'gap-hamming', d=4, rho='1/2'", "2/5")
    for d, kind, readme in ((5, "exact pricing", "25 s"), (6, "Hölder pricing bound", "22 s")):
        for error in ("2/5", "3/10"):
            ic(f"orbit, {kind}: gap-hamming d={d} rho 1/2 err {error}", readme, colgen + _code(f"""
                bracket(information_complexity_colgen("gap-hamming", "{error}", "external",
                                                      params={{"d": {d}, "rho": "1/2"}}))
                """), f"'gap-hamming', d={d}, rho='1/2'", error)
    ic("internal IC, conditional colgen: augmented-index d=4 err 1/10", "29 s", """
        from fractions import Fraction
        from commlb.ic.colgen_conditional import internal_information_complexity_colgen
        from commlb.problems import get
        bracket(internal_information_complexity_colgen(get("augmented-index", d=4),
                                                       Fraction(1, 10)))
        """, "'augmented-index', d=4", "1/10", "internal")
    ic("orbit on a found symmetry group: equality d=3 err 1/20", "0.2 s", colgen + _code("""
        from commlb.problems import get
        bracket(information_complexity_colgen(get("equality", d=3), "1/20", "external"))
        """), "'equality', d=3", "1/20", quick=True)
    return rows


LEARNERS = ("bayes-optimal", "nearest-neighbour", "constant", "forgetful(1)",
            "noisy-memorizer(1/4)")
NEXT = "'next-symbol', d={d}, N={N}, n={n}, delta=Fraction(1, 4)"
# The before side's next-symbol task cut its training strings by default; the after side
# names that task (training='cut') so both sides compute the same numbers.
CUT = ", training='cut'"
CLUSTER = "'cluster-labeling', d={d}, N={N}, n={n}, rho=Fraction(1, 2)"


def _memorization_rows() -> list[Row]:
    rows = []
    sizes = ((dict(d=4, N=2, n=3), dict(d=3, N=2, n=3), "12 s per learner", False),
             (dict(d=3, N=2, n=2), dict(d=3, N=2, n=2), "< 0.5 s per learner", True))
    for next_size, cluster_size, readme, small in sizes:
        for task, size in (("next-symbol", next_size), ("cluster-labeling", cluster_size)):
            spec = (NEXT if task == "next-symbol" else CLUSTER).format(**size)
            cut = CUT if task == "next-symbol" else ""
            label = ", ".join(f"{k}={v}" for k, v in size.items())
            for learner in LEARNERS:
                before, after = (_code(f"""
                    from fractions import Fraction
                    from commlb.learning import get_task, memorization
                    m = memorization(get_task({spec}{extra}), learner={learner!r})
                    emit(end(m.memorization_bits, "lower"), end(m.memorization_bits, "upper"),
                         error=float(m.error))
                    """) for extra in ("", cut))
                slow = learner.startswith("noisy") and not small  # minutes
                rows.append(Row(f"memorization: {task} {label}, {learner}", before, after,
                                quick=small, long=slow,
                                readme="minutes" if slow else readme))
    return rows


# the new top-level front door; while the rewrite has not exported it yet, the
# commlb.learning one (same method="auto"), named as such in the method column
AFTER_FRONTIER = _code("""
    import commlb
    def bracket_frontier(eps):
        try:
            front, via = commlb.memorization_frontier, ""
        except AttributeError:
            from commlb.learning import memorization_frontier as front
            via = " (via commlb.learning: commlb.memorization_frontier missing)"
        r = front(task, eps, method="auto")
        bracket(r, method=f"{getattr(r, 'method', '') or '?'}{via}")
    """)


def _frontier_rows() -> list[Row]:
    rows = []
    levels = (("next-symbol", "1/100"), ("next-symbol", "1/20"), ("next-symbol", "1/10"),
              ("cluster-labeling", "1/20"))
    for task, eps in levels:
        spec = (NEXT if task == "next-symbol" else CLUSTER).format(d=3, N=2, n=2)
        cut = CUT if task == "next-symbol" else ""
        head, head_after = (f"from fractions import Fraction\nfrom commlb.learning import "
                            f"get_task\ntask = get_task({spec}{extra})\n" for extra in ("", cut))
        rows.append(Row(
            f"frontier, enumeration: {task} d=3, N=2, n=2 eps {eps}",
            head + "from commlb.learning import memorization_frontier\n"
            f"bracket(memorization_frontier(task, Fraction({eps!r}), method='enumerate'))\n",
            head_after + AFTER_FRONTIER + f"bracket_frontier(Fraction({eps!r}))\n",
            readme="2-5 s" if task == "next-symbol" else "6-9 s"))
    for N, long, readme in ((1, False, "33 s"), (2, True, "40 min, not closed")):
        head, head_after = ("from fractions import Fraction\nfrom commlb.learning import "
                            f"get_task\ntask = get_task('next-symbol', d=4, N={N}, n=2, "
                            f"delta=Fraction(0){extra})\n" for extra in ("", CUT))
        rows.append(Row(
            f"frontier, conditional colgen: next-symbol d=4, N={N}, n=2, delta=0 eps 1/20",
            head + "from commlb.learning import memorization_frontier\n"
            "bracket(memorization_frontier(task, Fraction(1, 20), method='colgen'))\n",
            head_after + AFTER_FRONTIER + "bracket_frontier(Fraction(1, 20))\n",
            long=long, readme=readme))
    return rows


# the report's reduction checks and the built-in-learner sweep of tests/test_reductions.py
REDUCTIONS = _code("""
    from fractions import Fraction
    import commlb.reductions as red
    from commlb.learning import get_task
    from commlb.reductions import SingletonsToTask
    checks = []
    bayes = {"learner": "bayes-optimal"}
    for name, params, solution in [
            ("singletons-to-next-symbol", dict(d=2, N=2, n=2, delta=Fraction(1, 4)), bayes),
            ("singletons-to-cluster-labeling", dict(d=2, N=2, n=2, rho=Fraction(1, 2)), bayes),
            ("component-to-singletons",
             dict(k=2, component="next-symbol", d=1, delta=Fraction(1, 4)), {})]:
        checks.append(red.get(name, **params).check(**solution))
    tasks = [
        (get_task("next-symbol", d=1, N=2, n=2, delta=Fraction(1, 4), WHOLE), 1),
        (get_task("next-symbol", d=2, N=2, n=1, delta=Fraction(1, 2)CUT), 1),
        (get_task("cluster-labeling", d=1, N=3, n=2, rho=Fraction(1, 2)), 2),
        (get_task("cluster-labeling", d=1, N=2, n=2, rho=Fraction(1, 2), labels=2), 1)]
    for task, k in tasks:
        for learner in ("bayes-optimal", "nearest-neighbour", "constant", "forgetful(1)",
                        "noisy-memorizer(1/4)"):
            checks.append(SingletonsToTask(task, k=k).check(learner=learner))
    lhs = sum(float(i.lhs) for c in checks for i in c.inequalities)
    emit(lhs, lhs, holds=all(c.holds for c in checks), checks=len(checks))
""")


def _info_rows() -> list[Row]:
    exact = _code("""
        from fractions import Fraction
        import numpy as np
        from commlb.info import Distribution, mutual_information
        counts = np.random.default_rng(2021).integers(0, 50, size=(30, 30))
        total = int(counts.sum())
        law = {(i, j): Fraction(int(counts[i, j]), total) for i in range(30) for j in range(30)}
        value = mutual_information(Distribution(law, ("X", "Y")), "X", "Y")
        emit(end(value, "lower"), end(value, "upper"))
        """)
    floats = _code("""
        import numpy as np
        from commlb.info import Distribution, mutual_information
        joint = np.random.default_rng(2021).random((300, 300))
        joint /= joint.sum()
        value = float(mutual_information(Distribution.from_array(joint, ("X", "Y")), "X", "Y"))
        emit(value, value)
        """)
    return [Row("exact mutual information: 30x30 rational law", exact, exact, quick=True,
                readme="5 ms"),
            Row("float mutual information: 300x300 law", floats, floats, quick=True,
                readme="20 ms")]


def all_rows() -> list[Row]:
    """Every row, in the README's order."""
    rows = _info_rows() + _ic_rows() + _memorization_rows() + _frontier_rows()
    rows.append(Row("reduction checks: d<=2, N<=3, n<=2, k<=2",
                    REDUCTIONS.replace("WHOLE", "cut_training=False").replace("CUT", ""),
                    REDUCTIONS.replace("WHOLE", "training='whole'").replace("CUT", CUT),
                    quick=True, readme="<= 4 s"))
    return rows


# --compare: third-party references, run once on the after side (README: dit 21x slower,
# cvxpy + Clarabel 190-660 s and inaccurate)
COMPARE = {
    "float mutual information: 300x300 law": ("dit", _code("""
        import numpy as np
        import dit
        from dit.shannon import mutual_information
        joint = np.random.default_rng(2021).random((300, 300))
        joint /= joint.sum()
        law = dit.Distribution([(i, j) for i in range(300) for j in range(300)],
                               joint.reshape(-1).tolist())
        value = float(mutual_information(law, [0], [1]))
        emit(value, value)
        """)),
    "external IC, enumeration: augmented-index d=4 err 1/10": ("cvxpy + Clarabel", _code("""
        import math
        import numpy as np
        import cvxpy as cp
        import commlb
        problem = commlb.problems.get("augmented-index", d=4)
        p_x, D = problem.decision_distortion(exact=False)
        n_x, n_g = D.shape
        Q = cp.Variable((n_x, n_g), nonneg=True)
        q = p_x @ Q
        objective = cp.sum(cp.multiply(p_x[:, None], cp.rel_entr(
            Q, np.ones((n_x, 1)) @ cp.reshape(q, (1, n_g), order="C")))) / math.log(2)
        program = cp.Problem(cp.Minimize(objective), [
            cp.sum(Q, axis=1) == 1, cp.sum(cp.multiply(p_x[:, None] * D, Q)) <= 0.1])
        value = float(program.solve(solver=cp.CLARABEL))
        emit(value, value, status=str(program.status))
        """)),
}


@dataclass
class Outcome:
    """One side of one row: the least time over its runs, or why it has none."""

    status: str = "pending"  # ok, failed, timeout, wrong-tree, pending
    seconds: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)  # second run in the same process
    lower: float | None = None
    upper: float | None = None
    method: str | None = None
    error: str = ""

    @property
    def best(self) -> float | None:
        return min(self.seconds) if self.seconds else None

    @property
    def best_warm(self) -> float | None:
        return min(self.warm) if self.warm else None


class Runner:
    """Runs snippets in fresh subprocesses; remembers the running child for Ctrl-C."""

    def __init__(self, python: str, child: Path, timeout: float, verbose: bool):
        self.python, self.child, self.timeout, self.verbose = python, child, timeout, verbose
        self.current: subprocess.Popen | None = None

    def kill(self) -> None:
        proc = self.current
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait()

    def once(self, tree: Path, side: str, code: str) -> dict:
        env = dict(os.environ, PYTHONPATH=str(tree))
        proc = subprocess.Popen([self.python, str(self.child), str(tree), side, str(WARM_UNDER)], cwd=tree,
                                env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.current = proc
        try:
            out, err = proc.communicate(code, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return {"ok": False, "timeout": True, "error": f"timeout (> {self.timeout:g} s)"}
        except BaseException:
            self.kill()
            raise
        finally:
            self.current = None
        lines = [line for line in out.splitlines() if line.startswith(MARK)]
        if self.verbose or (lines and json.loads(lines[-1][len(MARK):]).get("wrong_tree")):
            sys.stderr.write(err)
        if not lines:
            tail = " ".join(err.strip().splitlines()[-1:]) or f"exit status {proc.returncode}"
            return {"ok": False, "error": f"no result ({tail[:300]})"}
        return json.loads(lines[-1][len(MARK):])


def _record(outcome: Outcome, result: dict) -> None:
    if result.get("ok"):
        outcome.status = "ok"
        outcome.seconds.append(float(result["seconds"]))
        if result.get("warm_seconds") is not None:
            outcome.warm.append(float(result["warm_seconds"]))
        outcome.lower, outcome.upper = result.get("lower"), result.get("upper")
        outcome.method = result.get("method", outcome.method)
        return
    outcome.seconds.clear()
    outcome.warm.clear()
    outcome.error = result.get("error", "unknown error")
    outcome.status = ("timeout" if result.get("timeout") else
                      "wrong-tree" if result.get("wrong_tree") else "failed")


def run_row(runner: Runner, row: Row, trees: dict[str, Path], repeat: int,
            only: str = "both") -> dict[str, Outcome]:
    """Interleave before/after runs; a side that fails or times out is not run again."""
    sides = {"before": Outcome(), "after": Outcome()}
    for side in ("before", "after"):
        if only not in ("both", side):
            sides[side].status, sides[side].error = "skipped", "--side " + only
    runs = repeat
    i = 0
    while i < runs:
        for side in ("before", "after"):
            outcome = sides[side]
            if outcome.status not in ("pending", "ok"):
                continue
            _record(outcome, runner.once(trees[side], side, getattr(row, side)))
            if outcome.status == "wrong-tree":
                print(f"!!! {row.name}: {side} side ran the wrong tree: {outcome.error}",
                      file=sys.stderr, flush=True)
        ran = [o for o in sides.values() if o.status != "skipped"]
        if i == 0 and all(o.best is not None and o.best < FAST for o in ran):
            runs = max(repeat, FAST_RUNS)
        i += 1
    return sides


def _seconds(o: Outcome) -> str:
    if o.status == "ok":
        return f"{o.best:.3f}"
    return {"timeout": "timeout", "wrong-tree": "WRONG TREE",
            "skipped": "skipped"}.get(o.status, "failed")


def _bracket(o: Outcome) -> str:
    if o.status != "ok":
        return f"{o.status} ({o.error})" if o.status != "timeout" else o.error

    def num(x):
        return "—" if x is None else f"{x:.9g}"
    if o.lower is not None and o.upper is not None and \
            o.upper - o.lower <= 1e-12 * max(1.0, abs(o.upper)):  # an exact value's enclosure
        return f"= {num((o.lower + o.upper) / 2)}"
    return f"[{num(o.lower)}, {num(o.upper)}]"


def ratio(sides: dict[str, Outcome], warm: bool = False) -> float | None:
    """after / before of the least times (cold, or ``warm``), when both sides have them."""
    if warm:
        b, a = sides["before"].best_warm, sides["after"].best_warm
    else:
        b, a = sides["before"].best, sides["after"].best
    return None if b is None or a is None or b <= 0 else a / b


def flag(sides: dict[str, Outcome]) -> str:
    """``SLOWER`` when the computation is slower by more than SLOWER; ``imports`` when only
    the cold time is (the row's code alone, timed warm, is not)."""
    cold, warm = ratio(sides), ratio(sides, warm=True)
    if cold is None or cold <= SLOWER:
        return "SLOWER" if warm is not None and warm > SLOWER else ""
    return "imports" if warm is not None and warm <= SLOWER else "SLOWER"


def _warm_seconds(o: Outcome) -> str:
    return "—" if o.best_warm is None else f"{o.best_warm:.3f}"


def agree(sides: dict[str, Outcome]) -> str:
    """Whether the two brackets overlap (up to 1e-9 relative)."""
    b, a = sides["before"], sides["after"]
    if b.status != "ok" or a.status != "ok" or None in (b.lower, b.upper, a.lower, a.upper):
        return "—"
    tol = 1e-9 * max(1.0, abs(b.lower), abs(a.lower))
    return "yes" if a.lower <= b.upper + tol and b.lower <= a.upper + tol else "NO"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(results: list[tuple[Row, dict[str, Outcome]]]) -> str:
    """The Markdown table of the rows run so far."""
    head = ["row", "before s", "after s", "after/before", "warm before s", "warm after s",
            "warm after/before", "flag", "before bracket", "after bracket", "agree",
            "after method"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row, sides in results:
        r, w = ratio(sides), ratio(sides, warm=True)
        after = sides["after"]
        cells = [row.name, _seconds(sides["before"]), _seconds(after),
                 "—" if r is None else f"{r:.2f}", _warm_seconds(sides["before"]),
                 _warm_seconds(after), "—" if w is None else f"{w:.2f}", flag(sides),
                 _bracket(sides["before"]),
                 _bracket(after) if after.status == "ok" else f"after: {_bracket(after)}",
                 agree(sides), after.method or "—"]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def select(rows: list[Row], args: argparse.Namespace) -> list[Row]:
    chosen = [r for r in rows if (args.all or not r.long) and (not args.quick or r.quick)]
    if args.rows:
        words = args.rows.lower()
        skipped = [r.name for r in rows if words in r.name.lower() and r.long and not args.all]
        if skipped:
            print(f"(long rows matching {args.rows!r} need --all: {'; '.join(skipped)})")
        chosen = [r for r in chosen if words in r.name.lower()]
    return chosen


def _progress(index: int, total: int, row: Row, sides: dict[str, Outcome]) -> str:
    parts = []
    for side, o in sides.items():
        parts.append(f"{side} {o.best:.3f} s" if o.status == "ok" else f"{side} {_bracket(o)}")
    r, w = ratio(sides), ratio(sides, warm=True)
    note = f", ratio {r:.2f}" if r is not None else ""
    note += f", warm ratio {w:.2f}" if w is not None else ""
    note += f" {flag(sides)}" if flag(sides) else ""
    method = f" [{sides['after'].method}]" if sides["after"].method else ""
    return f"[{index:>2}/{total}] {row.name}: {', '.join(parts)}{note}{method}"


def _compare(runner: Runner, after: Path, results, timeout_note: str) -> str:
    lines = ["| reference | tool | seconds | value | commlb after s | tool / commlb |",
             "|---|---|---|---|---|---|"]
    done = {row.name: sides for row, sides in results}
    for name, (tool, code) in COMPARE.items():
        outcome = Outcome()
        _record(outcome, runner.once(after, "compare", code))
        ours = done.get(name, {}).get("after")
        ours_s = ours.best if ours is not None else None
        rel = (f"{outcome.best / ours_s:.1f}x" if outcome.best is not None and ours_s
               else "—")
        cells = [name, tool, _seconds(outcome), _bracket(outcome),
                 "—" if ours_s is None else f"{ours_s:.3f}", rel]
        line = "| " + " | ".join(_cell(c) for c in cells) + " |"
        print(f"[compare] {line}", flush=True)
        lines.append(line)
    return "\n".join(lines) + f"\n\n{timeout_note}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:8]))
    parser.add_argument("--quick", action="store_true", help="only rows under about 5 s")
    parser.add_argument("--all", action="store_true",
                        help="also the long rows (40-minute frontier, noisy-memorizer at the "
                        "large size)")
    parser.add_argument("--rows", metavar="PATTERN", help="only rows whose name contains this")
    parser.add_argument("--repeat", type=int, default=2, help="runs per side (default 2)")
    parser.add_argument("--before", default=DEFAULT_BEFORE, help="the before commit")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--compare", action="store_true",
                        help="also time dit and cvxpy + Clarabel once (cvxpy: minutes)")
    parser.add_argument("--output", type=Path, help="default benchmarks/results/pipeline.md")
    parser.add_argument("--list", action="store_true", help="list the selected rows and exit")
    parser.add_argument("--side", choices=("both", "before", "after"), default="both",
                        help="run one side only (to check its snippets)")
    parser.add_argument("--verbose", action="store_true", help="show each child's stderr")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    rows = select(all_rows(), args)
    if args.list:
        for row in rows:
            kind = "quick" if row.quick else "long" if row.long else "default"
            print(f"{row.name}  ({kind}; README: {row.readme})")
        return 0
    if not rows:
        print("no row selected")
        return 0

    root = Path(git("rev-parse", "--show-toplevel", cwd=Path(__file__).resolve().parent))
    sha = git("rev-parse", "--verify", f"{args.before}^{{commit}}", cwd=root)
    head = git("rev-parse", "--short", "HEAD", cwd=root)
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no",
                                                cwd=root) else ""
    output = args.output or root / "benchmarks" / "results" / "pipeline.md"
    scratch = Path(tempfile.mkdtemp(prefix="commlb-bench-pipeline-"))
    tree = scratch / "before"
    child = scratch / "child.py"
    child.write_text(CHILD, encoding="utf-8")
    results: list[tuple[Row, dict[str, Outcome]]] = []
    runner = Runner(sys.executable, child, args.timeout, args.verbose)
    added = False

    def on_term(signum, frame):  # SIGTERM: clean up as for Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        git("worktree", "add", "--detach", str(tree), sha, cwd=root)
        added = True
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "commlb")],
                       check=False, capture_output=True)
        print(f"before: {sha[:12]} in {tree}\nafter:  {root} (HEAD {head}{dirty})\n"
              f"{len(rows)} rows, {args.repeat} runs per side, timeout {args.timeout:g} s",
              flush=True)
        trees = {"before": tree, "after": root}
        for index, row in enumerate(rows, 1):
            sides = run_row(runner, row, trees, args.repeat, args.side)
            results.append((row, sides))
            print(_progress(index, len(rows), row, sides), flush=True)
        compare = (_compare(runner, root, results, "Third-party tools run once, on the after "
                            "side; commlb's time is the after-side least time.")
                   if args.compare else "")
    except KeyboardInterrupt:
        runner.kill()
        finished = [row.name for row, _ in results]
        print(f"\ninterrupted after {len(finished)} of {len(rows)} rows; finished: "
              + ("; ".join(finished) if finished else "none"), flush=True)
        if results:
            print("\n" + table(results))
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        if added:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root,
                           check=False, capture_output=True)
            subprocess.run(["git", "worktree", "prune"], cwd=root, check=False,
                           capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)

    slower = [row.name for row, sides in results if flag(sides) == "SLOWER"]
    imports = [row.name for row, sides in results if flag(sides) == "imports"]
    failed = [row.name for row, sides in results
              if any(o.status not in ("ok", "skipped") for o in sides.values())]
    mode = "quick" if args.quick else "all" if args.all else "default"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    text = (f"# Pipeline benchmark: before {sha[:12]} vs after {head}{dirty}\n\n"
            f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; rows: {mode}"
            f"{'' if not args.rows else f', matching {args.rows!r}'}; least wall time of "
            f"{args.repeat} runs per side in fresh processes ({FAST_RUNS} for rows under "
            f"{FAST:g} s, which are also timed warm: the same code again in the same process, "
            f"its modules loaded); load average at the end {load}; after side with method='auto'.\n\n"
            + table(results)
            + f"\n{len(slower)} row(s) slower by more than {SLOWER:g}x"
            + (f": {'; '.join(slower)}" if slower else "")
            + f"; {len(imports)} row(s) slower cold only, by their imports"
            + (f": {'; '.join(imports)}" if imports else "")
            + f"; {len(failed)} row(s) with a failed side"
            + (f": {'; '.join(failed)}" if failed else "") + ".\n"
            + (f"\n{compare}" if compare else ""))
    print("\n" + text)
    write_atomically(output, text)
    print(f"written to {output}")
    return 1 if slower else 0


if __name__ == "__main__":
    sys.exit(main())
