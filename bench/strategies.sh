#!/usr/bin/env bash
# Strategies (issue 7): random, tpe, tpe+asha, tpe+median and hyperband at equal trial budgets through
# `trialstream local`, on Boston (default: 40 trials x 100 epochs, seeds 0 1) and California
# (default: 20 trials x 30 epochs, seed 0), beside the Optuna peer (TPE + median pruning,
# PyTorch) on the same space and the same rows (trialstream's default anneals each network's learning
# rate along a cosine since 2026-12-05; the peer keeps it constant). Prints best CV MSE, the final model's test MAE and RMSE, the test MAE
# of its first network alone (= the final model with finalModels 1), epochs trained / budget and
# wall time per run.
#
#   bench/strategies.sh [BOSTON_SEEDS] [CALIFORNIA_SEEDS]     e.g. bench/strategies.sh "0 1 2" "0"
#   RUNS="tpe+asha optuna" bench/strategies.sh "0" ""          only some of the runs
#   FINAL_MODELS=5 bench/strategies.sh ...                     final models average 5 networks (default 1)
# Every run cross-validates on the peer's own folds for that seed (numpy's permutation, cut in
# three), written as a fold column (`--fold-column`), so the two systems score configurations on the
# same rows; the fold draw alone moves a configuration's CV MSE by ~2 on Boston. California: a seeded
# 80/20 split (bench/california_split.py); the peer reads the same rows made numeric, with the target
# in $100k (it does not standardize targets), and its figures are converted back to dollars here.
# Needs jq, unzip and python3-numpy; the peer needs: apt-get install -y python3-torch python3-optuna
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/strategies.sh [BOSTON_SEEDS] [CALIFORNIA_SEEDS]     e.g. bench/strategies.sh "0 1 2" "0"'; source bench/args.sh
at_most 2 "$@"; whole SEEDS "$@"
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/bench.jar
export TRIALSTREAM_JAR=$PWD/target/bench.jar
boston_seeds=${1-"0 1"}; california_seeds=${2-"0"}   # "" skips a dataset
final_models=${FINAL_MODELS:-1}
peer=bench/optuna_torch.py
printf "machine: %s, %s cores\n" "$(uname -m)" "$(getconf _NPROCESSORS_ONLN)"
printf "final models: %s\n" "$final_models"
printf "%-11s %-14s %4s %12s %9s %9s %9s %16s %8s\n" dataset run seed best_cv_mse test_mae test_rmse mae_alone \
    epochs/budget wall_s

runs=" ${RUNS:-random tpe tpe+asha tpe+median hyperband optuna} "
wanted() { [[ $runs == *" $1 "* ]]; }
if wanted optuna && ! /usr/bin/python3 -c 'import torch, optuna' 2>/dev/null; then
  echo "no Optuna peer rows: /usr/bin/python3 lacks torch or optuna (apt-get install -y python3-torch python3-optuna)" >&2
fi

data=core/src/main/resources/dev/trialstream/core/data/builtin   # the data sets, in the repository
/usr/bin/python3 bench/california_split.py target "$data/california_housing.csv"
# Per dataset: training CSV, test CSV, target; the peer's training and test CSVs; the peer's unit in ours.
declare -A train=([boston]=$data/boston_train.csv [california]=target/california-train.csv)
declare -A test=([boston]=$data/boston_test.csv [california]=target/california-test.csv)
declare -A target=([boston]=medv [california]=median_house_value)
declare -A peer_train=([boston]=$data/boston_train.csv [california]=target/california-peer-train.csv)
declare -A peer_test=([boston]=$data/boston_test.csv [california]=target/california-peer-test.csv)
declare -A peer_unit=([boston]=1 [california]=100000)

data_args() { # dataset seed -> trialstream data options, on the peer's folds for that seed
  local folds=target/bench-$1-folds-$2.csv
  # The peer's folds: np.random.RandomState(seed).permutation, np.array_split into 3.
  /usr/bin/python3 bench/peer_folds.py "$2" "$folds" 3 "${train[$1]}"
  echo "--data $folds --target ${target[$1]} --test ${test[$1]} --fold-column fold"
}

row() { # tab-separated fields -> one aligned line
  awk -F'\t' '{ printf "%-11s %-14s %4s %12.3f %9.3f %9.3f %9.3f %16s %8.1f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
}

run() { # dataset trials epochs seed label data-options args...
  local dataset=$1 trials=$2 epochs=$3 seed=$4 label=$5 data=$6; shift 6
  wanted "$label" || return 0
  local bundle="target/bench-$dataset-$label-$seed.zip" summary alone
  # shellcheck disable=SC2086
  summary=$(./trialstream local $data --trials "$trials" --epochs "$epochs" --seed "$seed" --json \
      --final-models "$final_models" --out "$bundle" "$@" 2>/dev/null)
  alone=$(unzip -p "$bundle" bundle.json | jq -r '.memberTests[0].mae')
  jq -r --arg d "$dataset" --arg l "$label" --arg s "$seed" --arg a "$alone" \
      '"\($d)\t\($l)\t\($s)\t\(.best.cv_mse)\t\(.test.mae)\t\(.test.rmse)\t\($a)\t\(.epochs_trained)/\(.epoch_budget)\t\(.wall_seconds)"' \
      <<<"$summary" | row
}

bench() { # dataset trials epochs seeds
  local dataset=$1 trials=$2 epochs=$3 seeds=$4
  for seed in $seeds; do
    local data; data=$(data_args "$dataset" "$seed")   # the seed's fold file, written once
    run "$dataset" "$trials" "$epochs" "$seed" random "$data" --strategy random --pruning none
    run "$dataset" "$trials" "$epochs" "$seed" tpe "$data" --strategy tpe --pruning none
    run "$dataset" "$trials" "$epochs" "$seed" tpe+asha "$data" --strategy tpe --pruning asha
    run "$dataset" "$trials" "$epochs" "$seed" tpe+median "$data" --strategy tpe --pruning median
    run "$dataset" "$trials" "$epochs" "$seed" hyperband "$data" --strategy hyperband
    if wanted optuna && [[ -f $peer ]] && /usr/bin/python3 -c 'import torch, optuna' 2>/dev/null; then
      OMP_NUM_THREADS=1 /usr/bin/python3 "$peer" "${peer_train[$dataset]}" "${peer_test[$dataset]}" "${target[$dataset]}" \
          --trials "$trials" --epochs "$epochs" --sampler tpe --pruner median --seed "$seed" |
        jq -r --arg d "$dataset" --arg s "$seed" --argjson u "${peer_unit[$dataset]}" \
          '"\($d)\toptuna tpe+med\t\($s)\t\(.best_cv_mse*$u*$u)\t\(.test_mae*$u)\t\((.test_mse|sqrt)*$u)\t\(.test_mae*$u)\t\(.epochs_trained)/\(.epochs_budget)\t\(.search_s)"' |
        row
    fi
  done
}

bench boston 40 100 "$boston_seeds"
if [[ -n $california_seeds ]]; then bench california 20 30 "$california_seeds"; fi
