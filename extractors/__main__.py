"""`python -m extractors PATH... --out FILE`: see extractors/cli.py."""

import sys

from extractors.cli import main

sys.exit(main())
