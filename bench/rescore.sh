#!/usr/bin/env bash
# Re-scores search winners with fresh training seeds on the same folds, so that a search is judged
# by the configuration it chose, not by the luck of the one run that made it best. A best-of-40 CV
# MSE picks the luckiest run: on Boston one configuration's CV MSE moves by sd ~1 between training
# seeds (bench/noise.sh).
# For Boston strategy seed SEED (the Optuna peer's folds for that seed, as bench/strategies.sh uses):
# - each trialstream BUNDLE's parameters, cross-validated by `trialstream train --fold-column`
#   with training seeds 1000..1000+N-1;
# - the Optuna peer's winner for SEED (TPE + median, 40 trials x 100 epochs, rerun here: it is
#   deterministic), cross-validated by the peer's own cv_mse with N other torch seeds.
# Prints each configuration's CV MSE per training seed, the mean and the sd.
#
#   bench/rescore.sh SEED N BUNDLE...   e.g. bench/rescore.sh 0 5 target/bench-boston-tpe+asha-0.zip
# Needs jq, unzip, python3-numpy; the peer needs python3-torch and python3-optuna.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/rescore.sh SEED N BUNDLE...   e.g. bench/rescore.sh 0 5 target/bench-boston-tpe+asha-0.zip'; source bench/args.sh
(( $# >= 3 )) || bad "SEED, N and at least one BUNDLE needed"; whole "SEED, N" "$1" "$2"
for b in "${@:3}"; do [[ -f $b ]] || bad "no bundle $b"; done
seed=$1; runs=$2; shift 2
./trialstream --version >/dev/null
mkdir -p target && cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/rescore.jar
export TRIALSTREAM_JAR=$PWD/target/rescore.jar
folds=target/bench-boston-folds-$seed.csv
data=core/src/main/resources/dev/trialstream/core/data/builtin   # the Boston split, in the repository
/usr/bin/python3 bench/peer_folds.py "$seed" "$folds"
stats() { awk -v one_line=1 -f bench/stats.awk; }

for bundle in "$@"; do
  info=$(unzip -p "$bundle" bundle.json)
  mapfile -t params < <(jq -r '.params | to_entries[] | "--param", "\(.key)=\(.value)"' <<<"$info")
  raw=$(jq -r 'if .preprocessing.targetStd == 1 and .preprocessing.targetMean == 0 then "--no-standardize-target" else "" end' <<<"$info")
  printf "%s (search cv %.3f, %s):" "$(basename "$bundle")" "$(jq -r .cvMse <<<"$info")" "$(jq -c .params <<<"$info")"
  for r in $(seq 0 $((runs - 1))); do
    # shellcheck disable=SC2086
    ./trialstream train --data "$folds" --target medv --fold-column fold --test "$data/boston_test.csv" \
        "${params[@]}" $raw --epochs "$(jq -r .epochs <<<"$info")" --train-seed $((1000 + r)) --json 2>/dev/null | jq -r .cv_mse
  done | stats
done

if /usr/bin/python3 -c 'import torch, optuna' 2>/dev/null; then
  best=$(OMP_NUM_THREADS=1 /usr/bin/python3 bench/optuna_torch.py "$data/boston_train.csv" \
      "$data/boston_test.csv" medv --trials 40 --epochs 100 --sampler tpe --pruner median --seed "$seed")
  printf "optuna peer seed %s (search cv %s, %s):" "$seed" "$(jq -r .best_cv_mse <<<"$best")" "$(jq -c .best <<<"$best")"
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/peer_cv.py "$seed" "$runs" "$(jq -c .best <<<"$best")" 1 | stats
else
  echo "no Optuna peer: /usr/bin/python3 lacks torch or optuna (apt-get install -y python3-torch python3-optuna)" >&2
fi
