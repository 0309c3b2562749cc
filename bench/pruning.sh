#!/usr/bin/env bash
# Early stopping (issue 4): the same 40-trial random search on Boston (100 epochs, 3 folds, the
# default space) under each pruning policy, same seed, through `trialstream local`; prints for
# each: best CV MSE, epochs trained / budget, wall time, and the winner's test MAE. Then the
# Optuna peer (TPE + median pruning, PyTorch) on the same space for comparison (trialstream's default
# anneals each network's learning rate along a cosine since 2026-12-05; the peer keeps it constant).
#
#   bench/pruning.sh [SEED] [TRIALS]      default 0 40
# Needs jq; the peer needs: apt-get install -y python3-torch python3-optuna
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/pruning.sh [SEED] [TRIALS]      default 0 40'; source bench/args.sh
at_most 2 "$@"; whole "SEED, TRIALS" "$@"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar
seed=${1:-0}; trials=${2:-40}
printf "machine: %s, %s cores; %d trials x 100 epochs, 3-fold CV, seed %s\n" "$(uname -m)" \
  "$(getconf _NPROCESSORS_ONLN)" "$trials" "$seed"
printf "%-22s %12s %18s %9s %10s\n" policy best_cv_mse epochs/budget wall_s test_mae
for policy in none median asha; do
  out=$(./trialstream local --dataset boston --trials "$trials" --seed "$seed" --pruning "$policy" --json \
        --out "target/bench-pruning-$policy.zip" 2>/dev/null)
  jq -r --arg p "trialstream $policy" '"\($p)\t\(.best.cv_mse)\t\(.epochs_trained)/\(.epoch_budget)\t\(.wall_seconds)\t\(.test.mae)"' <<< "$out" |
    awk -F'\t' '{ split($3, e, "/"); printf "%-22s %12.3f %11s (%3.0f%%) %9.1f %10.3f\n", $1, $2, $3, 100*e[1]/e[2], $4, $5 }'
done
peer=bench/optuna_torch.py
if [[ -f $peer ]] && /usr/bin/python3 -c 'import torch, optuna' 2>/dev/null; then
  data=core/src/main/resources/dev/trialstream/core/data/builtin   # the Boston split, in the repository
  p=$(OMP_NUM_THREADS=1 /usr/bin/python3 "$peer" "$data/boston_train.csv" "$data/boston_test.csv" medv \
      --trials "$trials" --sampler tpe --pruner median --seed "$seed")
  jq -r '"optuna tpe+median\t\(.best_cv_mse)\t\(.epochs_trained)/\(.epochs_budget)\t\(.search_s)\t\(.test_mae)"' <<< "$p" |
    awk -F'\t' '{ split($3, e, "/"); printf "%-22s %12.3f %11s (%3.0f%%) %9.1f %10.3f\n", $1, $2, $3, 100*e[1]/e[2], $4, $5 }'
else
  echo "no Optuna peer: /usr/bin/python3 lacks torch or optuna (apt-get install -y python3-torch python3-optuna)" >&2
fi
