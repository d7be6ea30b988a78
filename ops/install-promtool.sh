#!/usr/bin/env bash
# Provides `promtool` (checks and unit-tests ops/prometheus/*.yml) and the `prometheus` server (the
# integration tests start their own, scraping a test worker). Idempotent: does nothing when both are
# on PATH; otherwise installs Debian's `prometheus` package, which ships both. Needs root (apt-get).
# The package's service is not started in a container without systemd, and is not needed.
set -euo pipefail
if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-promtool: no promtool and no apt-get; install Prometheus' promtool by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Install from the current package lists; refresh them only when the package is not known yet.
if ! apt-cache show prometheus >/dev/null 2>&1; then
  apt-get update -qq
fi
if ! apt-get install -y -qq --no-install-recommends prometheus >/dev/null; then
  # Stale lists (a package version no longer on the mirror): refresh once and retry.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
command -v promtool >/dev/null 2>&1 || { echo "install-promtool: promtool still not on PATH" >&2; exit 1; }
command -v prometheus >/dev/null 2>&1 || { echo "install-promtool: prometheus still not on PATH" >&2; exit 1; }
promtool --version 2>&1 | head -n 1
