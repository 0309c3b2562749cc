#!/usr/bin/env bash
# Scale bench (issue 17, "scale with the data"): the trialstream trainer (`trialstream train`) beside
# the PyTorch peer (bench/torch_scale.py) on the SAME rows and the SAME CV folds, one thread
# (OMP_NUM_THREADS=1), in seconds per epoch (training every fold + validating every fold):
#   Boston      404 training rows, 13 inputs      2x64 relu adam bs32; 4x256 tanh rmsprop bs16 dropout 0.2
#   California  16,512 training rows, 13 inputs after one-hot (bench/california_split.py)   2x64; 4x256
#   generated   10^6 rows x 20 inputs (bench/scale_data.py, Friedman #1 + linear + noise)   2x64
# Folds: the peer's own (np.random.RandomState(SEED).permutation, np.array_split into 3), given to
# trialstream as a fold column (--fold-column), so both train and validate on exactly the same rows.
# trialstream "warm" = the best of runs 2..N in one JVM (--repeat N; run 1 pays JIT warm-up); the
# peer = the best of its runs (no JIT). Wall and process-CPU seconds are both reported: on a shared
# machine read the CPU ratio, and the wall ratio only when the load average is low.
#
#   bench/scale.sh [SEED]                       default seed 0
#   env: ROWS (1000000), BIG_EPOCHS (2), CAL_EPOCHS (10), BOSTON_EPOCHS (100), ONLY ("boston california big"),
#        OUT (default bench/results/scale-<UTC time>.txt: the table, the load and every raw JSON line)
#
# Needs: java 17, mvn (the jar is built if missing), jq, /usr/bin/python3 with torch and numpy (Debian:
# apt-get install -y python3-torch). ~7 CPU-minutes: ~7-10 min on a quiet 2-core machine (most of it the
# 10^6 table), plus the build on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/scale.sh [SEED]     env ROWS, BIG_EPOCHS, CAL_EPOCHS, BOSTON_EPOCHS, ONLY, OUT (see the header)'; source bench/args.sh
at_most 1 "$@"; whole SEED "$@"; whole "ROWS, BIG_EPOCHS, CAL_EPOCHS, BOSTON_EPOCHS" "${ROWS:-1}" "${BIG_EPOCHS:-1}" "${CAL_EPOCHS:-1}" "${BOSTON_EPOCHS:-1}"
/usr/bin/python3 bench/pydeps.py bench/scale.sh numpy torch   # before anything runs or is written
seed=${1:-0}
rows=${ROWS:-1000000}; big_epochs=${BIG_EPOCHS:-2}; cal_epochs=${CAL_EPOCHS:-10}; boston_epochs=${BOSTON_EPOCHS:-100}
only=" ${ONLY:-boston california big} "
mkdir -p bench/results target
out=${OUT:-bench/results/scale-$(date -u +%Y-%m-%dT%H%M).txt}
exec > >(tee "$out") 2>&1
./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
cp "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}" target/scale-bench.jar
export TRIALSTREAM_JAR=$PWD/target/scale-bench.jar OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
py=/usr/bin/python3
data=core/src/main/resources/dev/trialstream/core/data/builtin

echo "# bench/scale.sh seed $seed, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# machine: $(uname -m), $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# java: $(java -version 2>&1 | head -1); trialstream $(./trialstream --version 2>/dev/null | head -1)"
echo "# peer: $($py -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__, "threads", torch.get_num_threads())')"
echo "# load before: $(uptime)"

# The same rows for both sides; fold column = the peer's folds for this seed.
$py bench/california_split.py target "$data/california_housing.csv"
$py bench/peer_folds.py "$seed" target/scale-california-folds.csv 3 target/california-train.csv
$py bench/peer_folds.py "$seed" target/scale-boston-folds.csv 3 "$data/boston_train.csv"
[[ $only == *" big "* ]] && $py bench/scale_data.py target "$rows" 3 "$seed"

declare -A ts_data=(
  [boston]="--data target/scale-boston-folds.csv --target medv --test $data/boston_test.csv"
  [california]="--data target/scale-california-folds.csv --target median_house_value --test target/california-test.csv"
  [big]="--data target/scale-$rows-train.csv --target y --test target/scale-$rows-test.csv")
declare -A peer_data=([boston]="target/scale-boston-folds.csv medv"
  [california]="target/california-peer-train.csv median_house_value" [big]="target/scale-$rows-train.npy y")
ref_ts="hiddenLayers=2 neurons=64 activation=relu optimizer=adam learningRate=0.001 batchSize=32"
ref_peer='{"layers":2,"neurons":64,"dropout":0,"activation":"relu","optimizer":"adam","lr":0.001,"batch":32}'
wide_ts="hiddenLayers=4 neurons=256 activation=tanh optimizer=rmsprop learningRate=0.0005 batchSize=16 dropout=0.2"
wide_peer='{"layers":4,"neurons":256,"dropout":0.2,"activation":"tanh","optimizer":"rmsprop","lr":0.0005,"batch":16}'

# dataset | label | trialstream params | peer params | epochs | trialstream runs | peer runs
configs=(
  "boston|2x64 relu adam bs32|$ref_ts|$ref_peer|$boston_epochs|3|2"
  "boston|4x256 tanh rmsprop bs16 drop0.2|$wide_ts|$wide_peer|$boston_epochs|3|2"
  "california|2x64 relu adam bs32|$ref_ts|$ref_peer|$cal_epochs|3|2"
  "california|4x256 tanh rmsprop bs16 drop0.2|$wide_ts|$wide_peer|$(( (cal_epochs + 1) / 2 ))|3|2"
  "big|2x64 relu adam bs32|$ref_ts|$ref_peer|$big_epochs|2|1"
)

raw=()
printf "%-10s %-32s %6s | %10s %10s | %10s %10s | %9s %9s | %8s %8s | %s\n" dataset config epochs \
  ts_s/ep ts_cpu/ep torch_s/ep torch_cpu/ep wall_ratio cpu_ratio ts_cv torch_cv load_1min
for entry in "${configs[@]}"; do
  IFS='|' read -r ds label params peerjson epochs ts_runs peer_runs <<< "$entry"
  [[ $only == *" $ds "* ]] || continue
  args=(); for p in $params; do args+=(--param "$p"); done
  # shellcheck disable=SC2086
  ts=$(./trialstream train ${ts_data[$ds]} --fold-column fold --folds 3 --epochs "$epochs" --train-seed "$seed" \
      --repeat "$ts_runs" --json "${args[@]}" 2>/dev/null)
  # shellcheck disable=SC2086
  peer=$($py bench/torch_scale.py ${peer_data[$ds]} "$peerjson" --folds 3 --epochs "$epochs" --seed "$seed" --repeat "$peer_runs")
  load=$(cut -d' ' -f1 /proc/loadavg)
  raw+=("{\"dataset\":\"$ds\",\"config\":\"$label\",\"load_1min\":$load,\"trialstream\":$ts,\"torch\":$peer}")
  tsw=$(jq '.run_seconds | if length > 1 then .[1:] else . end | min' <<< "$ts")
  tsc=$(jq '.run_cpu_seconds | if length > 1 then .[1:] else . end | min' <<< "$ts")
  pw=$(jq '.run_seconds | min' <<< "$peer"); pc=$(jq '.run_cpu_seconds | min' <<< "$peer")
  awk -v d="$ds" -v l="$label" -v e="$epochs" -v tw="$tsw" -v tc="$tsc" -v pw="$pw" -v pc="$pc" -v load="$load" \
      -v tcv="$(jq .cv_mse <<< "$ts")" -v pcv="$(jq .cv_mse <<< "$peer")" \
      'BEGIN { printf "%-10s %-32s %6d | %10.4f %10.4f | %10.4f %10.4f | %9.2f %9.2f | %8.4g %8.4g | %s\n",
               d, l, e, tw/e, tc/e, pw/e, pc/e, tw/pw, tc/pc, tcv, pcv, load }'
done
echo "# load after: $(uptime)"
echo "# seconds per epoch = the warm run's seconds / epochs; ratio = trialstream / PyTorch (< 1: trialstream faster)."
echo "# CV MSE: trialstream in target units (California: dollars^2), the peer in its own (California: (\$100k)^2; x1e10 to compare)."
echo "# raw (one JSON line per configuration):"
printf '%s\n' "${raw[@]}"
echo "# written to $out"
