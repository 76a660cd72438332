"""The must-show duty grid of issue 13: server fans 2-100 W (40-120 mm), EC plug fans 0.3-10 kW and pumps
0.2-30 kW, each at 25, 45 and 60 degC, built from the same mover coefficients as Duty's defaults."""

import math

import magphys as mp
from magphys.design._duty import PLUG_FAN_PHI, PLUG_FAN_PSI, SERVER_FAN_PHI, SERVER_FAN_PSI

RHO_AIR = 1.16
SERVER = ((40, 2.0), (40, 12.0), (60, 8.0), (80, 20.0), (92, 30.0), (120, 60.0), (120, 100.0))
EC_W = (300.0, 1000.0, 3000.0, 10000.0)
PUMP_W = (200.0, 500.0, 1500.0, 3000.0, 10000.0, 30000.0)
TEMPS_C = (25.0, 45.0, 60.0)


def server_fan(d_mm, p_w, t_c):
    """A server-fan duty of shaft power p_w that the defaults put on the d_mm frame."""
    d = d_mm * 1e-3
    u = (0.45 * p_w * 8 / (SERVER_FAN_PSI * SERVER_FAN_PHI * RHO_AIR * math.pi * d * d)) ** (1 / 3)
    q = SERVER_FAN_PHI * math.pi / 4 * d * d * u
    return mp.design.Duty.fan(
        q, SERVER_FAN_PSI * RHO_AIR * u * u / 2, ambient_c=t_c, name=f"fan{d_mm}mm_{p_w:g}W_{t_c:g}C"
    )


def ec_fan(p_w, t_c, speed_rpm=1400.0):
    """An EC plug-fan duty of shaft power p_w near ``speed_rpm``."""
    n = speed_rpm / 60
    u = (0.45 * p_w * 8 / (PLUG_FAN_PSI * PLUG_FAN_PHI * RHO_AIR * math.pi) * (math.pi * n) ** 2) ** (1 / 5)
    d = u / (math.pi * n)
    q = PLUG_FAN_PHI * math.pi / 4 * d * d * u
    return mp.design.Duty.fan(q, PLUG_FAN_PSI * RHO_AIR * u * u / 2, ambient_c=t_c, name=f"ec_{p_w:g}W_{t_c:g}C")


def pump(p_w, t_c):
    """A pump duty of shaft power p_w against 2.5 bar."""
    return mp.design.Duty.pump(p_w * 0.7 / 2.5e5, 2.5e5, coolant_c=t_c, name=f"pump_{p_w:g}W_{t_c:g}C")


def duties():
    out = []
    for t in TEMPS_C:
        out += [server_fan(d, p, t) for d, p in SERVER]
        out += [ec_fan(p, t) for p in EC_W]
        out += [pump(p, t) for p in PUMP_W]
    return out
