#!/usr/bin/env bash
# Creates .venv and installs newsfeed with its test tools; installs Java, Maven, kcat and Prometheus
# (Debian packages) if the machine lacks them.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
# A compose client validates docker-compose.yml in the tests (there is no Docker engine needed for that).
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  need_apt+=(docker-compose)
fi
# kcat: the downstream example examples/kcat.sh and its test.
command -v kcat >/dev/null 2>&1 || need_apt+=(kcat)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (the local Kafka broker and the tests' tools)"
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Debian's prometheus package: promtool checks and unit-tests the alert rules, and the server itself
# scrapes a worker in tests/integration/test_prometheus.py.
bash ops/install-promtool.sh
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.newsfeed-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi
