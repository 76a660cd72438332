import csv
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEST_DATA = Path(__file__).resolve().parent / "data"


def read_data_csv(name: str) -> list[dict]:
    """Rows of ``tests/data/<name>`` as dicts, ``#`` comment lines dropped; a missing file fails."""
    with open(TEST_DATA / name, newline="") as f:
        return list(csv.DictReader(line for line in f if not line.lstrip('"').startswith("#")))
