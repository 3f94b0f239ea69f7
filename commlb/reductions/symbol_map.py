"""How the Singletons problem's symbols map to a mixture task's, for the planting reduction.

Alice's labelled examples, Bob's queries and outputs are encoded one way in the
Singletons(k, q_c) problem of the catalogue and another way in the learning
task; :class:`SymbolMap` translates between the two (cluster strings as ±1 in
one and bits in the other, index labels through the planting injection π).
"""

from __future__ import annotations

from fractions import Fraction

from commlb.errors import InvalidParameterError

__all__ = ["SymbolMap", "total_variation"]


class SymbolMap:
    """How the Singletons problem's symbols map to the task's (per task family)."""

    def __init__(self, task, k: int) -> None:
        from commlb.problems import get

        self.task = task
        if task.name == "next-symbol":
            if task.alphabet != 2:
                raise InvalidParameterError("singletons-to-next-symbol needs alphabet=2")
            self.source = get("singletons", k=k, component="next-symbol", d=task.d,
                              delta=Fraction(task.delta), training=task.training,
                              positions=task.params["positions"])
            self.index_labels = False
        elif task.name == "cluster-labeling":
            labels = task.label_mode
            self.source = get("singletons", k=k, component="cluster", d=task.d,
                              rho=Fraction(task.rho), labels=labels)
            self.index_labels = labels == "index"
        else:
            raise InvalidParameterError(f"no planting reduction to task {task.name!r}")
        self.cluster = task.name == "cluster-labeling"
        self.example_index = {z: i for i, z in enumerate(task.examples)}
        self.input_index = {u: i for i, u in enumerate(task.inputs)}

    def _bits(self, s: tuple) -> tuple:
        return tuple(0 if v == 1 else 1 for v in s)  # bit b stands for the sign (-1)^b

    def alice_to_task(self, a, i: int, pi: tuple) -> int:
        """Task example index of Alice's example ``a`` planted for subpopulation ``π(i)``."""
        if not self.cluster:
            return self.example_index[a]
        label = pi[i] if self.index_labels else a[1]
        return self.example_index[(self._bits(a[0]), label)]

    def bob_to_input(self, y) -> int:
        """Task input index of Bob's query ``y``."""
        return self.input_index[self._bits(y) if self.cluster else y[1]]

    def output(self, label, pi: tuple):
        """Bob's Singletons output for the model's task label."""
        if self.index_labels:
            return pi.index(label) if label in pi else 0
        return label

    def target_label(self, t, pi: tuple):
        """The task label of the Singletons target ``t`` (for the law check)."""
        return pi[t] if self.index_labels else t


def total_variation(p: dict, q: dict) -> Fraction:
    """``TV(p, q) = ½ Σ |p − q|`` of two finite laws given as dicts, exactly."""
    keys = set(p) | set(q)
    return sum((abs(p.get(key, Fraction(0)) - q.get(key, Fraction(0))) for key in keys), Fraction(0)) / 2
