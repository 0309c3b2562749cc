#!/usr/bin/env bash
# Trainer benchmark (issue 2): times `trialstream train` on reference configurations of the
# Boston job (404 training rows, 3 folds, 100 epochs, one thread) beside the PyTorch peer
# (bench/torch_cv.py) run on the same data, same machine, same run.
#
#   bench/trainer.sh [SEEDS...]        default seeds: 0 1 2
#
# Needs: java, mvn; for the peer: apt-get install -y python3-torch (Debian's PyTorch 1.13).
# Prints one row per configuration and seed, then the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/trainer.sh [SEEDS...]        default seeds: 0 1 2'; source bench/args.sh
whole SEEDS "$@"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar
seeds=("${@:-0 1 2}"); read -r -a seeds <<< "${seeds[*]}"
peer=${PEER:-bench/torch_cv.py}
train=core/src/main/resources/dev/trialstream/core/data/builtin/boston_train.csv
export OMP_NUM_THREADS=1
[[ -f $peer ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null ||
  echo "no PyTorch peer (torch_s, torch_cv: nan): no $peer, or /usr/bin/python3 lacks torch (apt-get install -y python3-torch)" >&2

# name | trialstream --param list | peer JSON (same configuration)
configs=(
  "ref 2x64 relu adam 1e-3 bs32|hiddenLayers=2 neurons=64 activation=relu optimizer=adam learningRate=0.001 batchSize=32|{\"layers\":2,\"neurons\":64,\"dropout\":0,\"activation\":\"relu\",\"optimizer\":\"adam\",\"lr\":0.001,\"batch\":32}"
  "4x256 tanh rmsprop bs16 drop0.2|hiddenLayers=4 neurons=256 activation=tanh optimizer=rmsprop learningRate=0.0005 batchSize=16 dropout=0.2|{\"layers\":4,\"neurons\":256,\"dropout\":0.2,\"activation\":\"tanh\",\"optimizer\":\"rmsprop\",\"lr\":0.0005,\"batch\":16}"
  "1x32 elu adam bs128|hiddenLayers=1 neurons=32 activation=elu optimizer=adam learningRate=0.01 batchSize=128|{\"layers\":1,\"neurons\":32,\"dropout\":0,\"activation\":\"elu\",\"optimizer\":\"adam\",\"lr\":0.01,\"batch\":128}"
)

rows=404; folds=3; epochs=100
samples=$(( rows * (folds - 1) / folds * epochs * folds ))   # training samples seen per CV run
printf "machine: %s, %s cores, %s\n" "$(uname -m)" "$(getconf _NPROCESSORS_ONLN)" "$(java -version 2>&1 | head -1)"
printf "%-34s %4s | %9s %9s %9s %8s %11s | %9s %9s | %6s\n" config seed dl4j_cold dl4j_warm ms/epoch cv_mse samples/s torch_s torch_cv warm/torch
for entry in "${configs[@]}"; do
  IFS='|' read -r name params peerjson <<< "$entry"
  args=(); for p in $params; do args+=(--param "$p"); done
  for seed in "${seeds[@]}"; do
    out=$(./trialstream train --dataset boston --folds $folds --epochs $epochs --train-seed "$seed" --repeat 3 --json "${args[@]}" 2>/dev/null)
    cold=$(jq -r '.run_seconds[0]' <<< "$out"); warm=$(jq -r '.run_seconds | .[1:] | min' <<< "$out")
    cv=$(jq -r '.cv_mse' <<< "$out")
    if [[ -f $peer ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
      p=$(/usr/bin/python3 "$peer" "$train" medv "$peerjson" --folds $folds --epochs $epochs --seed "$seed")
      ts=$(jq -r '.seconds' <<< "$p"); tcv=$(jq -r '.cv_mse' <<< "$p")
    else ts=nan; tcv=nan; fi
    awk -v n="$name" -v s="$seed" -v c="$cold" -v w="$warm" -v cv="$cv" -v ts="$ts" -v tcv="$tcv" -v smp="$samples" -v e=$epochs \
      'BEGIN { printf "%-34s %4s | %9.3f %9.3f %9.2f %8.3f %11.0f | %9s %9s | %6s\n", n, s, c, w, 1000*w/e, cv, smp/w, ts, tcv, (ts=="nan"?"n/a":sprintf("%.2f", w/ts)) }'
  done
done
