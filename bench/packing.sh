#!/usr/bin/env bash
# Trial packing benchmark (issue 17): 16 trials of the reference shape (2x64 relu, adam, batch 32,
# Boston, 3 folds x 100 epochs) that differ only in learning rate and dropout, trained
#   - by trialstream as one stacked network (bench-pack: packed) and one at a time, in one JVM;
#   - by PyTorch as one batched computation (bench/torch_pack.py) and one at a time
#     (bench/torch_cv.py, the peer bench/trainer.sh runs; PEER_DIR= another copy of it),
# all in the same run, one thread each. Prints seconds per trial (wall and CPU), the ratios, the
# largest relative difference between a trial's packed and one-at-a-time curves, and the load.
#
#   bench/packing.sh [ALONE]     ALONE: how many trials also run one at a time (default 4)
#   SHARED=DIR bench/packing.sh  the Boston split from DIR/datasets (default: the repository's copy)
#
# Needs: java, mvn, jq; for the peers: /usr/bin/python3 with torch (Debian's python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/packing.sh [ALONE]     ALONE: how many trials also run one at a time (default 4)'; source bench/args.sh
at_most 1 "$@"; whole ALONE "$@"
/usr/bin/python3 bench/pydeps.py bench/packing.sh numpy torch   # before anything runs or is written
alone=${1:-4}
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar OMP_NUM_THREADS=1
peer_dir=${PEER_DIR:-bench}   # the peer scripts in this repository
train=${SHARED:+$SHARED/datasets}; train=${train:-core/src/main/resources/dev/trialstream/core/data/builtin}/boston_train.csv   # SHARED=DIR: DIR/datasets instead
lrs=0.0005,0.001,0.002,0.004; drops=0,0.1,0.2,0.3

printf "machine: %s, %s cores, %s; load before: %s\n" "$(uname -m)" "$(getconf _NPROCESSORS_ONLN)" \
  "$(java -version 2>&1 | head -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
ts=$(./trialstream bench-pack --dataset boston --learning-rates $lrs --dropouts $drops --repeat 3 --sequential "$alone" 2>/dev/null)
echo "trialstream: $ts"
tb=$(/usr/bin/python3 bench/torch_pack.py "$train" medv --lrs $lrs --dropouts $drops --repeat 2 --peer-dir "$peer_dir")
echo "pytorch batched: $tb"
one_wall=0; one_cpu=0; n=0
for lr in ${lrs//,/ }; do for d in ${drops//,/ }; do
  (( n < alone )) || break 2
  p=$(/usr/bin/time -f '%e %U %S' -o target/torch_one.time /usr/bin/python3 "$peer_dir/torch_cv.py" "$train" medv \
      "{\"layers\":2,\"neurons\":64,\"dropout\":$d,\"activation\":\"relu\",\"optimizer\":\"adam\",\"lr\":$lr,\"batch\":32}" \
      --folds 3 --epochs 100 --seed $n)
  one_wall=$(jq -n "$one_wall + $(jq '.seconds' <<< "$p")")
  # torch_cv times its wall clock only: CPU is the process user+sys, less start-up (measured below).
  one_cpu=$(awk -v a="$one_cpu" '{print a + $2 + $3}' target/torch_one.time)
  n=$((n + 1))
done; done
/usr/bin/time -f '%e %U %S' -o target/torch_start.time /usr/bin/python3 "$peer_dir/torch_cv.py" "$train" medv \
  '{"layers":2,"neurons":64,"dropout":0,"activation":"relu","optimizer":"adam","lr":0.001,"batch":32}' --folds 3 --epochs 1 >/dev/null
start=$(awk '{print $2 + $3}' target/torch_start.time)
echo "pytorch one at a time: $n trials, $one_wall s wall (its timer), $one_cpu s CPU incl. start-up $start s each"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
jq -rn --argjson ts "$ts" --argjson tb "$tb" --arg ow "$one_wall" --arg oc "$one_cpu" --arg st "$start" --arg n "$n" '
  (($ow|tonumber) / ($n|tonumber)) as $tow | (($oc|tonumber) / ($n|tonumber) - ($st|tonumber)) as $toc |
  "\n                       wall s/trial   cpu s/trial",
  "trialstream packed     \($ts.packed_s_per_trial)         \($ts.packed_cpu_s_per_trial)",
  "trialstream one-by-one \($ts.alone_s_per_trial)         \($ts.alone_cpu_s_per_trial)",
  "pytorch batched        \($tb.s_per_trial)         \($tb.cpu_s_per_trial)",
  "pytorch one-by-one     \($tow*1000|round/1000)         \($toc*1000|round/1000)",
  "",
  "packed / pytorch batched:   wall \($ts.packed_s_per_trial / $tb.s_per_trial * 100 | round / 100)x   cpu \($ts.packed_cpu_s_per_trial / $tb.cpu_s_per_trial * 100 | round / 100)x",
  "one-by-one / packed (trialstream): \($ts.alone_over_packed)x; packed vs one-by-one curves: max relative difference \($ts.max_curve_rel_diff)"'
