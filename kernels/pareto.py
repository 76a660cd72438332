"""Pareto dominance for non-dominated fronts over 2-4 objectives (all minimised).

``pareto_filter`` marks the candidates that some member of the current front dominates (one thread per
candidate, on either backend): what survives a block is usually a small set, whose front with the old
front is found by ``front_of_sorted``, the sequential sweep over rows sorted lexicographically (only a row
earlier in that order can dominate a later one, and only a front member need be checked, since
dominance is transitive; Kung, Luccio & Preparata, J. ACM 22, 469 (1975) for the idea of the sweep).
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable


@register_jitable
def dominates(a, b):
    """a dominates b: no worse in every objective and better in one."""
    better = False
    for j in range(a.shape[0]):
        if a[j] > b[j]:
            return False
        if a[j] < b[j]:
            better = True
    return better


@register_jitable
def dominated_by_any(front, row):
    for i in range(front.shape[0]):
        if dominates(front[i], row):
            return 1
    return 0


@njit(cache=True)
def front_of_sorted(f, keep):
    """Rows of ``f`` (sorted lexicographically, finite) that no other row dominates -> keep[i] = 1."""
    n = f.shape[0]
    front = np.empty(n, dtype=np.int64)  # indices of the rows kept so far
    m = 0
    for i in range(n):
        dom = False
        for k in range(m):
            if dominates(f[front[k]], f[i]):
                dom = True
                break
        keep[i] = 0 if dom else 1
        if not dom:
            front[m] = i
            m += 1
