"""Magnets: demagnetization curves, operating point and irreversible loss; grain ensembles."""

from ._fit import MagnetFit
from ._grain_calibration import Calibration, calibrate
from ._grain_ensemble import GrainEnsemble
from ._grain_microstructure import EnsembleParams
from ._magnet import Magnet
from ._vectorised import magnet_properties

__all__ = [
    "Calibration",
    "EnsembleParams",
    "GrainEnsemble",
    "Magnet",
    "MagnetFit",
    "calibrate",
    "magnet_properties",
]
