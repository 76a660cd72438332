"""``python -m magphys.cli``."""

import sys

from . import main

sys.exit(main())
