#!/usr/bin/env bash
# The test suite on a fresh machine: install, start the local Kafka broker, run pytest, stop the broker.
# Extra arguments go to pytest (e.g. ops/test.sh tests/unit -x).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/bootstrap.sh
started=0
if ! .venv/bin/newsfeed broker status >/dev/null 2>&1; then
  .venv/bin/newsfeed broker start
  started=1
fi
cleanup() { if [ "$started" = 1 ]; then .venv/bin/newsfeed broker stop || true; fi; }
trap cleanup EXIT
export NEWSFEED_BROKER=${NEWSFEED_BROKER:-127.0.0.1:9092}
.venv/bin/python -m pytest -p no:cacheprovider --durations=12 "$@"
