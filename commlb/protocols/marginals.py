"""Marginals of a one-way problem's law and the two baseline errors.

The optimal error (Bob sees X and Y) and the trivial error (Bob sees Y only)
bracket the error of every one-way protocol; the cost table ``C`` is what the
decision distortion sums over Bob's inputs.

References
----------
Brown et al., STOC 2021, section 4; docs/architecture.md, "One program".
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["MarginalsMixin"]


class MarginalsMixin:
    """Marginals, cost tables and baseline errors of :class:`commlb.protocols.OneWayProblem`.

    Every method takes ``exact`` (default: the problem's mode): Fractions in
    object arrays if true, float64 if false.

    Examples
    --------
    >>> from commlb.problems import get
    >>> get("equality", d=1).xy_matrix().tolist()
    [[Fraction(3, 8), Fraction(1, 8)], [Fraction(1, 8), Fraction(3, 8)]]

    References
    ----------
    Brown et al., STOC 2021, section 4.
    """

    def xy_matrix(self, exact: bool | None = None) -> np.ndarray:
        """``p[i, j] = μ(x_i, y_j)``, the law of Alice's and Bob's inputs.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=2).xy_matrix(exact=False)[0].tolist()
        [0.125, 0.125]

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        return self._view(self._joint, exact).sum(axis=2)

    def alice_marginal(self, exact: bool | None = None) -> np.ndarray:
        """``p_x[i] = μ(x_i)``, the law of Alice's input.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).alice_marginal().tolist()
        [Fraction(1, 2), Fraction(1, 2)]

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        return self._view(self._joint, exact).sum(axis=(1, 2))

    def cost_table(self, exact: bool | None = None) -> np.ndarray:
        r"""``C[i, j, o] = Σ_t μ(y_j, t | x_i)·loss(t, o)`` (0 where μ(x_i) = 0).

        So that ``D[i, k] = Σ_j C[i, j, g_k[j]]``.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).cost_table()[:, 0, :].tolist()
        [[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)]]

        References
        ----------
        docs/architecture.md, "One program" (the decision distortion).
        """
        joint = self._view(self._joint, exact)
        cost = np.tensordot(joint, self._loss.astype(joint.dtype), axes=([2], [0]))
        p_x = joint.sum(axis=(1, 2))
        for i in range(len(p_x)):
            cost[i] = cost[i] / p_x[i] if p_x[i] != 0 else cost[i] * 0
        return cost

    def joint_cost_table(self, exact: bool | None = None) -> np.ndarray:
        r"""``J[i, j, o] = Σ_t μ(x_i, y_j, t)·loss(t, o)``: the loss mass of output o at (x, y).

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).joint_cost_table()[0, 0].tolist()
        [Fraction(0, 1), Fraction(1, 2)]

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        joint = self._view(self._joint, exact)
        return np.tensordot(joint, self._loss.astype(joint.dtype), axes=([2], [0]))

    def optimal_error(self) -> Fraction | float:
        r"""Least error when Bob sees X and Y: ``Σ_{x,y} min_o Σ_t μ(x,y,t)·loss(t,o)``.

        A lower bound on the error of every protocol (it is the error of sending x).

        Returns
        -------
        Fraction or float
            Exact problems give a Fraction, float problems a float.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("noisy-augmented-index", d=1, delta="1/2").optimal_error()
        Fraction(3, 8)

        References
        ----------
        Brown et al., STOC 2021, section 1 (optimal error err*).
        """
        return _exact_or_float(self.joint_cost_table().min(axis=2).sum(), self.exact)

    def trivial_error(self) -> Fraction | float:
        r"""Least error with no message: ``Σ_y min_o Σ_{x,t} μ(x,y,t)·loss(t,o)``.

        Returns
        -------
        Fraction or float
            Exact problems give a Fraction, float problems a float.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=2).trivial_error()
        Fraction(1, 2)

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        return _exact_or_float(self.joint_cost_table().sum(axis=0).min(axis=1).sum(), self.exact)


def _exact_or_float(value: object, exact: bool) -> Fraction | float:
    return Fraction(value) if exact else float(value)
