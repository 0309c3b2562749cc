#!/usr/bin/env bash
# Pipeline overhead (issue 3): no-op trials (one reported epoch, no training) through the real
# pipeline on the embedded broker — submit, worker slots (one transaction per take of up to
# PACK_SIZE trials; 1 = one per trial, as before issue 17), aggregator (Kafka Streams,
# exactly-once) — and the latency from submit to the first epoch report.
#
#   bench/pipeline.sh [TRIALS] [WORKER_SLOTS] [PACK_SIZE]      default 2000 4 64
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/pipeline.sh [TRIALS] [WORKER_SLOTS] [PACK_SIZE]      default 2000 4 64'; source bench/args.sh
at_most 3 "$@"; whole "TRIALS, WORKER_SLOTS, PACK_SIZE" "$@"
for a in "$@"; do (( 10#$a > 0 )) || bad "TRIALS, WORKER_SLOTS, PACK_SIZE: at least 1, not $a"; done
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar
./trialstream bench-pipeline --trials "${1:-2000}" --workers "${2:-4}" --pack-size "${3:-64}" 2>/dev/null
