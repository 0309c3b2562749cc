#!/usr/bin/env bash
# The main job's cost and test score per strategy seed (issue 16: "the default `local --dataset boston`
# on 2 cores: <= 90 s wall, test MAE <= 2.35 on strategy seeds 0, 1 and 2"). For each seed it runs
#   ./trialstream local --dataset boston --seed S --json [EXTRA...]
# under /usr/bin/time -v and records the CPU time (user + sys), which a machine shared with other work
# inflates far less than the wall time, with the load average before and after.
#
#   bench/mainjob.sh LABEL "0 1 2" [EXTRA local flags...]
#   TRIALSTREAM_JAR=/tmp/base.jar bench/mainjob.sh base "0 1 2"     a jar built from another commit
# Raw output per run: bench/results/mainjob-LABEL-seedS-DATE.{json,time}; one line per run is appended
# to bench/results/mainjob-DATE.txt (label, seed, CPU s, wall s, best CV MSE, ensemble OOF MSE,
# completed trials, members, networks, test MAE, load before -> after).
set -euo pipefail
cd "$(dirname "$0")/.."
USAGE='bench/mainjob.sh LABEL "SEEDS" [EXTRA local flags...]   e.g. bench/mainjob.sh base "0 1 2"'; source bench/args.sh
[[ -n ${1:-} ]] || bad "LABEL needed"; whole SEEDS "${2:-0 1 2}"
label=${1:?label}; seeds=${2:-"0 1 2"}; shift 2 || true
if [[ -z "${TRIALSTREAM_JAR:-}" ]]; then
  ./trialstream --version >/dev/null   # builds the jar if needed, outside the timings
  mkdir -p target && cp launcher/target/trialstream.jar target/mainjob.jar
  export TRIALSTREAM_JAR=$PWD/target/mainjob.jar
fi
export OMP_NUM_THREADS=1
day=$(date -u +%F)
mkdir -p bench/results target
txt=bench/results/mainjob-$day.txt
for seed in $seeds; do
  base=bench/results/mainjob-$label-seed$seed-$day
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -v -o "$base.time" ./trialstream local --dataset boston --seed "$seed" --json \
      --out "target/mainjob-$label-seed$seed.zip" "$@" >"$base.json" 2>"target/mainjob-$label-seed$seed.log"
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/python3 - "$base.json" "$base.time" "$label" "$seed" "$before" "$after" "$*" <<'EOF' | tee -a "$txt"
import json, re, sys
report, timefile, label, seed, before, after, extra = sys.argv[1:]
d = json.load(open(report))
t = open(timefile).read()
cpu = sum(float(re.search(p + r" \(seconds\): ([0-9.]+)", t).group(1)) for p in ("User time", "System time"))
completed = sum(1 for x in d["trials"] if x["status"] == "completed")
e = d.get("ensemble") or {}
members = len(e.get("members", [])) or 1
print(f"{label} seed {seed} [{extra}]: cpu {cpu:.1f} s, wall {d['wall_seconds']} s, best cv {d['best']['cv_mse']:.2f}, "
      f"oof {e.get('out_of_fold', {}).get('mse', float('nan')):.2f}, completed {completed}/{len(d['trials'])}, "
      f"members {members}, epochs {d['epochs_trained']}/{d['epoch_budget']}, test mae {d['test']['mae']:.3f}, "
      f"load {before} -> {after}")
EOF
done
