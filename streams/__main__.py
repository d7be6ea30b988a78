"""``python -m streams``: the ``newsfeed`` command."""

from streams.tools.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
