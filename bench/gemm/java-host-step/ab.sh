#!/usr/bin/env bash
# One trial per configuration through `trialstream train` (Boston, one core), once per variant given as
# LABEL:JVM_OPTIONS, alternated; prints the last of 3 repeats' seconds and the CV MSE per variant.
#   JAR=target/jgemm.jar bench/gemm/java-host-step/ab.sh "blas:-Dtrialstream.javagemm=false" "java:-Dtrialstream.javagemm=true"
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${JAR:-target/jgemm.jar}
usage() { echo "bench/gemm/java-host-step/ab.sh: $1" >&2
  echo "usage: [JAR=FILE] bench/gemm/java-host-step/ab.sh LABEL:JVM_OPTIONS...   (JAR default target/jgemm.jar: see README.md here)" >&2; exit 2; }
(( $# >= 1 )) || usage "at least one LABEL:JVM_OPTIONS variant needed"
for v in "$@"; do [[ $v == ?*:* ]] || usage "not LABEL:JVM_OPTIONS: '$v'"; done
[[ -f $jar ]] || usage "no jar $jar"
export OMP_NUM_THREADS=1
configs=("hiddenLayers=3 neurons=256 activation=relu optimizer=adam batchSize=16"
         "hiddenLayers=3 neurons=256 activation=elu optimizer=nesterov batchSize=16 dropout=0.2"
         "hiddenLayers=2 neurons=256 activation=tanh optimizer=adam batchSize=32 dropout=0.1"
         "hiddenLayers=2 neurons=64 activation=relu optimizer=adam batchSize=32"
         "hiddenLayers=3 neurons=256 activation=relu optimizer=adam batchSize=64"
         "hiddenLayers=3 neurons=128 activation=tanh optimizer=nesterov batchSize=16"
         "hiddenLayers=1 neurons=16 activation=elu optimizer=adam batchSize=32")
for c in "${configs[@]}"; do
  params=$(for p in $c; do printf -- "--param=%s " "$p"; done)
  line="$c"
  for v in "$@"; do
    label=${v%%:*}; opts=${v#*:}
    # shellcheck disable=SC2086
    out=$(taskset -c 0 java --add-modules jdk.incubator.vector $opts -jar "$jar" train --dataset boston $params \
        --repeat 3 --json 2>/dev/null | tail -1)
    line="$line | $label $(jq -r .seconds <<< "$out") s cv $(jq -r .cv_mse <<< "$out")"
  done
  echo "$line"
done
