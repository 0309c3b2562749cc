#!/usr/bin/env bash
# Trial packing on a GPU (issue 17, item 4) — UNTESTED: there is no GPU on this project's machines.
# Builds the CUDA 11.6 profile (`mvn -Pcuda`, nd4j-cuda instead of nd4j-native) and times packs of
# growing size on the reference shape (2x64 relu, adam, batch 32, Boston, 3 folds x 100 epochs):
# seconds per trial should fall as the pack grows until the device is busy. Needs an NVIDIA GPU
# with a CUDA 11.6-compatible driver, java, mvn, jq.
#
#   bench/packing_gpu.sh [TRIALS...]     default: 16 64 256 1024 (members = trials x 3 folds)
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/packing_gpu.sh [TRIALS...]     default: 16 64 256 1024'; source bench/args.sh
whole TRIALS "$@"
sizes=("${@:-16 64 256 1024}"); read -r -a sizes <<< "${sizes[*]}"
mvn -B -q -Pcuda -pl launcher -am package -DskipTests
mkdir -p target && cp launcher/target/trialstream.jar target/bench-cuda.jar
printf "%8s %8s | %10s %12s | %s\n" trials members packed_s s/trial backend
for n in "${sizes[@]}"; do
  # n trials: n learning rates log-spaced over [1e-4, 1e-2], dropout 0 (the grid is lrs x dropouts).
  lrs=$(awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "%s%.6g", (i ? "," : ""), 1e-4 * 100 ^ (n > 1 ? i / (n - 1) : 0) }')
  out=$(java -Xmx8g -jar target/bench-cuda.jar bench-pack --dataset boston --learning-rates "$lrs" --dropouts 0 \
        --repeat 2 --sequential 0 2>/dev/null)
  jq -r '"\(.trials) \(.members) | \(.packed_run_seconds[-1]) \(.packed_s_per_trial) | \(.backend)"' <<< "$out" |
    awk '{ printf "%8s %8s | %10s %12s | %s %s %s\n", $1, $2, $4, $5, $7, $8, $9 }'
done
