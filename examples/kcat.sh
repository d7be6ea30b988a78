#!/usr/bin/env bash
# Read newsfeed's output topics with kcat (Debian/Ubuntu: apt-get install kcat), committed records only.
#   examples/kcat.sh [TOPIC...]        (default: news.enriched news.duplicates news.entities)
# Prints one line per record: topic, partition, offset, key and the JSON value, tab-separated, and
# exits at the end of each partition (-e). NEWSFEED_BROKER picks the broker (default 127.0.0.1:9092).
set -euo pipefail
broker=${NEWSFEED_BROKER:-127.0.0.1:9092}
topics=("$@")
[ ${#topics[@]} -gt 0 ] || topics=(news.enriched news.duplicates news.entities)
for topic in "${topics[@]}"; do
  # isolation.level=read_committed: the worker writes in transactions; without it kcat also prints
  # records of aborted ones. -m 15: give up after 15 s instead of waiting for a broker forever.
  kcat -C -b "$broker" -t "$topic" -o beginning -e -q -m 15 \
    -X isolation.level=read_committed \
    -f '%t\t%p\t%o\t%k\t%s\n'
done
