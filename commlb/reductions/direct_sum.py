r"""component -> Singletons(k, component): the direct-sum embedding.

From a protocol ``Π`` for the k-fold game Singletons(k, q_c) build a protocol
for one instance, Singletons(1, q_c):

* **public coins** ``R = (J, X_<J, R_Π)``: a uniform coordinate ``J``, the
  k-fold input's coordinates before ``J`` (drawn from their law) and ``Π``'s coins;
* **Alice** puts her example at coordinate ``J``, draws ``X_>J`` **privately**
  and sends ``Π``'s message;
* **Bob** runs ``Π``'s decoder on his query.

Bob's query is a fresh example of Alice's subpopulation, which in the k-fold
game is coordinate ``J`` — uniform, as there.  So the error is preserved
exactly, and by the chain rule ``I(X_J; M | J, X_<J, R_Π) = I(X; M | R_Π)/k``
on average over ``J`` (equality).  ``leak=True`` is a broken variant: the
coins also draw ``X_>J`` (publicly), so ``I(X_J; M | X_{-J})`` can exceed the
share ``I(X; M)/k``.  Derivation: proofs/reductions/component_to_singletons.md.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.problems.training import DEFAULT_POSITIONS, DEFAULT_TRAINING
from commlb.reductions.inequality import CheckResult, Inequality, Reduction

__all__ = ["ComponentToSingletons"]

_MAX_COINS = 200_000


class ComponentToSingletons(Reduction):
    """The direct-sum embedding of one instance into Singletons(k, component).

    Parameters
    ----------
    k : int
        Size of the k-fold game (>= 1).
    component : {"next-symbol", "cluster"}
        With its parameters (``d``, ``delta``, ``training`` / ``d``, ``rho``,
        ``labels`` — an integer label count; index labels are slot-dependent).
    leak : bool
        Broken variant: the public coins also draw Alice's other coordinates.

    Raises
    ------
    InvalidParameterError
        Unknown component or parameters, index labels.

    Examples
    --------
    >>> from fractions import Fraction
    >>> red = ComponentToSingletons(2, "next-symbol", d=1, delta=Fraction(1, 2))
    >>> red.check("send-everything").holds
    True

    References
    ----------
    Brown et al., STOC 2021, section 4 (direct sums for Singletons); Bar-Yossef,
    Jayram, Kumar, Sivakumar 2004; proofs/reductions/component_to_singletons.md.
    """

    name = "component-to-singletons"

    def __init__(self, k: int, component: str, leak: bool = False, **params: Any) -> None:
        from commlb.problems import get

        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidParameterError(f"k must be an integer >= 1, got {k!r}")
        if component == "cluster" and str(params.get("labels", "index")) == "index":
            raise InvalidParameterError(
                "component-to-singletons needs labels=L (an integer) for clusters: index labels "
                "depend on the slot")
        self.k, self.component, self.leak = k, component, bool(leak)
        self.source = get("singletons", k=1, component=component, **params)
        self.target = get("singletons", k=k, component=component, **params)
        self.params = {"k": k, "component": component, **params, "leak": self.leak}
        alphabet = self.source.alice_alphabet
        marginal = self.source.alice_marginal(exact=True)
        self._slot_law = [(x[0], Fraction(p)) for x, p in zip(alphabet, marginal, strict=True) if p]
        self._components = self._component_law(component, params)

    @staticmethod
    def _component_law(component: str, params: dict) -> list[tuple[Fraction, dict]]:
        """``[(q_c(c), {example: P(example | c)})]``: the component law, from the learning task."""
        from commlb.learning import get_task

        if component == "next-symbol":
            task = get_task("next-symbol", d=params["d"], N=1, n=1, delta=Fraction(params["delta"]),
                            training=params.get("training", DEFAULT_TRAINING),
                            positions=params.get("positions", DEFAULT_POSITIONS))

            def key(z):
                return z
        else:
            task = get_task("cluster-labeling", d=params["d"], N=1, n=1, rho=Fraction(params["rho"]),
                            labels=int(params["labels"]))

            def key(z):  # Singletons strings are signs; bit b stands for (-1)^b
                return (tuple(0 if v == 1 else 1 for v in z[0]), z[1])
        out = []
        for q, comp in zip(task.component_probs, task.components, strict=True):
            law = dict(zip(task.examples, task.example_law(0, comp), strict=True))
            out.append((Fraction(q), {"key": key, "law": law}))
        return out

    def _conditional_informations(self, kfold):
        """``(I(X_J; M | C_J, R_C), I(X; M | C, R_Π))``: the component-conditioned pair.

        The embedding for this measure also draws ``C_{-J}`` publicly (``R_C = (J, C_{-J},
        X_<J, R_Π)``) and ``X_>J`` privately from their components.
        """
        from commlb.info import Distribution, mutual_information

        k = self.k
        slots = [a for a, _ in self._slot_law]
        comps = self._components
        full: dict[tuple, Fraction] = {}
        planted: dict[tuple, Fraction] = {}
        for cs in itertools.product(range(len(comps)), repeat=k):
            p_c = _product(comps[c][0] for c in cs)
            for xs in itertools.product(slots, repeat=k):
                p_x = _product(comps[c][1]["law"][comps[c][1]["key"](a)] for c, a in zip(cs, xs, strict=True))
                if not p_c * p_x:
                    continue
                for r, p_r in kfold.coins.items():
                    sent = kfold.send(xs, r)
                    sent = sent if isinstance(sent, dict) else {sent: 1}
                    for m, q in sent.items():
                        if not q:
                            continue
                        mass = p_c * p_x * Fraction(p_r) * Fraction(q)
                        key = (cs, xs, r, m)
                        full[key] = full.get(key, Fraction(0)) + mass
                        for J in range(k):
                            coin = (J, cs[:J] + cs[J + 1:], xs[:J], r)
                            pk = (cs[J], xs[J], coin, m)
                            planted[pk] = planted.get(pk, Fraction(0)) + mass / k
        law_k = Distribution(full, names=("C", "X", "R", "M"))
        law_1 = Distribution(planted, names=("CJ", "XJ", "RC", "M"))
        return (mutual_information(law_1, "XJ", "M", given=("CJ", "RC")),
                mutual_information(law_k, "X", "M", given=("C", "R")))

    def coins(self, protocol) -> dict[tuple, Fraction]:
        """``(J, X_<J [and X_>J when leaking], r) -> probability``."""
        out: dict[tuple, Fraction] = {}
        for J in range(self.k):
            public = J + (self.k - 1 - J if self.leak else 0)
            for xs in itertools.product(self._slot_law, repeat=public):
                p_x = Fraction(1)
                for _, p in xs:
                    p_x *= p
                for r, p_r in protocol.coins.items():
                    out[(J, tuple(a for a, _ in xs), r)] = Fraction(1, self.k) * p_x * Fraction(p_r)
                    if len(out) > _MAX_COINS:
                        raise InstanceTooLargeError(
                            f"the embedding has more than {_MAX_COINS} coin values; lower k or d")
        return out

    def protocol_from(self, target_solution: Any):
        """The one-instance protocol from a k-fold protocol (or a standard protocol's name)."""
        from commlb.protocols import OneWayProtocol

        kfold = self.target_protocol(target_solution)
        k, leak, slot_law = self.k, self.leak, self._slot_law

        def send(x, coin):
            J, public, r = coin
            prefix, rest = public[:J], public[J:]
            law: dict = {}
            suffixes = [(rest, Fraction(1))] if leak else [
                (tuple(a for a, _ in xs), _product(p for _, p in xs))
                for xs in itertools.product(slot_law, repeat=k - 1 - J)]
            for suffix, p in suffixes:
                sent = kfold.send(prefix + (x[0],) + suffix, r)
                sent = sent if isinstance(sent, dict) else {sent: 1}
                for m, q in sent.items():
                    law[m] = law.get(m, Fraction(0)) + p * q
            return law

        def decode(m, y, coin):
            return kfold.decode(m, y, coin[2])

        return OneWayProtocol(kfold.message_alphabet, send, decode, self.coins(kfold),
                              name=f"embed({kfold.name})")

    def check(self, target_solution: Any = None, *, protocol: Any = None) -> CheckResult:
        """Information share and error of the embedded instance, exactly.

        Returns
        -------
        CheckResult
            ``information: I(X_J; M | R) <= I(X; M | R_Π)/k`` and
            ``error: err(embedded) <= err(Π)`` (both equalities for the correct embedding).
        """
        from commlb.protocols import distributional_error, external_information_cost

        kfold = self.target_protocol(protocol if protocol is not None else target_solution)
        planted = self.protocol_from(kfold)
        info_one = external_information_cost(planted, self.source)
        info_k = external_information_cost(kfold, self.target)
        err_one = distributional_error(planted, self.source)
        err_k = distributional_error(kfold, self.target)
        cond_one, cond_k = self._conditional_informations(kfold)
        inequalities = [
            Inequality("information: I(X_J; M | J, X_<J, R) <= I(X; M | R)/k", info_one, info_k / self.k),
            Inequality("information (components): I(X_J; M | C_J, R_C) <= I(X; M | C, R)/k",
                       cond_one, cond_k / self.k),
            Inequality("error: err(embedded protocol) <= err(k-fold protocol)", err_one, err_k),
        ]
        details = {"k_fold_information": info_k, "k_fold_error": err_k, "embedded_information": info_one,
                   "embedded_error": err_one}
        return CheckResult(self.name, self.params, kfold.name, inequalities, details)


def _product(values) -> Fraction:
    out = Fraction(1)
    for v in values:
        out *= v
    return out
