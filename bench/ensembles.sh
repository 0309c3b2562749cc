#!/usr/bin/env bash
# Ensembles (issue 16): the single best trial against the ensemble final model, beside the Optuna peer
# (TPE + median pruning, PyTorch) on the same rows, the same folds and the same budget:
#   Boston      40 trials x 100 epochs, 3 folds (the Keras 404/102 split), seeds BOSTON_SEEDS (0 1 2 3)
#   California  20 trials x 30 epochs, 3 folds (bench/california_split.py), seeds CALIFORNIA_SEEDS (0 1)
#   Friedman #1 20 trials x 50 epochs, 3 folds, seeds FRIEDMAN_SEEDS (0 1): bench/friedman.py, 2000 rows,
#               noise sd 1.0 (best possible MSE 1.0, MAE 0.80), an 80/20 split; neither side was tuned on it
# trialstream runs `local` with STRATEGY / PRUNING (default tpe / median: the peer's own sampler and
# pruner) on the peer's folds for the seed (`--fold-column`, bench/peer_folds.py) and the ensemble final
# model (the spec default: 25 rounds), FINAL_MODELS networks per member (default 1, as the peer), on the
# default space: the peer's, each network's learning rate annealed along a cosine (the peer's is constant).
# Per run it prints: the best single trial's CV MSE and test MAE (the final fit of that trial's
# configuration: the ensemble member's own test score), the ensemble's out-of-fold CV MSE (optimistic:
# selected on those predictions), its test MAE and members, epochs trained / budget and the wall time of
# the whole command (JVM or Python start included). The peer: its best CV MSE, its winner's test MAE.
# California figures are in dollars (the peer's $100k units converted back).
#
#   bench/ensembles.sh [BOSTON_SEEDS] [CALIFORNIA_SEEDS] [FRIEDMAN_SEEDS]     "" skips a data set
#   RUNS=optuna bench/ensembles.sh "0" "" ""          only one side
# Every run appends its row to bench/results/ensembles-DATE.txt and its raw JSON (trialstream's
# `local --json`, the peer's line) to bench/results/ensembles-DATE.jsonl, as it ends.
# OUT=NAME: the results' file name (bench/results/NAME.txt / .jsonl) instead of ensembles-DATE.
# SHARED=DIR: read the data sets from DIR/datasets (default: the repository's copies, core/src/main/resources/dev/trialstream/core/data/builtin).
# JAR=FILE: run that jar (e.g. one built from another commit) instead of building this clone's.
# BOSTON_EPOCHS / FRIEDMAN_EPOCHS / CALIFORNIA_EPOCHS: another epoch budget per trial (default 100 / 50 / 30).
# Needs jq, unzip, python3-numpy, python3-sklearn; the peer needs python3-torch and python3-optuna.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/ensembles.sh [BOSTON_SEEDS] [CALIFORNIA_SEEDS] [FRIEDMAN_SEEDS]     "" skips a data set'; source bench/args.sh
at_most 3 "$@"; whole SEEDS "$@"
/usr/bin/python3 bench/pydeps.py bench/ensembles.sh numpy sklearn $([[ " ${RUNS:-trialstream optuna} " != *" optuna "* ]] || echo torch optuna)   # before anything runs or is written
[[ -n "${JAR:-}" ]] || ./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
mkdir -p target bench/results && cp "${JAR:-${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}}" "target/ensembles-$$.jar"
# A private copy per run: runs side by side, rebuilds, cannot clash. JavaCPP unpacks the jar's native libraries
# (~400 MB) into ~/.javacpp/cache/<jar name>/ once per jar name, so the copy's cache goes with it.
trap 'rm -rf "target/ensembles-$$.jar" "${HOME:-/root}/.javacpp/cache/ensembles-$$.jar"' EXIT
export TRIALSTREAM_JAR=$PWD/target/ensembles-$$.jar OMP_NUM_THREADS=1
boston_seeds=${1-"0 1 2 3"}; california_seeds=${2-"0 1"}; friedman_seeds=${3-"0 1"}
strategy=${STRATEGY:-tpe}; pruning=${PRUNING:-median}; final_models=${FINAL_MODELS:-1}
runs=" ${RUNS:-trialstream optuna} "
data=${SHARED:+$SHARED/datasets}; data=${data:-core/src/main/resources/dev/trialstream/core/data/builtin}   # the data sets
wanted() { [[ $runs == *" $1 "* ]]; }
day=$(date -u +%F)
out=${OUT:-ensembles-$day}   # OUT=NAME: write bench/results/NAME.txt and NAME.jsonl instead
txt=bench/results/$out.txt; raw=bench/results/$out.jsonl

say() { tee -a "$txt"; }
{
  printf "# %s  bench/ensembles.sh '%s' '%s' '%s'  strategy=%s pruning=%s finalModels=%s  %s  load: %s\n" \
      "$(date -u +%FT%TZ)" "$boston_seeds" "$california_seeds" "$friedman_seeds" "$strategy" "$pruning" \
      "$final_models" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf "%-10s %-17s %4s %12s %10s %12s %10s %7s %12s %7s\n" dataset system seed best_cv_mse best_mae \
      ens_oof_mse ens_mae members epochs wall_s
} | say

/usr/bin/python3 bench/california_split.py target "$data/california_housing.csv"
friedman=$(/usr/bin/python3 bench/friedman.py target)
echo "# friedman: $friedman" | say
declare -A train=([boston]=$data/boston_train.csv [california]=target/california-train.csv [friedman]=target/friedman-train.csv)
declare -A test=([boston]=$data/boston_test.csv [california]=target/california-test.csv [friedman]=target/friedman-test.csv)
declare -A target=([boston]=medv [california]=median_house_value [friedman]=y)
declare -A peer_train=([boston]=${train[boston]} [california]=target/california-peer-train.csv [friedman]=${train[friedman]})
declare -A peer_test=([boston]=${test[boston]} [california]=target/california-peer-test.csv [friedman]=${test[friedman]})
declare -A peer_unit=([boston]=1 [california]=100000 [friedman]=1)

row() { # tab-separated fields -> one aligned line
  awk -F'\t' 'function num(v) { return v == "-" ? v : sprintf("%.4g", v) }
    { printf "%-10s %-17s %4s %12.4g %10.4g %12s %10s %7s %12s %7.1f\n", $1, $2, $3, $4, $5, num($6), num($7), $8, $9, $10 }'
}
now() { date +%s.%N; }

trialstream_run() { # dataset trials epochs seed
  local dataset=$1 trials=$2 epochs=$3 seed=$4 folds="target/ensembles-$1-folds-$4.csv"
  local bundle="target/ensembles-$dataset-$seed.zip" t0 summary wall best_mae
  /usr/bin/python3 bench/peer_folds.py "$seed" "$folds" 3 "${train[$dataset]}"
  t0=$(now)
  summary=$(./trialstream local --data "$folds" --target "${target[$dataset]}" --test "${test[$dataset]}" \
      --fold-column fold --trials "$trials" --epochs "$epochs" --seed "$seed" --strategy "$strategy" \
      --pruning "$pruning" --final-models "$final_models" --json --out "$bundle" 2>/dev/null)
  wall=$(echo "$(now) - $t0" | bc)
  jq -c --arg d "$dataset" --arg s "$seed" '{dataset: $d, system: "trialstream", seed: ($s|tonumber)} + .' <<<"$summary" >>"$raw"
  best_mae=$(jq -r '.best.trial_id as $b | [.ensemble.members[]? | select(.trial_id == $b) | .test.mae][0] // empty' <<<"$summary")
  if [[ -z $best_mae ]]; then   # the best trial is not a member: fit its configuration alone (marked *)
    mapfile -t params < <(jq -r '.best.params | to_entries[] | "--param", "\(.key)=\(.value)"' <<<"$summary")
    best_mae=$(./trialstream train --data "$folds" --target "${target[$dataset]}" --test "${test[$dataset]}" \
        --fold-column fold "${params[@]}" --epochs "$(jq -r .best.epochs <<<"$summary")" --train-seed "$seed" \
        --save-model "target/ensembles-best-$dataset-$seed.zip" --json 2>/dev/null | jq -r '.test.mae')"*"
  fi
  jq -r --arg d "$dataset" --arg s "$seed" --arg m "$best_mae" --arg w "$wall" --arg sys "ts $strategy+$pruning" '
      "\($d)\t\($sys)\t\($s)\t\(.best.cv_mse)\t\($m|rtrimstr("*")|tonumber)\t\(.ensemble.out_of_fold.mse // "-")\t\(.test.mae)\t\(.ensemble.members | length)\t\(.epochs_trained)/\(.epoch_budget)\t\($w)"' \
      <<<"$summary" | row | sed "s/\$/$([[ $best_mae == *"*" ]] && echo ' (best trial not a member: fitted alone)')/" | say
}

peer_run() { # dataset trials epochs seed
  local dataset=$1 trials=$2 epochs=$3 seed=$4 t0 out wall
  t0=$(now)
  out=$(/usr/bin/python3 bench/optuna_torch.py "${peer_train[$dataset]}" "${peer_test[$dataset]}" "${target[$dataset]}" \
      --trials "$trials" --epochs "$epochs" --sampler tpe --pruner median --seed "$seed")
  wall=$(echo "$(now) - $t0" | bc)
  jq -c --arg d "$dataset" --arg s "$seed" '{dataset: $d, system: "optuna", seed: ($s|tonumber)} + .' <<<"$out" >>"$raw"
  jq -r --arg d "$dataset" --arg s "$seed" --argjson u "${peer_unit[$dataset]}" --arg w "$wall" '
      "\($d)\toptuna tpe+median\t\($s)\t\(.best_cv_mse*$u*$u)\t\(.test_mae*$u)\t-\t-\t-\t\(.epochs_trained)/\(.epochs_budget)\t\($w)"' \
      <<<"$out" | row | say
}

bench() { # dataset trials epochs seeds
  for seed in $4; do
    if wanted trialstream; then trialstream_run "$1" "$2" "$3" "$seed"; fi
    if wanted optuna; then peer_run "$1" "$2" "$3" "$seed"; fi
  done
}

bench boston 40 "${BOSTON_EPOCHS:-100}" "$boston_seeds"
bench friedman 20 "${FRIEDMAN_EPOCHS:-50}" "$friedman_seeds"
bench california 20 "${CALIFORNIA_EPOCHS:-30}" "$california_seeds"
