#!/usr/bin/env bash
# Training noise: one configuration cross-validated with N training seeds on the SAME folds (the
# Optuna peer's seed-0 folds, as bench/strategies.sh uses), in trialstream (`train --fold-column`,
# the seed then changes only weights, batch order and dropout) and in the PyTorch peer (its cv_mse
# with torch seeds offset per run). Prints each run's CV MSE and the spread. The configuration is
# the peer's seed-0 TPE winner (3x128 relu, dropout 0.145, lr 3.2e-4, batch 16; SGD with momentum
# 0.9 in the peer, trialstream's nesterov), both on the raw target as the peer trains.
#
#   bench/noise.sh [RUNS]     default 6; needs jq, python3-numpy, python3-torch
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/noise.sh [RUNS]     default 6 (at least 2: the sd)'; source bench/args.sh
at_most 1 "$@"; whole RUNS "$@"; (( ${1:-6} >= 2 )) || bad "RUNS: at least 2, not $1"
/usr/bin/python3 bench/pydeps.py bench/noise.sh numpy torch   # before anything runs or is written
runs=${1:-6}
./trialstream --version >/dev/null
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar
folds=target/bench-boston-folds-0.csv
/usr/bin/python3 bench/peer_folds.py 0 "$folds"
echo "trialstream (nesterov), $runs training seeds, same folds:"
for seed in $(seq 0 $((runs - 1))); do
  ./trialstream train --data "$folds" --target medv --fold-column fold --test core/src/main/resources/dev/trialstream/core/data/builtin/boston_test.csv \
      --param hiddenLayers=3 --param neurons=128 --param dropout=0.145 --param activation=relu \
      --param optimizer=nesterov --param learningRate=0.00032 --param batchSize=16 \
      --no-standardize-target --train-seed "$seed" --json 2>/dev/null | jq -r '.cv_mse'
done | awk -f bench/stats.awk
echo "PyTorch peer (SGD momentum 0.9), $runs torch seeds, same folds:"
OMP_NUM_THREADS=1 /usr/bin/python3 bench/peer_cv.py 0 "$runs" \
    '{"layers": 3, "neurons": 128, "dropout": 0.1452, "activation": "relu", "optimizer": "sgd", "lr": 0.00032174, "batch": 16}' |
  awk -f bench/stats.awk
