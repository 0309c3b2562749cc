#!/usr/bin/python3
"""PyTorch peer of the scale bench (issue 17): k-fold CV of one MLP configuration, folds in
lockstep and each validated after every epoch, one thread: bench/optuna_torch.py's cv_mse
(imported; the peer of every other bench here), run REPEAT times in one process with each run's
seconds reported, like `trialstream train --repeat`. Needs no Optuna, and it reads a .npy
table (float32, target last) as well as a CSV, since parsing 10^6 CSV rows in Python is slow.

usage: torch_scale.py TRAIN.{csv,npy} TARGET PARAMS_JSON [--folds K] [--epochs E] [--seed S] [--repeat N]
    PARAMS_JSON: {"layers":2,"neurons":64,"dropout":0,"activation":"relu","optimizer":"adam","lr":0.001,"batch":32}
Folds: np.random.RandomState(seed).permutation split into K with np.array_split (bench/peer_folds.py
and bench/scale_data.py write the same folds as a column for trialstream's --fold-column).
Prints one JSON line: run_seconds, run_cpu_seconds (process CPU), cv_mse of the last run, rows, folds, epochs.
"""
import argparse, csv, json, os, sys, time
from pydeps import need; need("numpy", "torch")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from optuna_torch import cv_mse   # the peer's own CV loop, so both peers train the same way


def load(path, target):
    if path.endswith(".npy"):
        t = np.load(path)
        return np.ascontiguousarray(t[:, :-1]), np.ascontiguousarray(t[:, -1:])
    rows = list(csv.DictReader(open(path)))
    cols = [c for c in rows[0] if c not in (target, "fold")]
    x = np.array([[float(r[c]) for c in cols] for r in rows], dtype=np.float32)
    y = np.array([float(r[target]) for r in rows], dtype=np.float32).reshape(-1, 1)
    return x, y


ap = argparse.ArgumentParser()
ap.add_argument("train"); ap.add_argument("target"); ap.add_argument("params")
ap.add_argument("--folds", type=int, default=3); ap.add_argument("--epochs", type=int, default=100)
ap.add_argument("--seed", type=int, default=0); ap.add_argument("--repeat", type=int, default=1)
ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads)
x, y = load(a.train, a.target)
p = json.loads(a.params)
runs, cpu, mse = [], [], None
for _ in range(a.repeat):
    t0, c0 = time.perf_counter(), time.process_time()
    mse = cv_mse(p, x, y, a.folds, a.epochs, a.seed)
    runs.append(round(time.perf_counter() - t0, 3)); cpu.append(round(time.process_time() - c0, 3))
print(json.dumps({"peer": "pytorch " + torch.__version__, "run_seconds": runs, "run_cpu_seconds": cpu, "cv_mse": round(mse, 4),
                  "rows": len(x), "inputs": x.shape[1], "folds": a.folds, "epochs": a.epochs}))
