"""`python -m moot.core.tally ...` is `moot count ...`."""

import sys

from moot.core.tally.cli import main

sys.exit(main())
