#!/usr/bin/python3
"""Writes a training CSV with a "fold" column holding the Optuna peer's own CV folds for a seed
(np.random.RandomState(seed).permutation, np.array_split into k), so that trialstream
(`--fold-column fold`) scores configurations on exactly the peer's rows.

usage: peer_folds.py SEED OUT.csv [K] [IN.csv]      IN defaults to the Boston training split
"""
import csv, os, sys
from pydeps import need, usage; need("numpy")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np

if not 3 <= len(sys.argv) <= 5: usage("SEED and OUT.csv, and at most K and IN.csv")
try:
    seed, out = int(sys.argv[1]), sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 3
except ValueError as e:
    usage(e)
source = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core/src/main/resources/dev/trialstream/core/data/builtin", "boston_train.csv")
rows = list(csv.reader(open(source)))
head, body = rows[0], rows[1:]
fold = np.empty(len(body), dtype=int)
for f, part in enumerate(np.array_split(np.random.RandomState(seed).permutation(len(body)), k)):
    fold[part] = f
with open(out, "w", newline="") as f:
    w = csv.writer(f); w.writerow(head + ["fold"]); w.writerows(r + [int(v)] for r, v in zip(body, fold))
