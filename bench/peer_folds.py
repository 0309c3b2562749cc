#!/usr/bin/python3
"""Writes the Boston training CSV with a "fold" column holding the Optuna peer's own CV folds for a
seed (np.random.RandomState(seed).permutation, np.array_split into k), so that trialstream
(`--fold-column fold`) scores configurations on exactly the peer's rows.

usage: peer_folds.py SEED OUT.csv [K]
"""
import csv, sys
import numpy as np

seed, out = int(sys.argv[1]), sys.argv[2]
k = int(sys.argv[3]) if len(sys.argv) > 3 else 3
rows = list(csv.reader(open("../shared/datasets/boston_train.csv")))
head, body = rows[0], rows[1:]
fold = np.empty(len(body), dtype=int)
for f, part in enumerate(np.array_split(np.random.RandomState(seed).permutation(len(body)), k)):
    fold[part] = f
with open(out, "w", newline="") as f:
    w = csv.writer(f); w.writerow(head + ["fold"]); w.writerows(r + [int(v)] for r, v in zip(body, fold))
