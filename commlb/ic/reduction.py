"""Dropping decision functions that can never help (dominated columns).

A decision function ``g`` is *dominated* by ``g'`` when ``D[x, g'] <= D[x, g]`` for
every ``x``.  Moving all the mass of ``g`` onto ``g'`` does not raise the error, and
it merges two message values, a garbling of ``G``, so no information term
``I(X; G | C = c)`` increases (data processing).  Hence the program keeps its value
when dominated columns are removed (``proofs/information_complexity/reformulation.md``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["undominated_columns"]

# Pairwise dominance costs |G|^2·|X|; above this many distinct columns only
# exact duplicates are merged (dropping fewer columns is always safe).
PAIRWISE_LIMIT = 4096


def _distinct_columns(D: np.ndarray) -> np.ndarray:
    """First index of each distinct column (random projection, verified exactly)."""
    weights = np.random.default_rng(0).random(D.shape[0]) + 0.5
    keys = np.einsum("x,xg->g", weights, D)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    if np.array_equal(D[:, first[inverse]], D):  # no two distinct columns share a key
        return np.sort(first)
    _, first = np.unique(D, axis=1, return_index=True)
    return np.sort(first)


def undominated_columns(D: np.ndarray, *, pairwise_limit: int = PAIRWISE_LIMIT) -> np.ndarray:
    """Indices of columns of ``D`` that survive duplicate merging and dominance.

    Parameters
    ----------
    D : numpy.ndarray
        Distortion ``D[x, g]``, shape ``(|X|, |G|)``.
    pairwise_limit : int
        Do the quadratic dominance test only when at most this many distinct
        columns remain.

    Returns
    -------
    numpy.ndarray
        Sorted column indices; among exact duplicates the first is kept.

    Examples
    --------
    >>> import numpy as np
    >>> undominated_columns(np.array([[0., 1., 1., 0.], [1., 0., 1., 1.]])).tolist()
    [0, 1]

    References
    ----------
    T. Cover and J. Thomas, *Elements of Information Theory*, 2nd ed., Thm. 2.8.1
    (data processing), applied to the merged message.
    """
    keep = _distinct_columns(D)
    if keep.size > pairwise_limit or keep.size <= 1:
        return keep
    C = D[:, keep]
    order = np.argsort(C.sum(axis=0), kind="stable")
    C = C[:, order]
    alive = np.ones(C.shape[1], dtype=bool)
    block = max(1, 2_000_000 // max(1, C.shape[0] * C.shape[1]))
    for start in range(0, C.shape[1], block):
        stop = min(C.shape[1], start + block)
        # le[a, b, :] : column b <= column a everywhere (b can dominate a)
        le = C[:, None, :] <= C[:, start:stop, None]  # le[x, a, b] = C[x, b] <= C[x, a]
        dominated_by = le.all(axis=0)  # (block, |G|): column b dominates column a
        idx = np.arange(start, stop)
        dominated_by[np.arange(stop - start), idx] = False
        # distinct columns: b dominates a strictly (they are not equal), so drop a
        alive[idx[dominated_by.any(axis=1)]] = False
    return np.sort(keep[order[alive]])
