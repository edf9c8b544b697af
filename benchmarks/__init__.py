"""Benchmarks that print figures. Run them all with `make bench` (python -m benchmarks).

The kernel (shared/) goes on the path first: the benchmarks and scripts.migrate import it,
as the functions do from their layer, whichever way a benchmark is started.
"""

import sys
from pathlib import Path

KERNEL = str(Path(__file__).resolve().parent.parent / "shared")
if KERNEL not in sys.path:
    sys.path.insert(0, KERNEL)
