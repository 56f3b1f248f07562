"""`python -m store PATH... --db FILE`: see store/cli.py."""

import sys

from store.cli import main

sys.exit(main())
