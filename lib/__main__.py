"""Entry point for ``python -m lib``."""

import sys

from lib.cli.main import main

sys.exit(main())
