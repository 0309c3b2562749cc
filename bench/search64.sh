#!/usr/bin/env bash
# Issue 17, the 64-trial search: random search with ASHA on Boston's default space (64 trials x 100
# epochs, 3 folds) through `trialstream local` on this machine's cores, once one trial per take
# (`--pack-size 1`, the worker before packing) and once with local's default packing (takes of up to
# 64 trials, compatible ones stacked), beside the Optuna peer at the same budget (random sampler,
# SuccessiveHalvingPruner at trialstream's first ASHA rung and eta, PyTorch, PEER_JOBS trials at once).
#
#   bench/search64.sh [SEEDS]                      default "0"; e.g. bench/search64.sh "0 1 2"
#   TRIALS=8 EPOCHS=10 bench/search64.sh 0         a short smoke run
#   RUNS="unpacked packed" bench/search64.sh       only some of the runs (unpacked packed optuna)
#   PARALLELISM=64 bench/search64.sh               the search's parallelism (default: local's, 4 x slots)
#   WORKERS=2 PEER_JOBS=2 bench/search64.sh        worker slots (default: local's, the CPU count) and
#                                                  the peer's trials at once (default: the CPU count)
#   FINAL_MODELS=1 bench/search64.sh               passed to local as --final-models (default: local's)
#   TRIALSTREAM_JAR=target/other.jar bench/search64.sh   a jar built from another commit (default: this tree's)
#   SHARED=DIR bench/search64.sh                   the data sets from DIR/datasets (default: the repository's
#                                                  copies, core/src/main/resources/dev/trialstream/core/data/builtin)
#
# Both systems score on the same rows: the peer's own folds for the seed (bench/peer_folds.py), given
# to trialstream as a fold column. Per run it prints: whole wall s (process start to exit: JVM, broker,
# trials, final fit / the peer's final fit), search s (first trial start to last trial end in local's
# log; the peer's study.optimize), trials per minute over the search s, best CV MSE, the final model's
# test MAE, epochs trained / budget, and for trialstream the packs trained (size x count) and the
# largest take; then the packed / unpacked trials-per-minute ratio. Everything, with the runs' raw JSON
# and local's logs, goes to bench/results/search64-<UTC time>.txt.
# Needs: java, mvn, jq, /usr/bin/python3 with numpy (the peer: torch and optuna).
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/search64.sh [SEEDS]      default "0"; env TRIALS, EPOCHS, RUNS, ... (see the header)'; source bench/args.sh
at_most 1 "$@"; whole SEEDS "$@"; whole "TRIALS, EPOCHS" "${TRIALS:-64}" "${EPOCHS:-100}"
/usr/bin/python3 bench/pydeps.py bench/search64.sh numpy $([[ " ${RUNS:-unpacked packed optuna} " != *" optuna "* ]] || echo torch optuna)   # before anything runs or is written
seeds=${1:-0}
trials=${TRIALS:-64}; epochs=${EPOCHS:-100}
cores=$(getconf _NPROCESSORS_ONLN)
peer_jobs=${PEER_JOBS:-$cores}
runs=" ${RUNS:-unpacked packed optuna} "
wanted() { [[ $runs == *" $1 "* ]]; }
data=${SHARED:+$SHARED/datasets}; data=${data:-core/src/main/resources/dev/trialstream/core/data/builtin}   # SHARED=DIR: DIR/datasets instead
train=$data/boston_train.csv; test=$data/boston_test.csv
[[ -f $train ]] || { echo "no $train (SHARED=DIR: a directory with datasets/ in it)" >&2; exit 2; }

mkdir -p target/search64 bench/results
if [[ -z ${TRIALSTREAM_JAR:-} ]]; then
  ./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
  cp launcher/target/trialstream.jar target/bench.jar
  export TRIALSTREAM_JAR=$PWD/target/bench.jar
fi
export OMP_NUM_THREADS=1
stamp=$(date -u +%Y-%m-%dT%H%M%S)
# A shortened run is named by its size, so it is not taken for the bench itself.
size=$([[ $trials == 64 && $epochs == 100 ]] || echo "-${trials}x${epochs}")
out=bench/results/search64$size-$stamp.txt
raw=target/search64/raw-$stamp.txt; : > "$raw"

exec > >(tee "$out") 2>&1
commit=$(git rev-parse --short HEAD)$([[ -z $(git status --porcelain -uno) ]] || echo "+dirty")${TRIALSTREAM_JAR:+, jar $TRIALSTREAM_JAR}
printf "search64: %s trials x %s epochs, 3 folds, random + asha, Boston (peer's folds), seeds: %s\n" \
    "$trials" "$epochs" "$seeds"
printf "machine: %s, %s cores (%s), %s; commit %s\n" "$(uname -m)" "$cores" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$(java -version 2>&1 | head -1)" "$commit"
printf "local: workers %s, parallelism %s%s; peer: %s trials at once (threads)\n" "${WORKERS:-default (CPU count)}" \
    "${PARALLELISM:-default (4 x slots since f932de0, 2 x before)}" "${FINAL_MODELS:+, final models $FINAL_MODELS}" "$peer_jobs"
printf "load before: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-4s %-9s %8s %9s %10s %11s %9s %13s  %s\n" seed run wall_s search_s trials/min best_cv_mse test_mae \
    epochs/budget "packs (size x count), largest take"

seconds() { date +%s.%N; }

# Seconds from the first pack's start to the last trial's end, from local's log (HH:MM:SS.mmm stamps).
search_seconds() {
  awk '/ pack of [0-9]+ trial/ || / trial [^ ]+ (completed|pruned|failed) after / {
         split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
         if (n && s + off < prev - 43200) off += 86400   # past midnight (threads log a little out of order)
         s += off; prev = s
         if (!n || s < first) first = s; if (!n || s > last) last = s; n++ }
       END { if (n) printf "%.1f", last - first; else print "nan" }' "$1"
}

packs() { # "1x60 2x2", largest take
  local sizes takes
  sizes=$(grep -oE ' pack of [0-9]+ trial' "$1" | awk '{print $3}' | sort -n | uniq -c | awk '{printf "%s%sx%s", sep, $2, $1; sep=" "}')
  takes=$(grep -oE 'a take of [0-9]+' "$1" | awk '{print $4}' | sort -n | tail -1)
  echo "${sizes:-none}, take ${takes:-?}"
}

declare -A rate
row() { printf "%-4s %-9s %8.1f %9s %10s %11s %9s %13s  %s\n" "$@"; }

local_run() { # seed label folds pack-size-args...
  local seed=$1 label=$2 folds=$3; shift 3
  wanted "$label" || return 0
  local base=target/search64/$label-$seed json log t0 t1 search
  json=$base.json; log=$base.log
  t0=$(seconds)
  # shellcheck disable=SC2086
  ./trialstream local --data "$folds" --target medv --test "$test" --fold-column fold \
      --strategy random --pruning asha --trials "$trials" --epochs "$epochs" --seed "$seed" --json \
      ${WORKERS:+--workers $WORKERS} ${PARALLELISM:+--parallelism $PARALLELISM} \
      ${FINAL_MODELS:+--final-models $FINAL_MODELS} --out "$base.zip" "$@" >"$json" 2>"$log" || true
  t1=$(seconds)
  search=$(search_seconds "$log")
  rate[$label-$seed]=$(awk -v n="$trials" -v s="$search" 'BEGIN { if (s > 0) printf "%.1f", n / s * 60; else print "nan" }')
  if jq -e .best >/dev/null 2>&1 <"$json"; then
    row "$seed" "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" "$search" "${rate[$label-$seed]}" \
        "$(jq -r '.best.cv_mse | . * 1000 | round / 1000' "$json")" "$(jq -r '.test.mae // "-" | if type == "number" then (. * 1000 | round / 1000) else . end' "$json")" \
        "$(jq -r '"\(.epochs_trained)/\(.epoch_budget)"' "$json")" "$(packs "$log")"
  else
    echo "$seed $label: FAILED (log: $log)"; tail -5 "$log"
  fi
  # What local said it runs: slots, takes, ASHA's rungs.
  grep -E '^(trialstream local:|early stopping:)' "$log" | sed 's/^/       /' || true
  # The log without the progress display's lines (one per change, hundreds in a full run).
  { echo "=== $label seed $seed: trialstream local $*"; cat "$json"; echo "--- log"
    grep -vE '^\s*$|^s-[0-9a-f]+ .* \[running\] ' "$log"; } >>"$raw"
}

for seed in $seeds; do
  folds=target/search64/boston-folds-$seed.csv
  # The peer's folds: np.random.RandomState(seed).permutation, np.array_split into 3.
  /usr/bin/python3 bench/peer_folds.py "$seed" "$folds" 3 "$train"
  local_run "$seed" unpacked "$folds" --pack-size 1
  local_run "$seed" packed "$folds"
  if wanted optuna; then
    # Optuna's SuccessiveHalvingPruner at trialstream's first rung and eta (its rungs go on up: R, R*eta,
    # ...); no pruning when trialstream's ASHA has no rungs at this budget (a short smoke run).
    log=$(ls target/search64/{unpacked,packed}-"$seed".log 2>/dev/null | head -1)
    rung=$(grep -oE 'asha rungs \[[0-9]+' "$log" 2>/dev/null | grep -oE '[0-9]+$' || true)
    eta=$(grep -oE '\(eta [0-9]+\)' "$log" 2>/dev/null | grep -oE '[0-9]+' || true)
    pruner=sha
    if grep -q 'asha: no rungs' "$log" 2>/dev/null; then pruner=none; fi
    t0=$(seconds)
    peer=$(/usr/bin/python3 bench/optuna_torch.py "$train" "$test" medv --trials "$trials" --epochs "$epochs" --folds 3 \
        --sampler random --pruner "$pruner" --min-resource "${rung:-auto}" --reduction-factor "${eta:-3}" \
        --jobs "$peer_jobs" --seed "$seed" | tail -1)
    t1=$(seconds)
    search=$(jq -r .search_s <<<"$peer")
    rate[optuna-$seed]=$(awk -v n="$trials" -v s="$search" 'BEGIN { if (s > 0) printf "%.1f", n / s * 60; else print "nan" }')
    row "$seed" optuna "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" "$search" "${rate[optuna-$seed]}" \
        "$(jq -r .best_cv_mse <<<"$peer")" "$(jq -r .test_mae <<<"$peer")" \
        "$(jq -r '"\(.epochs_trained)/\(.epochs_budget)"' <<<"$peer")" \
        "$([[ $pruner == sha ]] && echo "sha min_resource ${rung:-auto}, eta ${eta:-3}" || echo "no pruning"), ${peer_jobs} jobs"
    { echo "=== optuna seed $seed"; echo "$peer"; } >>"$raw"
  fi
  if [[ -n ${rate[packed-$seed]:-} && -n ${rate[unpacked-$seed]:-} ]]; then
    printf "seed %s: packed / unpacked trials per minute: %s\n" "$seed" \
        "$(awk -v p="${rate[packed-$seed]}" -v u="${rate[unpacked-$seed]}" 'BEGIN { if (u > 0) printf "%.2f", p / u; else print "nan" }')"
  fi
done
printf "load after: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "raw: the runs' JSON summaries and local's logs"
cat "$raw"
