#!/usr/bin/python3
"""A data set neither trialstream nor the Optuna peer was tuned on: scikit-learn's Friedman #1
(y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise, x uniform on [0, 1]^10, five of the
ten features pure noise), with Gaussian noise of sd NOISE, so the best possible MSE is NOISE^2 (and
the best possible MAE NOISE * sqrt(2 / pi)). Fixed seed; a seeded 80/20 train/test split.
Prints one JSON line: rows, the noise floor, and the realised floor on the test split (the MSE and
MAE of the noise-free function there).

usage: friedman.py OUT_DIR [N] [NOISE] [SEED]      writes friedman-train.csv, friedman-test.csv
                                                   (defaults: 2000 rows, noise 1.0, seed 0)
"""
import csv, json, math, os, sys
from pydeps import need, usage; need("numpy", "sklearn")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np
from sklearn.datasets import make_friedman1

if not 2 <= len(sys.argv) <= 5: usage("OUT_DIR and at most N, NOISE, SEED")
try:
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    noise = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
except ValueError as e:
    usage(e)
if not os.path.isdir(out): usage("no directory %s" % out)
x, y = make_friedman1(n_samples=n, n_features=10, noise=noise, random_state=seed)
clean = 10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
order = np.random.RandomState(42).permutation(n)
cut = int(round(0.8 * n))
header = ["x%d" % (i + 1) for i in range(10)] + ["y"]

def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f); w.writerow(header)
        w.writerows([*("%.6f" % v for v in x[i]), "%.6f" % y[i]] for i in rows)

write(os.path.join(out, "friedman-train.csv"), order[:cut])
write(os.path.join(out, "friedman-test.csv"), order[cut:])
test = order[cut:]
print(json.dumps({"rows": n, "train": cut, "test": n - cut, "noise_sd": noise, "floor_mse": noise ** 2,
                  "floor_mae": round(noise * math.sqrt(2 / math.pi), 4),
                  "test_floor_mse": round(float(np.mean((y[test] - clean[test]) ** 2)), 4),
                  "test_floor_mae": round(float(np.mean(np.abs(y[test] - clean[test]))), 4),
                  "target_var": round(float(np.var(y[order[:cut]])), 3)}))
