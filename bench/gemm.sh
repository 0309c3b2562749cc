#!/usr/bin/env bash
# Issue 17's lead: how fast the host step's matrix products run on this machine, one core, through
# ND4J's OpenBLAS (what trialstream calls), through NumPy's OpenBLAS, and as a plain Java Vector API
# micro-kernel (bench/gemm/VectorGemm.java, forward shape only; not used by trialstream); then each product
# in one call against split as trialstream's HostGemm splits it for OpenBLAS's small-matrix kernels
# (bench/gemm/SplitGemm.java), on OpenBLAS's Zen (AVX2) and SkylakeX (AVX-512) kernels.
#   bench/gemm.sh            output also in bench/results/gemm-<UTC time>.txt
# Needs: java, mvn, /usr/bin/python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/gemm.sh     (no arguments)'; source bench/args.sh
at_most 0 "$@"
/usr/bin/python3 bench/pydeps.py bench/gemm.sh numpy   # before anything runs or is written
./trialstream --version >/dev/null 2>&1   # builds the jar if needed
jar=$(realpath "${TRIALSTREAM_JAR:-launcher/target/trialstream.jar}")
work=target/gemm; mkdir -p "$work" bench/results
javac -d "$work" -cp "$jar" bench/gemm/OpenBlasGemm.java bench/gemm/SplitGemm.java
javac -d "$work" --add-modules jdk.incubator.vector bench/gemm/VectorGemm.java 2>/dev/null
out=bench/results/gemm-$(date -u +%Y-%m-%dT%H%M).txt
{
  echo "gemm: one core (taskset -c 0), OMP_NUM_THREADS=1; $(uname -m), $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')); commit $(git rev-parse --short HEAD)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  OMP_NUM_THREADS=1 taskset -c 0 java -cp "$jar:$work" OpenBlasGemm 2>/dev/null
  OMP_NUM_THREADS=1 taskset -c 0 /usr/bin/python3 bench/gemm/numpy_gemm.py
  taskset -c 0 java --add-modules jdk.incubator.vector -cp "$work" VectorGemm 2>/dev/null
  if grep -q -m1 avx512f /proc/cpuinfo; then cores="Zen SkylakeX"; else cores="Zen"; fi
  for core in $cores; do
    echo "OPENBLAS_CORETYPE=$core:"
    OPENBLAS_CORETYPE=$core OMP_NUM_THREADS=1 taskset -c 0 java -cp "$jar:$work" SplitGemm 2>/dev/null
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
