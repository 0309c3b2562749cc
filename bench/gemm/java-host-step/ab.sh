#!/bin/bash
# usage: ab.sh JAR "label:opts" ... ; runs each config for each variant, alternating
cd /work/main
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
    out=$(taskset -c 0 java --add-modules jdk.incubator.vector $opts -jar target/jgemm.jar train --dataset boston $params --repeat 3 --json 2>/dev/null | tail -1)
    secs=$(echo "$out" | jq -r '(.seconds // .repeats[-1].seconds // .wall_seconds // "?")' 2>/dev/null)
    cv=$(echo "$out" | jq -r '.cv_mse // .cv.mse // "?"' 2>/dev/null)
    line="$line | $label $secs s cv $cv"
  done
  echo "$line"
done
