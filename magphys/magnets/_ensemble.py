"""The grain ensemble, by concern (this module re-exports its names for earlier imports):

- ``_grain_lattice``: lattice dimensions and the mutual demagnetizing factors of touching cubes;
- ``_grain_microstructure``: ``EnsembleParams``, the texture and the grain table;
- ``_grain_solver``: switching fields, the moment and the settled field steps (``GrainSolver``);
- ``_grain_calibration``: ``calibrate`` against the materials engine (``Calibration``);
- ``_grain_ensemble``: ``GrainEnsemble`` and its experiments (demagnetization curve, irreversible loss,
  loss map, thermal cycle, recoil loop).

Imports run one way, top to bottom.
"""

from ._grain_calibration import CALIBRATION_GRAINS, Calibration, calibrate
from ._grain_ensemble import RAMP_FIELD_STEPS, RAMP_K, GrainEnsemble
from ._grain_lattice import cube_mutual_factors
from ._grain_microstructure import (
    DEFECT_FACTOR,
    INTERACTION,
    SIGMA_LN_D,
    EnsembleParams,
    alignment,
    grain_table,
    texture_width,
)
from ._grain_solver import MAX_SWEEPS

__all__ = [
    "CALIBRATION_GRAINS",
    "DEFECT_FACTOR",
    "INTERACTION",
    "MAX_SWEEPS",
    "RAMP_FIELD_STEPS",
    "RAMP_K",
    "SIGMA_LN_D",
    "Calibration",
    "EnsembleParams",
    "GrainEnsemble",
    "alignment",
    "calibrate",
    "cube_mutual_factors",
    "grain_table",
    "texture_width",
]
