"""Magnets: demagnetization curves, operating point and irreversible loss; grain ensembles."""

from ._ensemble import Calibration, EnsembleParams, GrainEnsemble, calibrate
from ._magnet import Magnet
from ._vectorised import magnet_properties

__all__ = ["Calibration", "EnsembleParams", "GrainEnsemble", "Magnet", "calibrate", "magnet_properties"]
