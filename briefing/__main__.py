"""`python -m briefing`: see briefing.cli."""

import sys

from briefing.cli import main

sys.exit(main())
