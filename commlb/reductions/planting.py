r"""Singletons(k, q_c) -> mixture task: Alice plants her examples in singleton slots.

Brown et al., STOC 2021.  From a learner ``A`` for a mixture task with ``N``
subpopulations (uniform weights) and ``n`` training examples, the protocol for
Singletons(k, q_c) is:

* **public coins** ``R = (J, π, C_rest, X_rest)``: the subpopulation ``J_s`` of
  every training slot (``J ~ Unif[N]^n``); an injection ``π: [k] -> [N]``
  choosing Alice's subpopulations among those that occur at most once in
  ``J`` (singletons first, uniformly; then empty ones); the components of
  every other subpopulation and the examples of every other slot;
* **Alice** plants her example ``i`` in the slot of ``π(i)`` (if it occurs),
  runs ``A`` on the training set and sends the model ``M``;
* **Bob** applies ``M`` to his query (mapping a cluster-index label
  ``π(i)`` back to ``i``).

The training set then has exactly the task's law (checked: inequality
``simulation``), and

* ``I(X; M | P) >= I(X_A; M | P_A, R)`` (chain rule; M depends on X only),
* ``I(X_A; M | P_A, R) <= I(X_A; M | R)`` (the protocol's external cost),
* ``err(Π_A) <= (N/k)·err(A) − (N/k − 1)·e_rest``, where ``e_rest`` is the least
  error on test points of the other subpopulations of a predictor that knows
  their components: the exact error translation (the asymptotic ``e·ε``
  of the paper is ``N/k ≈ e`` for ``N = n``).

``plant="non-singleton"`` is a deliberately broken variant: Alice's example
goes into a slot whose subpopulation occurs again, whose other examples the
coins draw from an independent component.  Derivation:
proofs/reductions/singletons_to_task.md.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.info import Distribution, mutual_information
from commlb.reductions.inequality import CheckResult, Inequality, Reduction
from commlb.reductions.symbol_map import SymbolMap, total_variation

__all__ = ["SingletonsToTask"]

_MAX_ROWS = 400_000
_DENSE_LIMIT = 20_000


class SingletonsToTask(Reduction):
    """The planting reduction from Singletons(k, q_c) to a mixture task (see module docstring).

    Parameters
    ----------
    task : commlb.learning.Task
        ``next-symbol`` (alphabet 2, uniform positions) or ``cluster-labeling``,
        uniform weights, tiny parameters.
    k : int
        Alice's number of examples; ``1 <= k <= N − floor(n/2)`` so that ``k``
        subpopulations occurring at most once always exist.
    plant : {"singleton", "non-singleton"}
        ``non-singleton`` is the broken variant (for tests).

    Raises
    ------
    InvalidParameterError
        Non-uniform weights, ``k`` out of range, unknown task.
    InstanceTooLargeError
        If the exact joint law would exceed a few hundred thousand outcomes.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.learning import get_task
    >>> task = get_task("next-symbol", d=1, N=2, n=1, delta=Fraction(1, 2), training="whole")
    >>> SingletonsToTask(task, k=1).check("bayes-optimal").holds
    True

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, section 5;
    proofs/reductions/singletons_to_task.md.
    """

    def __init__(self, task, k: int = 1, plant: str = "singleton") -> None:
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidParameterError(f"k must be an integer >= 1, got {k!r}")
        if len(set(task.weights)) != 1:
            raise InvalidParameterError("the planting reduction needs uniform weights (prior='uniform')")
        if k > task.N - task.n // 2:
            raise InvalidParameterError(
                f"k = {k} > N − floor(n/2) = {task.N - task.n // 2}: some training sets have fewer "
                "than k subpopulations occurring at most once; lower k or n, or raise N")
        if plant not in ("singleton", "non-singleton"):
            raise InvalidParameterError(f"plant must be 'singleton' or 'non-singleton', got {plant!r}")
        if not task.exact:
            raise InvalidParameterError("the planting reduction is checked exactly; give rational parameters")
        self.task, self.k, self.plant = task, k, plant
        self.adapter = SymbolMap(task, k)
        self.source, self.target = self.adapter.source, task
        self.name = "singletons-to-" + task.name
        self.solution = "learner"
        self.params = {**{key: v for key, v in task.params.items() if key not in ("prior",)},
                       "k": k, "plant": plant}
        self._coins: list | None = None
        self._qc = [Fraction(q) for q in task.component_probs]
        self._ex = {(j, c): [Fraction(p) for p in task.example_law(j, comp)]
                    for j in range(task.N) for c, comp in enumerate(task.components)}

    # ----------------------------------------------------------------- coins
    def _injections(self, J: tuple) -> list[tuple[tuple, Fraction]]:
        """The law of π given J."""
        N, k = self.task.N, self.k
        count = [J.count(j) for j in range(N)]
        single = [j for j in range(N) if count[j] == 1]
        empty = [j for j in range(N) if count[j] == 0]
        if self.plant == "non-singleton":
            repeated = [j for j in range(N) if count[j] >= 2]
            if len(repeated) >= k:
                perms = list(itertools.permutations(repeated, k))
                return [(p, Fraction(1, len(perms))) for p in perms]
        if len(single) >= k:
            perms = list(itertools.permutations(single, k))
        else:
            perms = [p for extra in itertools.combinations(empty, k - len(single))
                     for p in itertools.permutations(single + list(extra), k)]
        return [(p, Fraction(1, len(perms))) for p in perms]

    def alice_slots(self, J: tuple, pi: tuple) -> dict[int, int]:
        """Slot -> Alice's coordinate: her example i sits in the first slot of ``π(i)``."""
        out = {}
        for i, j in enumerate(pi):
            if j in J:
                out[J.index(j)] = i
        return out

    def coins(self) -> list[tuple[tuple, Fraction]]:
        """The public coins ``R = (J, π, C, X_rest)`` with their exact law.

        ``C[j]`` is the component the coins draw for subpopulation ``j`` (-1 for
        Alice's); ``X_rest[s]`` the example index of slot ``s`` (-1 for Alice's slots).
        """
        if self._coins is not None:
            return self._coins
        N, n = self.task.N, self.task.n
        w = Fraction(1, N)
        out = []
        for J in itertools.product(range(N), repeat=n):
            for pi, p_pi in self._injections(J):
                slots = self.alice_slots(J, pi)
                drawn = [j for j in range(N) if j not in pi or
                         (self.plant == "non-singleton" and J.count(j) >= 2)]
                rest = [s for s in range(n) if s not in slots]
                for comps in itertools.product(range(len(self._qc)), repeat=len(drawn)):
                    C = [-1] * N
                    p_c = Fraction(1)
                    for j, c in zip(drawn, comps, strict=True):
                        C[j] = c
                        p_c *= self._qc[c]
                    laws = [[(z, p) for z, p in enumerate(self._ex[(J[s], C[J[s]])]) if p]
                            for s in rest]
                    for xs in itertools.product(*laws):
                        X = [-1] * n
                        p_x = Fraction(1)
                        for s, (z, p) in zip(rest, xs, strict=True):
                            X[s] = z
                            p_x *= p
                        out.append(((J, pi, tuple(C), tuple(X)), w**n * p_pi * p_c * p_x))
                        if len(out) > _MAX_ROWS:
                            raise InstanceTooLargeError(
                                f"the public coins have more than {_MAX_ROWS} values; lower d, N or n")
        self._coins = out
        return out

    def training_set(self, x_alice: tuple, r: tuple) -> tuple[int, ...]:
        """The training set (task example indices) Alice builds from her input and the coins."""
        J, pi, _, X = r
        seq = list(X)
        for s, i in self.alice_slots(J, pi).items():
            seq[s] = self.adapter.alice_to_task(x_alice[i], i, pi)
        return tuple(seq)

    # --------------------------------------------------------------- learner
    def _learner_law(self, learner):
        """``seq -> {model column: probability}`` and the model table, from the learning layer."""
        from commlb.learning import get_learner
        from commlb.learning.training import enumerate_task

        learner = get_learner(learner)
        enum = enumerate_task(self.task, symmetric=learner.symmetric)
        channel = learner.channel(enum)
        rows: dict[int, dict[int, Fraction]] = {}
        for r, c, v in zip(channel.rows, channel.cols, channel.vals, strict=True):
            rows.setdefault(int(r), {})[int(c)] = Fraction(int(v), int(channel.den))
        # row of each training set, read off the enumeration itself (multisets: sorted tuples)
        row_of = {tuple(int(z) for z in slots): r for r, slots in enumerate(enum.space.slots)}

        def law(seq: tuple) -> dict[int, Fraction]:
            return rows[row_of[tuple(sorted(seq)) if learner.symmetric else tuple(seq)]]

        return learner, law, channel.models

    def protocol_from(self, target_solution: Any = "bayes-optimal"):
        """The Singletons protocol ``Π_A`` built from the learner ``A`` (name, Learner or callable).

        Returns
        -------
        commlb.protocols.OneWayProtocol
            Messages are model indices; coins as in :meth:`coins`.
        """
        from commlb.protocols import OneWayProtocol

        learner, law, models = self._learner_law(target_solution)
        adapter, labels = self.adapter, self.task.labels

        def send(x, r):
            return law(self.training_set(x, r))

        def decode(m, y, r):
            return adapter.output(labels[models[m][adapter.bob_to_input(y)]], r[1])

        return OneWayProtocol(range(len(models)), send, decode, dict(self.coins()),
                              name=f"plant({learner.name})")

    # ----------------------------------------------------------------- check
    def _alice_law(self) -> list[tuple[tuple, tuple, Fraction]]:
        """``(C_A, x_A, prob)``: Alice's components and examples (Singletons symbols)."""
        k = self.k
        alphabet = self.source.alice_alphabet
        pi0 = tuple(range(k))
        out = []
        for comps in itertools.product(range(len(self._qc)), repeat=k):
            p_c = math.prod((self._qc[c] for c in comps), start=Fraction(1))
            for x in alphabet:
                p = p_c
                for i, a in enumerate(x):
                    p *= self._ex[(pi0[i], comps[i])][self.adapter.alice_to_task(a, i, pi0)]
                    if not p:
                        break
                if p:
                    out.append((comps, x, p))
        return out

    def _joint(self, law) -> dict[tuple, Fraction]:
        """Exact law of ``(C_A, X_A, R, M, P, X)`` under the reduction."""
        out: dict[tuple, Fraction] = {}
        coins = self.coins()
        for comps, x, p_a in self._alice_law():
            for r, p_r in coins:
                seq = self.training_set(x, r)
                P = list(r[2])
                for i, j in enumerate(r[1]):
                    P[j] = comps[i]
                key0 = (comps, x, r)
                for m, q in law(seq).items():
                    key = (*key0, m, tuple(P), seq)
                    out[key] = out.get(key, Fraction(0)) + p_a * p_r * q
        return out

    def _task_law(self) -> dict[tuple, Fraction]:
        """The task's own law of ``(P, X)``: components i.i.d., ``J ~ Unif``, examples."""
        N, n = self.task.N, self.task.n
        out: dict[tuple, Fraction] = {}
        for P in itertools.product(range(len(self._qc)), repeat=N):
            p_P = math.prod((self._qc[c] for c in P), start=Fraction(1))
            for J in itertools.product(range(N), repeat=n):
                laws = [[(z, p) for z, p in enumerate(self._ex[(J[s], P[J[s]])]) if p] for s in range(n)]
                for xs in itertools.product(*laws):
                    seq = tuple(z for z, _ in xs)
                    p = p_P * Fraction(1, N**n) * math.prod((p for _, p in xs), start=Fraction(1))
                    out[(P, seq)] = out.get((P, seq), Fraction(0)) + p
        return out

    def _source_law_distance(self) -> Fraction:
        """TV between the Singletons law μ(x, y, t) and the task's law with π = (0..k-1)."""
        task, k, adapter = self.task, self.k, self.adapter
        pi0 = tuple(range(k))
        mine: dict[tuple, Fraction] = {}
        tests = {(j, c): task.test_law(j, comp) for j in range(k) for c, comp in enumerate(task.components)}
        for comps, x, p_a in self._alice_law():
            for y in self.source.bob_alphabet:
                u = adapter.bob_to_input(y)
                for t in self.source.target_alphabet:
                    label = task.labels.index(adapter.target_label(t, pi0))
                    p = sum((Fraction(tests[(j, comps[j])][u][label]) for j in range(k)), Fraction(0))
                    if p:
                        mine[(x, y, t)] = mine.get((x, y, t), Fraction(0)) + p_a * p / k
        return total_variation(mine, {key: Fraction(p) for key, p in self.source.law.items()})

    def rest_error(self) -> Fraction:
        r"""``e_rest = E_R min_g Pr[g(u) != y]`` for a test point of a non-Alice subpopulation.

        The predictor knows the components the coins drew; ``0`` when ``k = N``.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from commlb.learning import get_task
        >>> task = get_task("next-symbol", d=1, N=2, n=1, delta=Fraction(1, 2), training="whole")
        >>> SingletonsToTask(task).rest_error()  # knows c: errs when the bit was flipped
        Fraction(1, 4)
        """
        task, N, k = self.task, self.task.N, self.k
        if k == N:
            return Fraction(0)
        tests = {(j, c): task.test_law(j, comp) for j in range(N) for c, comp in enumerate(task.components)}
        cache: dict[tuple, Fraction] = {}
        total = Fraction(0)
        for (_, pi, C, _), p in self.coins():
            key = (pi, tuple(C[j] for j in range(N) if j not in pi))
            if key not in cache:
                rest = [j for j in range(N) if j not in pi]
                err = Fraction(0)
                for u in range(len(task.inputs)):
                    row = [sum((Fraction(tests[(j, C[j])][u][y]) for j in rest), Fraction(0))
                           for y in range(len(task.labels))]
                    err += sum(row) - max(row)
                cache[key] = err / len(rest)
            total += p * cache[key]
        return total

    def _protocol_error(self, joint: Distribution, models: np.ndarray) -> Fraction:
        """``err(Π_A)`` from the reduction's joint law and the task's test laws (Singletons loss).

        The loss depends on ``(C_A, π, M)`` only: masses are summed per key first.
        """
        task, k, adapter = self.task, self.k, self.adapter
        mass: dict[tuple, Fraction] = {}
        for (CA, _, R, m, _, _), p in joint.items():
            key = (CA, R[1], m)
            mass[key] = mass.get(key, Fraction(0)) + p
        targets = self.source.target_alphabet
        total = Fraction(0)
        for (CA, pi, m), p in mass.items():
            g = models[m]
            loss = Fraction(0)
            for j in range(k):
                for u, row in enumerate(task.test_law(pi[j], task.components[CA[j]])):
                    out = adapter.output(task.labels[g[u]], pi)
                    for lab, value in enumerate(row):
                        if value:
                            t = j if adapter.index_labels else targets[lab]
                            loss += Fraction(value) * self.source.loss(t, out)
            total += p * loss / k
        return total

    def check(self, target_solution: Any = None, *, learner: Any = None) -> CheckResult:
        """Every inequality of the reduction for one learner, computed exactly.

        Parameters
        ----------
        target_solution, learner : str, Learner or callable
            The learner (either argument; default ``"bayes-optimal"``).

        Returns
        -------
        CheckResult
            Inequalities ``simulation``, ``source law``, ``information`` (two)
            and ``error``, with ``details`` (errors, factor ``N/k``, offset).
        """
        from commlb.learning import memorization
        from commlb.protocols import distributional_error, external_information_cost

        chosen = learner if learner is not None else target_solution
        chosen = "bayes-optimal" if chosen is None else chosen
        learner_obj, law, models = self._learner_law(chosen)
        mem = memorization(self.task, learner_obj, singletons=False)
        joint = Distribution(self._joint(law), names=("CA", "XA", "R", "M", "P", "X"))
        dense = (len(self.coins()) * len(self.source.alice_alphabet) * len(models)
                 * len(self.source.bob_alphabet) * len(self.source.output_alphabet))
        if dense <= _DENSE_LIMIT:  # the protocol layer's own tables: an independent computation
            protocol = self.protocol_from(learner_obj)
            err_protocol = distributional_error(protocol, self.source)
            external = external_information_cost(protocol, self.source)
            costs_from = "commlb.protocols (dense tables of the protocol)"
        else:
            err_protocol = self._protocol_error(joint, models)
            external = mutual_information(joint, "XA", "M", given="R")
            costs_from = "the reduction's joint law (protocol tables too large)"
        conditional = mutual_information(joint, "XA", "M", given=("CA", "R"))
        simulated_pair = {key: p for key, p in joint.marginal("P", "X").items()}
        tv = total_variation(simulated_pair, self._task_law())
        N, k = self.task.N, self.k
        factor = Fraction(N, k)
        e_rest = self.rest_error()
        bound = factor * mem.error - (factor - 1) * e_rest
        err_star_source = self.source.optimal_error()
        inequalities = [
            Inequality("simulation: TV(law of (P, X) under the reduction, task law) <= 0", tv, Fraction(0)),
            Inequality("source law: TV(task law of (X_A, Y, T), Singletons law) <= 0",
                       self._source_law_distance(), Fraction(0)),
            Inequality("information: I(X; M | P) >= I(X_A; M | P_A, R)", mem.memorization_bits,
                       conditional, ">="),
            Inequality("information: I(X_A; M | P_A, R) <= I(X_A; M | R)", conditional, external),
            Inequality("error: err(protocol) <= (N/k)·err(A) − (N/k − 1)·e_rest", err_protocol, bound),
        ]
        details = {
            "learner_error": mem.error, "learner_optimal_error": mem.optimal_error,
            "learner_excess_error": mem.excess_error, "protocol_error": err_protocol,
            "source_optimal_error": err_star_source, "rest_error": e_rest, "factor": factor,
            "offset": factor * mem.optimal_error - (factor - 1) * e_rest - err_star_source,
            "protocol_external_information": external, "protocol_costs_from": costs_from,
            "simulated_memorization": mutual_information(joint, "X", "M", given="P"),
            "translation": "err(protocol) − err*(source) <= factor·(err(A) − err*(task)) + offset",
        }
        return CheckResult(self.name, self.params, learner_obj.name, inequalities, details)
