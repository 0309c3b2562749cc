#!/usr/bin/env bash
# Many searches, one fleet (issue 19): waves of searches of no-op trials (each sleeping --trial-ms)
# submitted a few seconds apart to one worker and one aggregator on the embedded broker. Prints, as
# JSON, each search's wait from submit to its first trial start, its completion rank against its
# submit order and priority, the aggregator's events/s, whether every trial ended exactly once (read
# back from the events topic), and after each round the JVM heap after GC and the aggregator's
# state on disk.
#
#   bench/load.sh                     20 searches x 200 trials of 500 ms, 3 s apart, 8 slots
#   bench/load.sh soak [ROUNDS] [MIN] rounds (default 25: 100,000 trials) of 20 searches x 200
#                                     zero-time trials, back to back, 4 slots, 256 fleet slots,
#                                     parallelism 64 (so slots take packs, not one trial per
#                                     metering round trip), starting none after MIN minutes;
#                                     finished searches leave the store after 2 s
#   bench/load.sh -- OPTIONS...       any bench-load options (--searches, --trials, --trial-ms,
#                                     --gap-ms, --slots, --fleet-slots, --parallelism,
#                                     --priorities low,normal,high, --rounds, --minutes,
#                                     --retain-finished-s)
#
# The log (each round's summary as one JSON line, and the pipeline's log) goes to $LOAD_LOG if set,
# else nowhere.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/load.sh | bench/load.sh soak [ROUNDS] [MIN] | bench/load.sh -- OPTIONS...'; source bench/args.sh
case "${1:-}" in
  soak) at_most 3 "$@"; whole "ROUNDS, MIN" "${@:2}" ;;
  ""|--) ;;
  *) bad "unknown argument '$1' (soak, or -- before bench-load options)" ;;
esac
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
# A private copy per run, so a rebuild (or a second bench) cannot pull the jar from under this one.
# JavaCPP unpacks a jar's native libraries (~400 MB) into ~/.javacpp/cache/<jar name>/: that goes with the copy.
mkdir -p target && jar=$(mktemp -p "$PWD/target" bench-load-XXXXXX.jar) \
    && trap 'rm -rf "$jar" "${HOME:-/root}/.javacpp/cache/$(basename "$jar")"' EXIT
cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" "$jar"
export TRIALSTREAM_JAR=$jar
case "${1:-}" in
  soak) ./trialstream bench-load --searches 20 --trials 200 --trial-ms 0 --gap-ms 0 --slots 4 --fleet-slots 256 \
          --parallelism 64 --retain-finished-s 2 --rounds "${2:-25}" ${3:+--minutes "$3"} 2>"${LOAD_LOG:-/dev/null}" ;;
  --) shift; ./trialstream bench-load "$@" 2>"${LOAD_LOG:-/dev/null}" ||
        { s=$?; echo "bench-load ended with $s: its messages go to LOAD_LOG=FILE (see bench/load.sh's header)" >&2; exit $s; } ;;
  *) ./trialstream bench-load 2>"${LOAD_LOG:-/dev/null}" ;;
esac
