#!/usr/bin/env bash
# What a trials topic of more partitions than the fleet has slots costs (README, *Running it
# distributed*, the partition count): a broker process (the jar's kafka.Kafka,
# default 8 trial partitions), an aggregator and two workers of one slot each, as separate JVMs;
# SEARCHES searches of examples/boston-random.yaml (parallelism 4), one after another, each with
# `submit --wait`. Per search: its wall time, and how many of its trials each worker trained.
#
#   bench/lanes.sh JAR LABEL [SEARCHES] [TRIALS] [EPOCHS]
#   PARTITIONS=2 bench/lanes.sh ...     the trials topic's partitions (default 8, as the CLI's)
#   SPEC=bench/specs/lanes-wide.yaml bench/lanes.sh ...   another spec (default examples/boston-random.yaml)
#   STAGGER=15 bench/lanes.sh ...       start worker 2 this many seconds after worker 1, so it joins a
#                                       running group (a scale-up) instead of forming it with worker 1
# Output: one line per search on stdout (label, search id, wall s, trials on worker 1 / worker 2).
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/lanes.sh JAR LABEL [SEARCHES] [TRIALS] [EPOCHS]'; source bench/args.sh
(( $# >= 2 )) || bad "JAR and LABEL needed"; at_most 5 "$@"; [[ -f $1 ]] || bad "no jar $1"
whole "SEARCHES, TRIALS, EPOCHS" "${@:3}"; whole "PARTITIONS, STAGGER" "${PARTITIONS:-8}" "${STAGGER:-0}"
[[ -f ${SPEC:-examples/boston-random.yaml} ]] || bad "no spec ${SPEC:-}"
jar=$(realpath "${1:?jar}"); label=${2:?label}; searches=${3:-4}; trials=${4:-12}; epochs=${5:-60}
partitions=${PARTITIONS:-8}
export OMP_NUM_THREADS=1 TRIALSTREAM_JAR=$jar
dir=$(mktemp -d /tmp/lanes-XXXX)
port=$((20000 + RANDOM % 20000)); bootstrap=localhost:$port
cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$((port + 1))
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$((port + 1))
advertised.listeners=PLAINTEXT://localhost:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/kraft
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
java -cp "$jar" kafka.tools.StorageTool format -t "$(java -cp "$jar" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
    -c "$dir/server.properties" >/dev/null 2>&1
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
java -Xmx512m -cp "$jar" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 & pids+=($!)
sleep 8
./trialstream aggregator --bootstrap "$bootstrap" --trial-partitions "$partitions" --http-port -1 --state-dir "$dir/agg" >"$dir/agg.log" 2>&1 & pids+=($!)
for w in 1 2; do
  ./trialstream worker --bootstrap "$bootstrap" --trial-partitions "$partitions" --slots 1 --worker-id "w$w" --http-port -1 >"$dir/w$w.log" 2>&1 & pids+=($!)
  if [ "$w" = 1 ]; then sleep "${STAGGER:-0}"; fi
done
sleep 15
for ((i = 0; i < searches; i++)); do
  start=$(date +%s.%N)
  id=$(./trialstream submit "${SPEC:-examples/boston-random.yaml}" --bootstrap "$bootstrap" --trials "$trials" --epochs "$epochs" \
      --seed "$i" --wait 2>"$dir/submit.err" | head -1 | cut -d' ' -f1)
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  on1=$(grep -c "search $id trial .* after" "$dir/w1.log" || true)
  on2=$(grep -c "search $id trial .* after" "$dir/w2.log" || true)
  printf "%-8s %-12s wall %6.1f s  trials on w1 %2d  on w2 %2d\n" "$label" "$id" "$wall" "$on1" "$on2"
done
