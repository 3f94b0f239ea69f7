r"""Gap-Hamming -> Singletons(k, cluster): hide the instance among k clusters.

From a protocol ``Π`` for Singletons(k, cluster) with index labels (Bob names the
cluster his fresh point came from; the same problem as multi-sample Gap-Hamming,
``task="identify"``) build a protocol for Gap-Hamming(d, ρ) (is Bob's ``y``
ρ-correlated with Alice's ``x``, or independent?):

* **public coins** ``R = (J, X_<J, R_Π)``: a uniform slot ``J``, the strings of the
  slots before ``J`` (uniform) and ``Π``'s coins;
* **Alice** puts ``x`` in slot ``J``, draws the strings after ``J`` **privately** and
  sends ``Π``'s message on the k labelled strings;
* **Bob** runs ``Π``'s decoder on ``y`` and answers "correlated" iff it names ``J``.

If ``y`` is correlated with ``x`` the k strings and ``y`` have exactly the law of
Singletons(k, cluster) with the query from slot ``J``, so Bob errs with ``Π``'s error
``ε``.  If ``y`` is independent, the k strings are i.i.d. uniform whatever ``J`` is,
and ``y`` is independent of them, so ``Π``'s answer is independent of ``J`` and names
it with probability exactly ``1/k``.  Hence

``err(GH protocol) = ε/2 + 1/(2k)``  and  ``I(X; M | J, X_<J, R_Π) = I(X_1..k; M | R_Π)/k``

(the chain rule, averaged over the uniform ``J``), so
``IC_Singletons(k)(ε) >= k · IC_GH(ε/2 + 1/(2k))``.  The argument needs the
product form ``gap-hamming``: an independent ``y`` must be independent of all k
strings, which a Hamming-distance promise would break.  ``place="first"`` is a broken
variant: ``J = 0`` always, so neither the ``1/k`` nor the share ``1/k`` holds.
Derivation: proofs/reductions/gap_hamming_to_singletons.md.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.reductions.inequality import CheckResult, Inequality, Reduction

__all__ = ["GapHammingToSingletons"]

_MAX_COINS = 200_000
PLACES = ("uniform", "first")


class GapHammingToSingletons(Reduction):
    """Gap-Hamming(d, ρ) embedded as one of k clusters of Singletons(k, cluster).

    Parameters
    ----------
    k : int
        Number of clusters (>= 2: with one cluster Bob's answer is forced).
    d : int
        Dimension.
    rho : number
        Correlation in [0, 1].
    place : {"uniform", "first"}
        Where Alice's string goes; ``"first"`` is the broken variant.

    Raises
    ------
    InvalidParameterError
        If ``k < 2`` or a parameter is out of range.

    Examples
    --------
    >>> red = GapHammingToSingletons(2, d=1, rho="1/2")
    >>> result = red.check("send-everything")
    >>> result.holds, [i.name.split(":")[0] for i in result.inequalities]
    (True, ['simulation', 'error', 'information'])

    References
    ----------
    Brown et al., STOC 2021, section 4 (Gap-Hamming drives cluster labeling);
    proofs/reductions/gap_hamming_to_singletons.md.
    """

    name = "gap-hamming-to-singletons"

    def __init__(self, k: int, d: int, rho: Any = Fraction(1, 2), place: str = "uniform") -> None:
        from commlb.problems import get

        if isinstance(k, bool) or not isinstance(k, int) or k < 2:
            raise InvalidParameterError(
                f"k must be an integer >= 2 (with one cluster Bob's answer is forced), got {k!r}")
        if place not in PLACES:
            raise InvalidParameterError(f"place must be one of {PLACES}, got {place!r}")
        self.k, self.place = k, place
        self.source = get("gap-hamming", d=d, rho=rho)
        self.target = get("singletons", k=k, component="cluster", d=d, rho=rho)
        self.params = {"k": k, "d": self.source.params["d"], "rho": self.source.params["rho"],
                       "place": place}
        self._strings = list(self.source.bob_alphabet)
        self._string_p = Fraction(1, len(self._strings))

    def _slots(self) -> list[int]:
        return list(range(self.k)) if self.place == "uniform" else [0]

    def coins(self, protocol) -> dict[tuple, Fraction]:
        """``(J, X_<J, r) -> probability``."""
        out: dict[tuple, Fraction] = {}
        slots = self._slots()
        for J in slots:
            for prefix in itertools.product(self._strings, repeat=J):
                for r, p_r in protocol.coins.items():
                    out[(J, prefix, r)] = (Fraction(1, len(slots)) * self._string_p ** J
                                           * Fraction(p_r))
                    if len(out) > _MAX_COINS:
                        raise InstanceTooLargeError(
                            f"the embedding has more than {_MAX_COINS} coin values; lower k or d")
        return out

    def protocol_from(self, target_solution: Any):
        """The Gap-Hamming protocol from a Singletons(k, cluster) protocol (or its name)."""
        from commlb.protocols import OneWayProtocol

        kfold = self.target_protocol(target_solution)
        k, strings, p_string = self.k, self._strings, self._string_p

        def send(x, coin):
            J, prefix, r = coin
            law: dict = {}
            for suffix in itertools.product(strings, repeat=k - 1 - J):
                labelled = tuple((s, j) for j, s in enumerate(prefix + (x,) + suffix))
                sent = kfold.send(labelled, r)
                sent = sent if isinstance(sent, dict) else {sent: 1}
                for m, q in sent.items():
                    law[m] = law.get(m, Fraction(0)) + p_string ** (k - 1 - J) * Fraction(q)
            return law

        def decode(m, y, coin):
            J, _, r = coin
            out = kfold.decode(m, y, r)
            hit = Fraction(out.get(J, 0)) if isinstance(out, dict) else Fraction(out == J)
            return {1: hit, 0: 1 - hit}

        return OneWayProtocol(kfold.message_alphabet, send, decode, self.coins(kfold),
                              name=f"hide({kfold.name})")

    def _simulated_law(self) -> dict[tuple, Fraction]:
        """Law of (Alice's k labelled strings, y, J) when y is correlated with x (T = 1)."""
        from commlb.problems.hamming import correlated

        rho = Fraction(self.params["rho"])
        slots = self._slots()
        law: dict[tuple, Fraction] = {}
        for J in slots:
            for strings in itertools.product(self._strings, repeat=self.k):
                labelled = tuple((s, j) for j, s in enumerate(strings))
                p = Fraction(1, len(slots)) * self._string_p ** self.k
                for y in self._strings:
                    key = (labelled, y, J)
                    law[key] = law.get(key, Fraction(0)) + p * correlated(strings[J], y, rho)
        return law

    def check(self, target_solution: Any = None, *, protocol: Any = None) -> CheckResult:
        """The simulation, the error and the information share, exactly.

        Returns
        -------
        CheckResult
            ``simulation``: the law Bob's query and Alice's strings get when ``y`` is
            correlated is that of Singletons(k, cluster) (total variation 0);
            ``error: err(GH) <= err(Π)/2 + 1/(2k)`` and
            ``information: I(X; M | J, X_<J, R) <= I(X_1..k; M | R)/k`` (both equalities
            for the correct embedding).
        """
        from commlb.protocols import distributional_error, external_information_cost

        kfold = self.target_protocol(protocol if protocol is not None else target_solution)
        hidden = self.protocol_from(kfold)
        target = self.target
        joint = target.joint_array(exact=True)
        singletons = {(x, y, t): joint[i, j, c]
                      for i, x in enumerate(target.alice_alphabet)
                      for j, y in enumerate(target.bob_alphabet)
                      for c, t in enumerate(target.target_alphabet) if joint[i, j, c]}
        simulated = self._simulated_law()
        keys = set(singletons) | set(simulated)
        tv = sum((abs(singletons.get(key, 0) - simulated.get(key, 0)) for key in keys),
                 Fraction(0)) / 2
        err_k = distributional_error(kfold, target)
        err_gh = distributional_error(hidden, self.source)
        info_k = external_information_cost(kfold, target)
        info_gh = external_information_cost(hidden, self.source)
        inequalities = [
            Inequality("simulation: TV(strings and query when y is correlated, Singletons law) "
                       "<= 0", tv, Fraction(0)),
            Inequality("error: err(Gap-Hamming protocol) <= err(Singletons protocol)/2 + 1/(2k)",
                       err_gh, err_k / 2 + Fraction(1, 2 * self.k)),
            Inequality("information: I(X; M | J, X_<J, R) <= I(X_1..k; M | R)/k", info_gh,
                       info_k / self.k),
        ]
        details = {"singletons_error": err_k, "singletons_information": info_k,
                   "gap_hamming_error": err_gh, "gap_hamming_information": info_gh}
        return CheckResult(self.name, self.params, kfold.name, inequalities, details)

    def optimal_values(self, errors=(Fraction(1, 8), Fraction(1, 4))) -> list[dict]:
        r"""``IC_Singletons(k)(ε)`` against ``k·IC_GH(ε/2 + 1/(2k))``, both certified.

        The reduction says the first is at least the second; each row gives both
        brackets and whether they are consistent with it (the Singletons upper end is
        at least ``k`` times the Gap-Hamming lower end).

        Parameters
        ----------
        errors : sequence of numbers
            Errors ``ε`` of the Singletons protocols (above the Singletons optimal error).

        Returns
        -------
        list of dict
            ``error``, ``translated_error``, ``singletons`` and ``k_times_gap_hamming``
            brackets (bits), ``consistent``.
        """
        from commlb.ic import information_complexity

        rows = []
        for eps in errors:
            eps = Fraction(eps)
            translated = eps / 2 + Fraction(1, 2 * self.k)
            big = information_complexity(self.target, eps)
            if translated >= self.source.trivial_error():
                small_lo = small_hi = 0.0
            else:
                small = information_complexity(self.source, translated)
                small_lo, small_hi = small.lower, small.upper
            rows.append({"error": eps, "translated_error": translated,
                         "singletons": [big.lower, big.upper],
                         "k_times_gap_hamming": [self.k * small_lo, self.k * small_hi],
                         "consistent": big.upper >= self.k * small_lo - 1e-9})
        return rows
