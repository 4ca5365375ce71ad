"""Allow ``python -m liushou_desktop``."""

import sys

from liushou_desktop.cli import main

sys.exit(main())
