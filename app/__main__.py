"""`python -m app` runs the same server as the `sse-explainer` command."""

import sys

from app.cli import main

sys.exit(main())
