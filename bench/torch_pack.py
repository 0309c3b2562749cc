#!/usr/bin/python3
"""PyTorch peer for trial packing: T trials x k folds of one MLP shape trained as ONE batched
computation (weights [M, in, out], torch.bmm, a vectorized Adam with a learning rate per member,
dropout at a rate per member), the way Horizontally Fused Training Arrays fuse trials. Same data,
folds and scaling as bench/optuna_torch.py (its load/scale, fold split by seed), one
thread. Trials are the grid LRS x DROPOUTS; member m = (trial t, fold f).

usage: torch_pack.py TRAIN.csv TARGET [--layers 2] [--neurons 64] [--activation relu] [--batch 32]
                     [--lrs 0.0005,0.001,0.002,0.004] [--dropouts 0,0.1,0.2,0.3] [--folds 3]
                     [--epochs 100] [--seed 0] [--repeat 2] [--peer-dir bench]
prints one JSON line: seconds per run (wall and CPU), per trial, and every trial's CV MSE.
"""
import argparse, json, os, sys, time
from pydeps import need; need("numpy", "torch")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np, torch

ap = argparse.ArgumentParser()
ap.add_argument("train"); ap.add_argument("target")
ap.add_argument("--layers", type=int, default=2); ap.add_argument("--neurons", type=int, default=64)
ap.add_argument("--activation", default="relu"); ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--lrs", default="0.0005,0.001,0.002,0.004"); ap.add_argument("--dropouts", default="0,0.1,0.2,0.3")
ap.add_argument("--folds", type=int, default=3); ap.add_argument("--epochs", type=int, default=100)
ap.add_argument("--seed", type=int, default=0); ap.add_argument("--repeat", type=int, default=2)
ap.add_argument("--peer-dir", default=os.path.dirname(os.path.abspath(__file__)))  # bench/: the peer scripts in this repository
a = ap.parse_args()
sys.path.insert(0, a.peer_dir)
from optuna_torch import load, scale   # the one-at-a-time peer's own data reading and scaling

torch.set_num_threads(1)
ACT = {"relu": torch.relu, "tanh": torch.tanh, "elu": torch.nn.functional.elu}[a.activation]
x, y = load(a.train, a.target)
trials = [(float(lr), float(d)) for lr in a.lrs.split(",") for d in a.dropouts.split(",")]
T, K, B = len(trials), a.folds, a.batch
M = T * K

rng = np.random.RandomState(a.seed); idx = rng.permutation(len(x)); parts = np.array_split(idx, K)
folds = []
for k in range(K):
    va = parts[k]; tr = np.concatenate([parts[j] for j in range(K) if j != k])
    xtr, xva = scale(x[tr], x[va]); folds.append((xtr, y[tr], xva, y[va]))
ntr = max(len(f[0]) for f in folds); nva = max(len(f[2]) for f in folds); n_in = x.shape[1]

def stack(i, n):   # [M, n, ...] zero-padded, member m = trial m // K, fold m % K
    out = np.zeros((M, n) + folds[0][i].shape[1:], dtype=np.float32)
    for m in range(M):
        d = folds[m % K][i]; out[m, :len(d)] = d
    return torch.from_numpy(out)
Xtr, Ytr, Xva, Yva = stack(0, ntr), stack(1, ntr), stack(2, nva), stack(3, nva)
n_train = torch.tensor([len(folds[m % K][0]) for m in range(M)])
n_valid = torch.tensor([len(folds[m % K][2]) for m in range(M)], dtype=torch.float32)
va_mask = (torch.arange(nva)[None, :] < n_valid[:, None]).float().unsqueeze(2)
lr = torch.tensor([t[0] for t in trials]).repeat_interleave(K).view(M, 1, 1)
keep = (1 - torch.tensor([t[1] for t in trials])).repeat_interleave(K).view(M, 1, 1)

def run(seed):
    torch.manual_seed(seed)
    widths = [n_in] + [a.neurons] * a.layers + [1]
    params = []
    for i, o in zip(widths[:-1], widths[1:]):   # torch.nn.Linear's default init, per member
        bound = 1 / i ** 0.5
        params += [(torch.rand(M, i, o) * 2 - 1) * bound, (torch.rand(M, 1, o) * 2 - 1) * bound]
    for p in params: p.requires_grad_(True)
    m1 = [torch.zeros_like(p) for p in params]; m2 = [torch.zeros_like(p) for p in params]
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
    ar = torch.arange(M)[:, None]
    curves = []
    for e in range(a.epochs):
        order = torch.stack([torch.cat([torch.randperm(int(n)), torch.zeros(ntr - int(n), dtype=torch.long)]) for n in n_train])
        real = (torch.arange(ntr)[None, :] < n_train[:, None]).float()
        for s in range(0, ntr, B):
            rows = order[:, s:s + B]; w = real[:, s:s + B]
            h = Xtr[ar, rows]
            for l in range(a.layers):
                h = ACT(torch.baddbmm(params[2 * l + 1], h, params[2 * l]))
                h = h * ((torch.rand(h.shape) < keep).float() / keep)
            out = torch.baddbmm(params[-1], h, params[-2])
            err = ((out - Ytr[ar, rows]) ** 2).squeeze(2)
            loss = (err * w / w.sum(1, keepdim=True).clamp(min=1)).sum()
            grads = torch.autograd.grad(loss, params)
            step += 1
            with torch.no_grad():
                c1, c2 = 1 - b1 ** step, 1 - b2 ** step
                for p, g, mm, vv in zip(params, grads, m1, m2):
                    mm.mul_(b1).add_(g, alpha=1 - b1); vv.mul_(b2).addcmul_(g, g, value=1 - b2)
                    p.sub_(lr * (mm / c1) / ((vv / c2).sqrt() + eps))
        with torch.no_grad():
            h = Xva
            for l in range(a.layers):
                h = ACT(torch.baddbmm(params[2 * l + 1], h, params[2 * l]))
            out = torch.baddbmm(params[-1], h, params[-2])
            mse = (((out - Yva) ** 2) * va_mask).sum((1, 2)) / n_valid
            curves.append(mse.view(T, K).mean(1))
    return curves[-1]

walls, cpus = [], []
for r in range(a.repeat):
    t0, c0 = time.perf_counter(), time.process_time()
    final = run(a.seed)
    walls.append(round(time.perf_counter() - t0, 3)); cpus.append(round(time.process_time() - c0, 3))
wi = 1 if a.repeat > 1 else 0
print(json.dumps({"peer": "pytorch-batched", "torch": torch.__version__, "trials": T, "members": M,
                  "folds": K, "epochs": a.epochs, "run_seconds": walls, "run_cpu_seconds": cpus,
                  "s_per_trial": round(min(walls[wi:]) / T, 4), "cpu_s_per_trial": round(min(cpus[wi:]) / T, 4),
                  "cv_mse": [round(float(v), 3) for v in final]}))
