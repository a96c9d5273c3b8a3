#!/usr/bin/python3
"""SpKeras's closed-form predictions on a real network: the NumPy reference for `--engine closedform` on the
bundled LeNet-5 (keras-fixtures/real/lenet5_98.96.h5) and MNIST test set (keras-fixtures/data/mnist/).

Usage:
    /usr/bin/python3 python-reference/closed_form_real.py OUT.npz [--calibration A:B] [--evaluate C:D] [-T 4,8]
        Converts the LeNet with SpKeras's ECC options (snn_reference.py's "ecc" set: norm max, scaling weights,
        theta 0.5, shift 0, reset subtract, burst 1, max pooling by gating) on MNIST test images A..B-1
        (default 0:1000), computes closed_form() (snn_reference.py: SpKeras's rule, the output's counts
        clip(floor(u/lambda_out + theta), 0, T) with lambda_out the largest logit) for images C..D-1
        (default 1000:10000) at each T (default 4,8), and writes OUT.npz: pred_T<t> and pred_accumulator_T<t>
        (int64 [images]), labels (int64 [images]), range (int64 [C, D]). Prints the accuracy at each T.

Shares no code with the Java tool; ClosedFormReferenceTest compares the tool's predictions with it exactly.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf                                    # noqa: E402
from convert_reference import Conversion                          # noqa: E402
from snn_reference import OPTION_SETS, closed_form                # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "keras-fixtures", "real", "lenet5_98.96.h5")
MNIST = os.path.join(ROOT, "keras-fixtures", "data", "mnist")
CHUNK = 500


def span(text):
    a, b = text.split(":")
    return int(a), int(b)


def main(args):
    out, cal, ev, steps = None, (0, 1000), (1000, 10000), [4, 8]
    i = 0
    while i < len(args):
        if args[i] == "--calibration":
            cal, i = span(args[i + 1]), i + 2
        elif args[i] == "--evaluate":
            ev, i = span(args[i + 1]), i + 2
        elif args[i] == "-T":
            steps, i = [int(v) for v in args[i + 1].split(",")], i + 2
        else:
            out, i = args[i], i + 1
    if out is None:
        sys.exit(__doc__)
    model = rf.load(MODEL)
    x = np.load(os.path.join(MNIST, "x_norm.npz"))["arr_0"]
    labels = np.load(os.path.join(MNIST, "y_test.npz"))["arr_0"].argmax(axis=1).astype(np.int64)
    if model.layout == "channels_first":
        x = x.transpose(0, 2, 3, 1)
    cv = Conversion(model, OPTION_SETS["ecc"], x[cal[0]:cal[1]])
    cv.self_check()
    arrays = {"labels": labels[ev[0]:ev[1]], "range": np.array(ev, dtype=np.int64)}
    for t in steps:
        preds, accumulator = [], []
        for start in range(ev[0], ev[1], CHUNK):
            cv.x = np.asarray(x[start:min(ev[1], start + CHUNK)], dtype=np.float64)
            _, p, pa = closed_form(cv, t)
            preds.append(p)
            accumulator.append(pa)
        arrays["pred_T%d" % t] = np.concatenate(preds)
        arrays["pred_accumulator_T%d" % t] = np.concatenate(accumulator)
        acc = 100.0 * np.mean(arrays["pred_T%d" % t] == arrays["labels"])
        print("T = %d: closed form (SpKeras's output rule) %.2f %% on MNIST test %d:%d, calibrated on %d:%d"
              % (t, acc, ev[0], ev[1], cal[0], cal[1]))
    np.savez(out, **arrays)


if __name__ == "__main__":
    main(sys.argv[1:])
