#!/usr/bin/env bash
# The main job locally: install, start the local Kafka broker, create topics, start a worker,
# feed the bundled example articles and print where the results and the metrics are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/bootstrap.sh
exec .venv/bin/newsfeed demo "$@"
