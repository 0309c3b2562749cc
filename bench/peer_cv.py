#!/usr/bin/python3
"""Cross-validates one configuration with the Optuna peer's own cv_mse (PyTorch) several times on
the peer's folds for SEED, each run with other torch seeds (offset by 1000 x (FIRST + run)); prints
one CV MSE per line. Run 0 with FIRST 0 is exactly the peer's own scoring.

usage: peer_cv.py SEED RUNS PARAMS_JSON [FIRST]     PARAMS_JSON as the peer prints "best"
"""
import json, sys
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pydeps import need, usage; need("numpy", "torch")   # stops with the missing package's name (bench/pydeps.py)
import torch, optuna_torch as peer

if not 4 <= len(sys.argv) <= 5: usage("SEED, RUNS and PARAMS_JSON, and at most FIRST")
try:
    seed, runs, p = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
except ValueError as e:
    usage(e)
torch.set_num_threads(1)
x, y = peer.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core/src/main/resources/dev/trialstream/core/data/builtin", "boston_train.csv"), "medv")
seed_torch = torch.manual_seed
for run in range(runs):
    torch.manual_seed = lambda s, run=run: seed_torch(s + 1000 * (first + run))   # the folds stay numpy's
    print(peer.cv_mse(p, x, y, 3, 100, seed), flush=True)
