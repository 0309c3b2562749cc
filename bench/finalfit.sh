#!/usr/bin/env bash
# The main job's final fit (issue 16): `./trialstream local --dataset boston --seed S --json` (the default
# spec, examples/boston-default.yaml: TPE 30 x 100, ASHA, the ensemble final model with 3 networks per
# member), run with this clone's jar and, when BASE_JAR is set, with a baseline jar too, alternating
# base / new for each seed so that both see the same machine. Per run it prints: the wall time the
# search reports, the final fit's seconds (the worker's "final fit of ...: test mae ... (X s)" log line) and its
# share of the wall, the ensemble's members and networks, the test MAE, and the load average (1 min)
# before and after the run.
#
#   bench/finalfit.sh [SEEDS]                                      default "0 1 2"
#   BASE_JAR=/tmp/base/launcher/target/trialstream.jar bench/finalfit.sh "0 1 2"
#   RUNS=new bench/finalfit.sh "0"                                 only one side (base, new)
# A baseline jar from an earlier commit:
#   git worktree add /tmp/base REV && (cd /tmp/base && mvn -B -q -o -pl launcher -am package -DskipTests)
# Each run's raw JSON goes to bench/results/finalfit-LABEL-seedS-DATE.json, its log to target/, and the
# table to bench/results/finalfit-DATE.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/finalfit.sh [SEEDS]     default "0 1 2"; BASE_JAR=FILE, RUNS=base|new (see the header)'; source bench/args.sh
at_most 1 "$@"; whole SEEDS "$@"; [[ -z ${BASE_JAR:-} || -f $BASE_JAR ]] || bad "no BASE_JAR $BASE_JAR"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target bench/results && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/finalfit.jar
export OMP_NUM_THREADS=1
seeds=${1-"0 1 2"}
runs=" ${RUNS:-base new} "
wanted() { [[ $runs == *" $1 "* ]]; }
day=$(date -u +%F)
txt=bench/results/finalfit-$day.txt
say() { tee -a "$txt"; }
load() { cut -d' ' -f1 /proc/loadavg; }

printf "# %s  bench/finalfit.sh '%s'  %s  base=%s  cores=%s\n" "$(date -u +%FT%TZ)" "$seeds" \
    "$(git rev-parse --short HEAD)" "${BASE_JAR:-none}" "$(getconf _NPROCESSORS_ONLN)" | say
printf "%-6s %-4s %8s %12s %7s %8s %8s %9s %s\n" label seed wall_s final_fit_s share members networks test_mae \
    "load before→after" | say

run() {   # label jar seed
  local label=$1 jar=$2 seed=$3 before after json log fit
  json=bench/results/finalfit-$label-seed$seed-$day.json
  log=target/finalfit-$label-seed$seed.log
  before=$(load)
  TRIALSTREAM_JAR=$jar ./trialstream local --dataset boston --seed "$seed" --json >"$json" 2>"$log"
  after=$(load)
  fit=$(sed -n 's/.* final fit of .*: test mae .*(\([0-9.]*\) s)$/\1/p' "$log" | tail -1)
  jq -r --arg lab "$label" --arg seed "$seed" --arg fit "$fit" --arg load "$before→$after" '
      (.ensemble.members | length) as $m
      | [$lab, $seed, .wall_seconds, ($fit | tonumber), (($fit | tonumber) / .wall_seconds * 100 | round | tostring + "%"),
         $m, ($m * 3), (.test.mae * 1000 | round / 1000), $load]
      | @tsv' "$json" | awk -F'\t' '{printf "%-6s %-4s %8s %12s %7s %8s %8s %9s %s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9}' | say
}

for seed in $seeds; do
  if [[ -n "${BASE_JAR:-}" ]] && wanted base; then
    run base "$BASE_JAR" "$seed"
  fi
  if wanted new; then
    run new "$PWD/target/finalfit.jar" "$seed"
  fi
done
