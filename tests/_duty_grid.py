"""The must-show duty grid of issue 13: server fans 2-100 W (40-120 mm), EC plug fans 0.3-10 kW and pumps
0.2-30 kW, each at 25, 45 and 60 degC, built from the same mover coefficients as Duty's defaults."""

import magphys as mp
from magphys.design._duty import PUMP_ETA_TOTAL, plug_fan_point, server_fan_point

SERVER = ((40, 2.0), (40, 12.0), (60, 8.0), (80, 20.0), (92, 30.0), (120, 60.0), (120, 100.0))
EC_W = (300.0, 1000.0, 3000.0, 10000.0)
PUMP_W = (200.0, 500.0, 1500.0, 3000.0, 10000.0, 30000.0)
TEMPS_C = (25.0, 45.0, 60.0)


def server_fan(d_mm, p_w, t_c):
    """A server-fan duty of shaft power p_w that the defaults put on the d_mm frame."""
    q, dp = server_fan_point(d_mm, p_w)
    return mp.design.Duty.fan(q, dp, ambient_c=t_c, name=f"fan{d_mm}mm_{p_w:g}W_{t_c:g}C")


def ec_fan(p_w, t_c, speed_rpm=1400.0):
    """An EC plug-fan duty of shaft power p_w near ``speed_rpm``."""
    q, dp = plug_fan_point(p_w, speed_rpm)
    return mp.design.Duty.fan(q, dp, ambient_c=t_c, name=f"ec_{p_w:g}W_{t_c:g}C")


def pump(p_w, t_c):
    """A pump duty of shaft power p_w against 2.5 bar."""
    return mp.design.Duty.pump(p_w * PUMP_ETA_TOTAL / 2.5e5, 2.5e5, coolant_c=t_c, name=f"pump_{p_w:g}W_{t_c:g}C")


def duties():
    out = []
    for t in TEMPS_C:
        out += [server_fan(d, p, t) for d, p in SERVER]
        out += [ec_fan(p, t) for p in EC_W]
        out += [pump(p, t) for p in PUMP_W]
    return out
