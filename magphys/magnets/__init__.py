"""Magnets: demagnetization curves, operating point and irreversible loss."""

from ._magnet import Magnet
from ._vectorised import magnet_properties

__all__ = ["Magnet", "magnet_properties"]
