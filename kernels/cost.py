"""Magnet cost per kg: the one source of the cost relations that ``magphys.economics`` (bill of materials),
the sweeps' cost stage, the price Monte Carlo and the fused design chain (kernels/chain.py) use.

Scalar ``register_jitable`` code: the CPU and CUDA kernels compile it, the Python side calls it as plain
Python. The element arrays may be in any element order (the caller's, of the same length); called as plain
Python with arrays of shape (n_elements, n_alloys) for ``comp``/``gbd_add`` rows and (n_alloys,) for
``gbd_wt``, every loop runs on whole columns, so one call prices many alloys.
"""

from numba.extending import register_jitable


@register_jitable
def diffused_total_wt(comp, gbd_wt, gbd_add):
    """Mass of an alloy after grain-boundary diffusion, in wt% of the alloy before it.

    Parameters
    ----------
    comp : array
        Element content of the alloy before diffusion, wt% (need not sum to 100).
    gbd_wt : float
        Amount diffused, wt% of the alloy.
    gbd_add : array
        What diffusing 1 wt% adds, by element (a heavy rare earth itself, or R and Cu of an R70Cu30
        eutectic; magphys.magnets._elements.gbd_addition).

    Returns
    -------
    float
        sum_e (c_e + g a_e).
    """
    total = 0.0
    for e in range(gbd_add.shape[0]):
        total += comp[e] + gbd_wt * gbd_add[e]
    return total


@register_jitable
def diffused_wt_pct(comp_e, gbd_wt, gbd_add_e, total):
    """wt% of one element in the diffused magnet: w_e = 100 (c_e + g a_e) / sum_e (c_e + g a_e), with
    ``total`` from ``diffused_total_wt`` (a mass balance: the element contents sum to 100)."""
    return 100.0 * (comp_e + gbd_wt * gbd_add_e) / total


@register_jitable
def element_cost_usd_per_kg(wt_pct, price_usd_per_kg):
    """Raw-material cost of one element per kg of magnet: w_e / 100 x p_e (its mass share times its price)."""
    return wt_pct * price_usd_per_kg / 100.0


@register_jitable
def processing_usd_per_kg(route_usd_per_kg, gbd_step_usd_per_kg, gbd_wt):
    """Processing added to the blank beyond raw materials: the route's, plus the grain-boundary diffusion
    step where anything is diffused (``gbd_wt`` > 0). Written without a branch, so that arrays of
    ``gbd_wt`` work as plain Python (magphys/data/magnet_routes.csv)."""
    return route_usd_per_kg + gbd_step_usd_per_kg * (gbd_wt > 0.0)


@register_jitable
def finished_usd_per_kg(blank_usd_per_kg, yield_fraction):
    """Finished-magnet cost per kg: the blank (raw materials + processing) over the machining yield, the
    share of the blank's mass left in the finished magnet."""
    return blank_usd_per_kg / yield_fraction


@register_jitable
def magnet_cost_usd_per_kg(comp, gbd_wt, gbd_add, price, hree, processing, yield_fraction):
    """Cost per kg and heavy-rare-earth content of a magnet from its alloy, its GBD addition and prices.

    Parameters
    ----------
    comp, gbd_wt, gbd_add : array, float, array
        The alloy before diffusion (wt%), the amount diffused (wt%) and what 1 wt% adds by element
        (``diffused_total_wt``).
    price : array
        Price of each element, USD/kg (a recycled-feed discount already applied where one is wanted).
    hree : array
        1 for the elements counted as heavy rare earths (Dy, Tb, Ho, Gd), else 0.
    processing : float
        Processing added to the blank, USD/kg (``processing_usd_per_kg``: route + GBD step).
    yield_fraction : float
        Machining yield.

    Returns
    -------
    (raw, blank, finished, hree_wt) : tuple of float
        Raw materials sum_e w_e p_e / 100, blank = raw + processing, finished = blank / yield (USD per kg)
        and the heavy rare earths sum_e w_e h_e (wt%), with w_e the diffused magnet's element content
        (``diffused_wt_pct``): a bottom-up cost, raw materials at metal prices plus a conversion margin by
        route over the yield (magphys/data/magnet_routes.csv; the sintered margin calibrated on SMM blank
        quotes, magphys.economics.calibrate).
    """
    total = diffused_total_wt(comp, gbd_wt, gbd_add)
    raw = 0.0
    hree_wt = 0.0
    for e in range(gbd_add.shape[0]):
        w = diffused_wt_pct(comp[e], gbd_wt, gbd_add[e], total)
        raw += element_cost_usd_per_kg(w, price[e])
        hree_wt += w * hree[e]
    blank = raw + processing
    return raw, blank, finished_usd_per_kg(blank, yield_fraction), hree_wt


@register_jitable
def content_g(mass_kg, wt_pct):
    """Grams of a constituent in ``mass_kg`` of magnet at ``wt_pct``: m w / 100 x 1000 g/kg."""
    return mass_kg * wt_pct * 10.0
