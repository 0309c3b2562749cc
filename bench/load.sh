#!/usr/bin/env bash
# Many searches, one fleet (issue 19): waves of searches of no-op trials (each sleeping --trial-ms)
# submitted a few seconds apart to one worker and one aggregator on the embedded broker. Prints, as
# JSON, each search's wait from submit to its first trial start, its completion rank against its
# submit order and priority, the aggregator's events/s, whether every trial ended exactly once (read
# back from the events topic), and after each round the JVM heap after GC and the aggregator's
# state on disk.
#
#   bench/load.sh                     20 searches x 200 trials of 500 ms, 3 s apart, 8 slots
#   bench/load.sh soak [ROUNDS] [MIN] rounds (default 40: 100,000 trials) of 25 searches x 100
#                                     zero-time trials, back to back, starting none after MIN
#                                     minutes; finished searches leave the store after 2 s
#   bench/load.sh -- OPTIONS...       any bench-load options (--searches, --trials, --trial-ms,
#                                     --gap-ms, --slots, --fleet-slots, --parallelism,
#                                     --priorities low,normal,high, --rounds, --minutes,
#                                     --retain-finished-s)
set -euo pipefail
cd "$(dirname "$0")/.."
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp launcher/target/trialstream.jar target/bench-load.jar
export TRIALSTREAM_JAR=$PWD/target/bench-load.jar
case "${1:-}" in
  soak) ./trialstream bench-load --searches 25 --trials 100 --trial-ms 0 --gap-ms 0 --slots 4 --parallelism 4 \
          --retain-finished-s 2 --rounds "${2:-40}" ${3:+--minutes "$3"} 2>/dev/null ;;
  --) shift; ./trialstream bench-load "$@" 2>/dev/null ;;
  *) ./trialstream bench-load 2>/dev/null ;;
esac
