"""``python -m streams.bench``."""

import sys

from streams.bench import main

sys.exit(main())
