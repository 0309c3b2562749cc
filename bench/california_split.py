#!/usr/bin/python3
"""California housing for the bench, in forms both systems read: a seeded 80/20 split of the raw
CSV (trialstream reads it as is: missing values, the categorical ocean_proximity), and the same rows
made numeric for the Optuna peer, which reads only numbers: missing total_bedrooms imputed with the
training median, ocean_proximity one-hot, and the target in units of $100,000 (the peer does not
standardize its target; on raw dollars its SGD diverges). Multiply the peer's MSE by 1e10 and its
MAE by 1e5 to compare in dollars.

usage: california_split.py OUT_DIR [SOURCE.csv]      writes california-{train,test}.csv and california-peer-{train,test}.csv
"""
import csv, os, sys
from pydeps import need, usage; need("numpy")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np

if not 2 <= len(sys.argv) <= 3: usage("OUT_DIR and at most a SOURCE.csv")
out = sys.argv[1]
if not os.path.isdir(out): usage("no directory %s" % out)
source = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core/src/main/resources/dev/trialstream/core/data/builtin", "california_housing.csv")
rows = list(csv.DictReader(open(source)))
cols = list(rows[0])
order = np.random.RandomState(42).permutation(len(rows))
cut = int(round(0.8 * len(rows)))
train, test = [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]

def write(path, header, records):
    with open(path, "w", newline="") as f:
        w = csv.writer(f); w.writerow(header); w.writerows(records)

write(os.path.join(out, "california-train.csv"), cols, ([r[c] for c in cols] for r in train))
write(os.path.join(out, "california-test.csv"), cols, ([r[c] for c in cols] for r in test))

median = float(np.median([float(r["total_bedrooms"]) for r in train if r["total_bedrooms"] != ""]))
kinds = sorted({r["ocean_proximity"] for r in train})
numeric = [c for c in cols if c not in ("ocean_proximity", "median_house_value")]
header = numeric + ["ocean_" + k.replace(" ", "_").replace("<", "lt") for k in kinds] + ["median_house_value"]

def peer_row(r):
    values = [float(r[c]) if r[c] != "" else median for c in numeric]
    return values + [1.0 if r["ocean_proximity"] == k else 0.0 for k in kinds] + [float(r["median_house_value"]) / 1e5]

write(os.path.join(out, "california-peer-train.csv"), header, (peer_row(r) for r in train))
write(os.path.join(out, "california-peer-test.csv"), header, (peer_row(r) for r in test))
