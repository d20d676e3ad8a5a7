"""Kept while annotators run ``python -m graph.annotations check``; use ``python -m graph.gold``."""

import sys

from graph.gold import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
