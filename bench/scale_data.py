#!/usr/bin/python3
"""A generated regression table for the scale bench (issue 17): N rows x 20 inputs, x uniform on
[0, 1], y = Friedman #1 on x1..x5 (10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5) plus a fixed
linear term on x6..x15 (weights 1.0, 0.9, ..., 0.1) plus Gaussian noise of sd 1; x16..x20 are pure
noise. Deterministic (numpy RandomState(SEED)); values written with 5 decimals.

Writes OUT_DIR/scale-N-train.csv (with a "fold" column: the CV folds of seed FOLD_SEED as the
PyTorch peer draws them, np.random.RandomState(FOLD_SEED).permutation, np.array_split into K, so
trialstream's --fold-column trains on exactly the peer's rows), OUT_DIR/scale-N-test.csv (N/100
rows, for --test) and OUT_DIR/scale-N-train.npy (the same training rows as float32, target last,
for the peer: parsing a 10^6-row CSV in Python takes longer than the bench). Skips the work when
the files exist.

usage: scale_data.py OUT_DIR [N] [K] [FOLD_SEED] [SEED]     defaults: 1000000 rows, 3 folds, 0, 0
"""
import os, sys
from pydeps import need, usage; need("numpy")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np

if not 2 <= len(sys.argv) <= 6: usage("OUT_DIR and at most N, K, FOLD_SEED, SEED")
try:
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    fold_seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
except ValueError as e:
    usage(e)
if not os.path.isdir(out): usage("no directory %s" % out)
inputs = 20
base = os.path.join(out, "scale-%d" % n)
paths = [base + "-train.csv", base + "-test.csv", base + "-train.npy"]
if all(os.path.exists(p) for p in paths):
    sys.exit(0)

rng = np.random.RandomState(seed)
total = n + n // 100
x = rng.uniform(0.0, 1.0, size=(total, inputs))
y = (10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
     + x[:, 5:15] @ np.linspace(1.0, 0.1, 10) + rng.normal(0.0, 1.0, size=total))
table = np.round(np.column_stack([x, y]), 5)
train, test = table[:n], table[n:]
fold = np.empty(n, dtype=np.int64)
for f, part in enumerate(np.array_split(np.random.RandomState(fold_seed).permutation(n), k)):
    fold[part] = f
header = ",".join(["x%d" % (i + 1) for i in range(inputs)] + ["y"])
os.makedirs(out, exist_ok=True)

def write(path, rows, extra=None):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(header + (",fold" if extra is not None else "") + "\n")
        for start in range(0, len(rows), 50_000):
            block = rows[start:start + 50_000]
            lines = (",".join("%.5f" % v for v in r) for r in block) if extra is None else \
                (",".join("%.5f" % v for v in r) + ",%d" % e for r, e in zip(block, extra[start:start + 50_000]))
            f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)

write(paths[0], train, fold)
write(paths[1], test)
np.save(paths[2] + ".tmp.npy", train.astype(np.float32))
os.replace(paths[2] + ".tmp.npy", paths[2])
