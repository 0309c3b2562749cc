"""sgemm through NumPy's OpenBLAS on the host step's shapes, one thread (run by bench/gemm.sh)."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pydeps import need; need("numpy")   # stops with the missing package's name (bench/pydeps.py)
os.environ["OPENBLAS_NUM_THREADS"] = "1"
import time
import numpy as np

def rate(fn, flops, reps=3000):
    best = 0.0
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        best = max(best, flops * reps / (time.perf_counter() - t) / 1e9)
    return best

try:
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
except TypeError:  # NumPy < 1.26
    blas = {"name": "numpy " + np.__version__, "version": ""}
for m in (16, 32, 64):
    x = np.random.rand(m, 256).astype(np.float32)
    w = np.random.rand(256, 256).astype(np.float32)
    d = np.random.rand(m, 256).astype(np.float32)
    o = np.empty((m, 256), np.float32)
    g = np.empty((256, 256), np.float32)
    f = 2 * m * 256 * 256
    print("numpy (%s %s) M=%d forward %.1f backward %.1f weight-gradient %.1f GFLOP/s" % (
        blas.get("name"), blas.get("version"), m, rate(lambda: np.matmul(x, w, out=o), f),
        rate(lambda: np.matmul(d, w.T, out=o), f), rate(lambda: np.matmul(x.T, d, out=g), f)))
