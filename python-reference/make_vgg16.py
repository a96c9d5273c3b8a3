#!/usr/bin/env python3
"""A deterministic CIFAR-size VGG-16 and CIFAR-shaped images for bench/run.sh (docs/performance.md).

usage: make_vgg16.py OUT_DIR [--images N] [--seed S]

Writes into OUT_DIR (bench/run.sh uses target/bench/vgg16/, git-ignored: the model is 60 MB):

- vgg16.h5: tf.keras 2.9 full-model .h5 written with make_fixtures.py's writer. 13 Conv2D 3x3 'same'
  (64-64-M-128-128-M-256x3-M-512x3-M-512x3-M; each followed by BatchNormalization and ReLU), Flatten,
  Dense 512 + ReLU, Dense 10 + softmax: 15.0 M parameters, 313.7 M MACs per 32x32x3 image. Kernels are
  He-normal (std sqrt(2/fan_in)), biases U(-0.1, 0.1); BatchNormalization gamma U(0.8, 1.2), beta
  U(-0.1, 0.1), moving mean N(0, 0.1^2), moving variance U(0.5, 2): make_fixtures.py's initialisers, all
  from numpy.random.RandomState(seed).
- images.npz: x float32 N x 32 x 32 x 3 (channels-last), y int32 N. Each image is smooth noise in [0, 1]:
  per channel, Gaussian white noise blurred with a 5x5 box filter and rescaled to a per-image standard
  deviation U(0.1, 0.35), plus 0.5 and a per-image, per-channel offset N(0, 0.2^2), clipped to [0, 1]. The label of an image is the
  ANN's own prediction (float32 forward pass below), so "accuracy" on these images is agreement with the ANN.

Same seed, same files (h5py's defaults record no times).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402

PLAN = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def build(seed):
    mf.BATCH = 1  # the writer runs every layer on its own batch as it is added; one image is enough
    n = mf.Net("vgg16", mf.STYLES["tf2.9.0"], "Sequential", (32, 32, 3), "channels_last", seed,
               model_name="vgg16", input_name="conv2d_input")
    n.first_layer_has_batch_shape = True
    conv = pool = 0
    for item in PLAN:
        if item == "M":
            n.pool("MaxPooling2D", "max_pooling2d" + ("_%d" % pool if pool else ""))
            pool += 1
            continue
        suffix = "_%d" % conv if conv else ""
        n.conv("conv2d" + suffix, item, (3, 3), padding="same")
        n.bn("batch_normalization" + suffix)
        n.simple("Activation", "activation" + suffix, activation="relu")
        conv += 1
    n.simple("Flatten", "flatten")
    n.dense("dense", 512, "relu")
    n.dense("dense_1", 10, "softmax")
    return n


def images(count, seed):
    rng = np.random.RandomState(seed + 1)
    noise = rng.standard_normal((count, 36, 36, 3))
    blurred = sum(noise[:, i:i + 32, j:j + 32, :] for i in range(5) for j in range(5)) / 25.0
    blurred /= blurred.std(axis=(1, 2), keepdims=True)
    contrast = rng.uniform(0.1, 0.35, size=(count, 1, 1, 1))
    offset = rng.standard_normal((count, 1, 1, 3)) * 0.2
    return np.clip(0.5 + contrast * blurred + offset, 0.0, 1.0).astype(np.float32)


def predict(net, x):
    """The ANN in float32, channels-last: convolutions as one matrix product over the 3x3 windows."""
    w = {L.name: L.w for L in net.layers}
    for L in net.layers:
        if L.cls == "Conv2D":
            k, b = w[L.name]["kernel"], w[L.name]["bias"]
            p = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
            h, wd = x.shape[1], x.shape[2]
            cols = np.concatenate([p[:, i:i + h, j:j + wd, :] for i in range(3) for j in range(3)], axis=3)
            x = cols @ k.reshape(-1, k.shape[3]) + b
        elif L.cls == "BatchNormalization":
            g = w[L.name]
            x = (x - g["moving_mean"]) / np.sqrt(g["moving_variance"] + L.p["epsilon"]) * g["gamma"] + g["beta"]
        elif L.cls == "Activation" or (L.cls == "Dense" and L.p["activation"] == "relu"):
            if L.cls == "Dense":
                x = x @ w[L.name]["kernel"] + w[L.name]["bias"]
            x = np.maximum(x, 0)
        elif L.cls == "MaxPooling2D":
            n_, h, wd, c = x.shape
            x = x.reshape(n_, h // 2, 2, wd // 2, 2, c).max(axis=(2, 4))
        elif L.cls == "Flatten":
            x = x.reshape(x.shape[0], -1)
        elif L.cls == "Dense":
            x = x @ w[L.name]["kernel"] + w[L.name]["bias"]
        else:
            raise ValueError(L.cls)
    return x.argmax(axis=1).astype(np.int32)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--images", type=int, default=200)
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args(argv[1:])
    os.makedirs(a.out, exist_ok=True)
    net = build(a.seed)
    mf.check_alive(net)
    mf.write_full_h5(net, os.path.join(a.out, "vgg16.h5"))
    x = images(a.images, a.seed)
    y = np.concatenate([predict(net, x[i:i + 50]) for i in range(0, len(x), 50)])
    np.savez(os.path.join(a.out, "images.npz"), x=x, y=y)
    params = sum(v.size for L in net.layers for _, v in L.weights)
    print("wrote %s/vgg16.h5 (%d parameters) and images.npz (%d images, %d classes predicted)"
          % (a.out, params, len(x), len(set(y.tolist()))))


if __name__ == "__main__":
    main(sys.argv)
