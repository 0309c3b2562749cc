#!/usr/bin/env bash
# Trials on a classic consumer group (the worker's design: static membership, 6 s session, one
# transaction per trial) against a share group (KIP-932, Kafka 4.2+: explicit acknowledgement,
# RENEW once per epoch, a short record lock), issue 15. A standalone broker process and, per run,
# three consumer JVMs of fake trials (one-second epochs of sleep); scenarios:
#   kill       kill -9 of a consumer 3 s into a trial (a consumer is idle): kill -> the trial restarts elsewhere
#   freeze     SIGSTOP of a consumer 3 s into a trial, SIGCONT after FREEZE s: -> the trial restarts elsewhere
#   imbalance  one 30-epoch trial and eleven 3-epoch ones queued for three idle consumers: -> all started
# for each design (classic on 8 partitions; share on 8 and on 1 partition). Prints one row per run:
# recovery, all started / all done (s after the first trial was submitted), starts (redone work),
# terminal events and duplicated trials. Raw output goes to bench/results/share-DATE.txt.
#
#   bench/share.sh [REPEATS] [LOCK_S] [FREEZE_S]   default 3 10 15
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/share.sh [REPEATS] [LOCK_S] [FREEZE_S]   default 3 10 15'; source bench/args.sh
at_most 3 "$@"; whole "REPEATS, LOCK_S, FREEZE_S" "$@"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target bench/results
cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/share.jar
work=$(mktemp -d /tmp/trialstream-share.XXXXXX)
out=bench/results/share-$(date -u +%Y-%m-%dT%H%M).txt
{
  echo "# bench/share.sh ${*:-} on $(hostname), $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
  java -jar target/share.jar bench-share --dir "$work" --repeats "${1:-3}" --lock "${2:-10}" --freeze "${3:-15}" 2>&1 \
    | grep -v -e ' INFO ' -e ' DEBUG ' -e '^\s*at '
  echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "raw output: $out; process logs: $work"
