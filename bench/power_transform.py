#!/usr/bin/env python3
"""Yeo-Johnson-transformed copies of a train/test CSV pair (issue 16: an input transform tried for the
Boston ensemble, README *Ensembles beside the peer*). Each numeric feature column gets the power
scikit-learn's PowerTransformer fits on the training rows (standardize=False: trialstream standardizes),
and the same power is applied to the test rows; the target and --skip columns are copied as they are.
--skewed-only transforms only columns whose training skewness exceeds 0.99 in size (AutoGluon's rule
for its neural network's quantile transform), the others keep their values.

  power_transform.py TRAIN TEST OUT_TRAIN OUT_TEST TARGET [--skewed-only] [--skip COLUMN]...

Prints each column's skewness and the power used. Needs python3-numpy, python3-sklearn (with scipy).
"""
import argparse
import csv

from pydeps import need; need("numpy", "scipy", "sklearn")   # stops with the missing package's name (bench/pydeps.py)
import numpy as np
from scipy.stats import skew
from sklearn.preprocessing import PowerTransformer

parser = argparse.ArgumentParser()
for name in ("train", "test", "out_train", "out_test", "target"):
    parser.add_argument(name)
parser.add_argument("--skewed-only", action="store_true")
parser.add_argument("--skip", action="append", default=[])
args = parser.parse_args()


def read(path):
    with open(path, newline="") as source:
        rows = list(csv.reader(source))
    return rows[0], rows[1:]


header, train = read(args.train)
_, test = read(args.test)
columns = [j for j, name in enumerate(header) if name != args.target and name not in args.skip]


def matrix(rows):
    return np.array([[float(row[j]) if row[j] != "" else np.nan for j in columns] for row in rows])


train_values = matrix(train)
fitted = PowerTransformer(standardize=False).fit(train_values)
skewness = np.array([skew(c[~np.isnan(c)]) for c in train_values.T])
if args.skewed_only:
    fitted.lambdas_ = np.where(np.abs(skewness) > 0.99, fitted.lambdas_, 1.0)   # power 1: unchanged
for j, s, power in zip(columns, skewness, fitted.lambdas_):
    print(f"{header[j]}: skewness {s:.2f}, power {power:.3f}")
for rows, values, path in ((train, train_values, args.out_train), (test, matrix(test), args.out_test)):
    values = fitted.transform(values)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row, transformed in zip(rows, values):
            row = list(row)
            for k, j in enumerate(columns):
                row[j] = "" if np.isnan(transformed[k]) else repr(float(transformed[k]))
            writer.writerow(row)
