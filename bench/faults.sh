#!/usr/bin/env bash
# Fault suite (issue 15): a standalone broker process (kafka.Kafka on a formatted KRaft log dir),
# the aggregator and three workers as separate JVMs of the same jar, one search per fault, and the
# faults one after another while trials run:
#   worker kill -9 (not restarted) · worker kill -9 restarted at once · worker SIGTERM ·
#   aggregator kill -9 restarted on its state dir · ... on an empty state dir ·
#   broker kill -9 back after SHORT s · ... after LONG s · broker SIGTERM (a clean shutdown),
#   restarted at once · broker down while the aggregator and a new worker start.
# Prints one row per fault with its recovery time (fault -> the next trial event, or the aggregator
# serving again), then the checks: every trial ended exactly once (events read_committed and the
# leaderboards), every model exports and predict reproduces its test score, every process ready.
# Exit 1 if a check failed. Raw output goes to bench/results/faults-DATE.txt.
#
# BROKERS=3 runs it on a replicated cluster instead: three broker processes (combined KRaft nodes,
# every partition on each, min.insync.replicas 2); the two outages then kill the node coordinating
# the workers' group while the other two carry on, and the suite also times how long until trial
# events flow without it and until every replica is in sync after its return; the clean shutdown
# becomes a rolling restart (each broker in turn, the active controller last, the next only once
# every replica is in sync). Its raw output goes to bench/results/faults-3brokers-DATE.txt.
#
#   [BROKERS=N] bench/faults.sh [SHORT_OUTAGE_S] [LONG_OUTAGE_S] [TRIALS_PER_SEARCH] [EPOCHS]   default 5 60 9 80
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='[BROKERS=N] bench/faults.sh [SHORT_OUTAGE_S] [LONG_OUTAGE_S] [TRIALS_PER_SEARCH] [EPOCHS]   default 5 60 9 80'; source bench/args.sh
at_most 4 "$@"; whole "SHORT_OUTAGE_S, LONG_OUTAGE_S, TRIALS_PER_SEARCH, EPOCHS" "$@"; whole BROKERS "${BROKERS:-1}"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target bench/results
cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/faults.jar
export OMP_NUM_THREADS=1
work=$(mktemp -d /tmp/trialstream-faults.XXXXXX)
brokers=${BROKERS:-1}
if [ "$brokers" = 1 ]; then out=bench/results/faults-$(date -u +%Y-%m-%dT%H%M).txt
else out=bench/results/faults-${brokers}brokers-$(date -u +%Y-%m-%dT%H%M).txt; fi
status=0
{
  echo "# BROKERS=$brokers bench/faults.sh ${*:-} on $(hostname), $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
  java -jar target/faults.jar bench-faults --dir "$work" --brokers "$brokers" --short-outage "${1:-5}" --long-outage "${2:-60}" \
    --trials "${3:-9}" --epochs "${4:-80}" 2>&1
} | tee "$out" || status=$?
echo "raw output: $out; process logs: $work"
exit "$status"
