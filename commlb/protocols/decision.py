"""Decision functions g: Y -> O and the decision distortion D[x, g].

Any one-way protocol can be replaced by one whose message is Bob's decision
function ``g`` without raising its information cost or changing its error, so
the information complexity is a rate-distortion problem over the alphabet of
all ``|O|^|Y|`` functions with distortion ``D[x, g] = E[loss(T, g(Y)) | X = x]``.
Functions are enumerated in lexicographic order of the tuple
``(g(y_0), g(y_1), ...)`` of output indices: ``g_k[j]`` is digit ``j`` of ``k``
written in base ``|O|`` with ``j = 0`` the most significant.

References
----------
Brown et al., STOC 2021, section 4; docs/architecture.md, "One program" (the
decision-function reformulation).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError
from commlb.protocols.rational import fits

__all__ = ["DecisionMixin", "DecisionFunctions", "outer_sum"]

DEFAULT_MAX_FUNCTIONS = 2**22
_MAX_ENTRIES = 2**28


class DecisionFunctions(Sequence):
    """The decision functions of a problem as a lazy sequence of output tuples.

    ``functions[k][j]`` is the output of ``g_k`` on ``bob_alphabet[j]``.

    Examples
    --------
    >>> from commlb.problems import get
    >>> functions = get("index", d=2).decision_functions()
    >>> len(functions), functions[0], functions[1], functions[3]
    (4, (0, 0), (0, 1), (1, 1))
    """

    def __init__(self, outputs: tuple, width: int) -> None:
        self._outputs = outputs
        self._width = width
        self._size = len(outputs) ** width

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(self._size))]
        if k < 0:
            k += self._size
        if not 0 <= k < self._size:
            raise IndexError("decision function index out of range")
        base = len(self._outputs)
        digits = []
        for _ in range(self._width):
            k, digit = divmod(k, base)
            digits.append(self._outputs[digit])
        return tuple(reversed(digits))


def outer_sum(cost: np.ndarray) -> np.ndarray:
    """``D[i, k] = Σ_j cost[i, j, g_k[j]]`` for every function index k (lexicographic).

    Parameters
    ----------
    cost : numpy.ndarray
        Shape ``(n, |Y|, |O|)``; any dtype that supports ``+`` (float, int, object).

    Returns
    -------
    numpy.ndarray
        Shape ``(n, |O|^|Y|)``.

    Examples
    --------
    >>> import numpy as np
    >>> outer_sum(np.array([[[0, 1], [0, 10]]])).tolist()
    [[0, 10, 1, 11]]
    """
    n, ny, no = cost.shape
    out = cost[:, 0, :]
    for j in range(1, ny):
        out = (out[:, :, None] + cost[:, j, None, :]).reshape(n, -1)
    return np.ascontiguousarray(out)


class DecisionMixin:
    """Decision-function methods of :class:`commlb.protocols.OneWayProblem`."""

    @property
    def num_decision_functions(self) -> int:
        """``|O|^|Y|``, the number of decision functions g: Y -> O.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("augmented-index", d=3).num_decision_functions
        128
        """
        return len(self.output_alphabet) ** len(self.bob_alphabet)

    def decision_functions(self) -> DecisionFunctions:
        """All decision functions, as tuples ``g`` with ``g[j] = g(bob_alphabet[j])``.

        Returns
        -------
        DecisionFunctions
            A lazy sequence of length ``|O|^|Y|`` in lexicographic order.
        """
        return DecisionFunctions(self.output_alphabet, len(self.bob_alphabet))

    def _refuse_if_large(self, max_functions: int) -> int:
        count = self.num_decision_functions
        ny, no, nx = len(self.bob_alphabet), len(self.output_alphabet), len(self.alice_alphabet)
        if count > max_functions:
            raise InstanceTooLargeError(
                f"{self.name} has |O|^|Y| = {no}^{ny} = {_short(count)} decision functions, "
                f"above the limit {max_functions}; choose smaller parameters or raise "
                "max_functions"
            )
        if count * nx > _MAX_ENTRIES:
            raise InstanceTooLargeError(
                f"{self.name} needs a {nx} x {_short(count)} distortion table "
                f"(|X| x |O|^|Y|), above {_MAX_ENTRIES} entries; choose smaller parameters"
            )
        return count

    def decision_function_table(self, max_functions: int = DEFAULT_MAX_FUNCTIONS) -> np.ndarray:
        """``G[k, j]`` = index in ``output_alphabet`` of ``g_k(bob_alphabet[j])``.

        Raises
        ------
        InstanceTooLargeError
            If ``|O|^|Y| > max_functions``.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=2).decision_function_table().tolist()
        [[0, 0], [0, 1], [1, 0], [1, 1]]
        """
        count = self._refuse_if_large(max_functions)
        ny, no = len(self.bob_alphabet), len(self.output_alphabet)
        k = np.arange(count, dtype=np.int64)
        powers = no ** np.arange(ny - 1, -1, -1, dtype=np.int64)
        return ((k[:, None] // powers[None, :]) % no).astype(np.int64)

    def decision_distortion_scaled(
        self, max_functions: int = DEFAULT_MAX_FUNCTIONS
    ) -> tuple[np.ndarray, np.ndarray, int]:
        r"""Exact distortion as integers: ``(p_x, D_int, L)`` with ``D = D_int / L``.

        Parameters
        ----------
        max_functions : int
            Refuse above this many decision functions.

        Returns
        -------
        p_x : numpy.ndarray
            Object array of Fractions, ``p_x[i] = μ(x_i)``.
        D_int : numpy.ndarray
            ``(|X|, |O|^|Y|)`` integers (int64, or object if L >= 2^63), with
            ``D[i, k] = E[loss(T, g_k(Y)) | X = x_i] = D_int[i, k] / L``
            (0 where μ(x_i) = 0).
        L : int
            The positive common denominator.

        Raises
        ------
        InstanceTooLargeError
            If ``|O|^|Y| > max_functions``.
        InvalidParameterError
            If the problem's law is float.

        Examples
        --------
        >>> from commlb.problems import get
        >>> p_x, d_int, scale = get("index", d=2).decision_distortion_scaled()
        >>> d_int[0].tolist(), scale
        ([0, 1, 1, 2], 2)
        """
        self._use_exact(True)
        self._refuse_if_large(max_functions)
        joint, _ = self.joint_scaled()
        cost = np.tensordot(joint, self._loss.astype(joint.dtype), axes=([2], [0]))
        mass = [int(m) for m in joint.sum(axis=(1, 2))]
        common = math.lcm(*[m for m in mass if m]) if any(mass) else 1
        factors = np.array([common // m if m else 0 for m in mass], dtype=object)
        # J[i, j, o]·(L / m_i) <= L: every partial sum of a row fits when L < 2^62.
        scaled = cost.astype(object) * factors[:, None, None]
        d_int = outer_sum(scaled.astype(np.int64) if fits(common) else scaled)
        return self.alice_marginal(exact=True), d_int, int(common)

    def decision_distortion(
        self, exact: bool | None = None, max_functions: int = DEFAULT_MAX_FUNCTIONS
    ) -> tuple[np.ndarray, np.ndarray]:
        r"""``(p_x, D)`` with ``D[i, k] = E[loss(T, g_k(Y)) | X = x_i]``.

        Parameters
        ----------
        exact : bool, optional
            Fractions (object arrays) if true, float64 if false; default: the
            problem's mode.
        max_functions : int
            Refuse above this many decision functions.

        Returns
        -------
        p_x : numpy.ndarray
            ``p_x[i] = μ(x_i)``.
        D : numpy.ndarray
            Shape ``(|X|, |O|^|Y|)``, functions in the order of
            :meth:`decision_functions`.

        Raises
        ------
        InstanceTooLargeError
            If ``|O|^|Y| > max_functions`` (the message names the size).

        Examples
        --------
        >>> from commlb.problems import get
        >>> p_x, D = get("index", d=2).decision_distortion()
        >>> p_x[0], D[0].tolist()
        (Fraction(1, 4), [Fraction(0, 1), Fraction(1, 2), Fraction(1, 2), Fraction(1, 1)])

        References
        ----------
        docs/architecture.md, "One program" (the decision-function reformulation).
        """
        if self._use_exact(exact):
            p_x, d_int, common = self.decision_distortion_scaled(max_functions)
            to_fraction = np.frompyfunc(lambda n: Fraction(int(n), common), 1, 1)
            return p_x, to_fraction(d_int).astype(object)
        self._refuse_if_large(max_functions)
        return self.alice_marginal(exact=False), outer_sum(self.cost_table(exact=False))


def _short(count: int) -> str:
    return str(count) if count < 10**12 else f"about 2^{count.bit_length() - 1}"
