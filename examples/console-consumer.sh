#!/usr/bin/env bash
# Read a newsfeed output topic with Apache Kafka's own console consumer (kafka-tools, the version of
# the local broker: ops/kafka/tools-pom.xml; fetched with Maven on first use into .cache/kafka/tools).
#   examples/console-consumer.sh [TOPIC] [MAX_MESSAGES]   (default: news.enriched, all)
# Prints key<TAB>value (JSON) per record, committed records only, and stops after 10 s without one.
# NEWSFEED_BROKER picks the broker (default 127.0.0.1:9092); KAFKA_TOOLS another jar directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
broker=${NEWSFEED_BROKER:-127.0.0.1:9092}
libs=${KAFKA_TOOLS:-$root/.cache/kafka/tools}
topic=${1:-news.enriched}
if ! compgen -G "$libs/kafka-tools-[0-9]*.jar" >/dev/null; then
  command -v mvn >/dev/null || { echo "console-consumer: Maven (mvn) is needed once to fetch kafka-tools" >&2; exit 2; }
  echo "console-consumer: fetching Kafka's tools into $libs (once) ..." >&2
  mvn -q -B -f "$root/ops/kafka/tools-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs.partial" -DincludeScope=runtime >&2
  rm -rf "$libs" && mv "$libs.partial" "$libs"
fi
# --isolation-level read_committed: the worker writes in transactions; without it the consumer also
# prints records of aborted ones.
args=(--bootstrap-server "$broker" --topic "$topic" --from-beginning
      --isolation-level read_committed --timeout-ms 10000
      --property print.key=true --property key.separator=$'\t')
[ -z "${2:-}" ] || args+=(--max-messages "$2")
exec java -Dlog4j2.configurationFile="$root/ops/kafka/log4j2-tools.yaml" -cp "$libs/*" \
  org.apache.kafka.tools.consumer.ConsoleConsumer "${args[@]}"
