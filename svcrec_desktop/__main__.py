"""Allow ``python -m svcrec_desktop``."""

import sys

from svcrec_desktop.cli import main

sys.exit(main())
