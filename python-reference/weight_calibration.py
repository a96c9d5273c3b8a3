"""Independent NumPy reference of Li et al.'s weight calibration (docs/conversion.md, "Calibration").

Li, Deng, Dong, Gu, "A Free Lunch From ANN: Towards Efficient, Accurate Spiking Neural Networks
Calibration", ICML 2021 (code: yhhhli/SNN_Calibration, models/calibration.py, weights_cali_layer).

Stage by stage in network order, for the Conv2D/Dense layer that alone feeds a neuron stage t:
  x  = the layer's input computed from the source stage's simulated counts (count/T * lambda_src;
       the analog input itself when the source is the input), through the linear ops between them;
  z  = W x + b (float64);  v = T (z / lambda_c + shift_c / Vth_c) + initial_o / Vth_c;
  n  = clip(floor(v), 0, Gamma T);  L = (1/N) sum_i sum_o (n/T - a/lambda_c)^2  (a: the ANN activation);
  dL/dz = 2 (n/T - a/lambda_c) / (N lambda_c) where 0 <= v <= Gamma T, else 0 (floor passed straight through).
W takes ITERATIONS full-batch Adam steps (beta 0.9, 0.999, eps 1e-8), learning rate LEARNING_RATE * max|W|
times (1 + cos(pi k / ITERATIONS)) / 2 at step k; the iterate with the lowest loss (the start included) is
kept, stored as float32, and the stage is compiled again with the same lambdas (convert_reference.py).
Stages fed by several paths, or by no weighted layer, keep their weights.
"""

import numpy as np

import reference_forward as rf
from convert_reference import conv_sequential

ITERATIONS = 40
LEARNING_RATE = 0.002


def _feed(cv, t):
    paths = cv.paths_into(t)
    if len(paths) != 1:
        return None
    p = paths[0]
    if p.weighted is None or any(o.kind not in ("identity", "linear") for o in p.post):
        return None
    return p


def _conv_kernel_grad(x, op, dz, shape):
    kh, kw, cin, cout = shape
    n, h, w, _ = x.shape
    (sh, sw), (dh, dw) = op.p["strides"], op.p["dilation"]
    oh, t, b = rf._geometry(h, kh, sh, dh, op.p["padding"])
    ow, l, r = rf._geometry(w, kw, sw, dw, op.p["padding"])
    xp = rf._padded(x, ((t, b), (l, r)), 0.0)
    g = np.zeros(shape)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw, :]
            g[i, j] = np.einsum("nyxc,nyxo->co", patch, dz)
    return g


class _Op:
    """A copy of a weighted op with another kernel, for conv_sequential."""

    def __init__(self, op, kernel):
        self.name, self.p = op.name, dict(op.p)
        self.p["kernel"] = kernel


def _loss_grad(cv, t, op, xin, target, w, steps):
    pr = cv.params[t]
    c = cv.channels(t)
    lam = cv.lam_of(t)
    th = pr["threshold"].astype(np.float64)
    sigma = pr["shift"] / th
    reps = cv.size(t) // c
    theta = np.tile(pr["initial"] / th, reps)
    nb = xin.shape[0]
    if op.kind == "conv":
        z = conv_sequential(xin, _Op(op, w))
    else:
        z = xin @ w + (0.0 if op.p["bias"] is None else op.p["bias"].astype(np.float64))
    z = z.reshape(nb, -1)
    lam_o = np.tile(lam, reps)
    v = steps * (z / lam_o + np.tile(sigma, reps)) + theta
    top = cv.o["burst"] * steps
    n = np.clip(np.floor(v), 0, top)
    e = n / steps - target
    loss = float((e * e).sum()) / nb
    dz = np.where((v >= 0) & (v <= top), 2 * e / (nb * lam_o), 0.0)
    if op.kind == "conv":
        g = _conv_kernel_grad(xin, op, dz.reshape((nb,) + cv.shapes[t]), w.shape)
    else:
        g = xin.T @ dz
    return loss, g


def fit(cv, t, op, xin, target, steps):
    w = op.p["kernel"].astype(np.float64)
    rate = LEARNING_RATE * float(np.abs(w).max())
    m, v = np.zeros_like(w), np.zeros_like(w)
    best, best_loss, first = w.copy(), np.inf, None
    for k in range(ITERATIONS + 1):
        loss, g = _loss_grad(cv, t, op, xin, target, w, steps)
        if first is None:
            first = loss
        if loss < best_loss:
            best, best_loss = w.copy(), loss
        if k == ITERATIONS:
            break
        lr = rate * 0.5 * (1 + np.cos(np.pi * k / ITERATIONS))
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w = w - lr * (m / (1 - 0.9 ** (k + 1))) / (np.sqrt(v / (1 - 0.999 ** (k + 1))) + 1e-8)
    return best.astype(np.float32), first, best_loss


def calibrate(cv, steps, simulate):
    """Calibrates cv's weights in place (kernels, then cv.compile()); returns {stage: (loss before, after)}."""
    losses = {}
    for t in cv.stages[1:]:
        if cv.role[t] != "neurons":
            continue
        path = _feed(cv, t)
        if path is None:
            continue
        src = path.source
        if cv.role[src] == "input":
            rates = cv.x
        else:
            counts, _ = simulate(cv, steps)
            rates = (counts[src] / steps).reshape((-1,) + cv.shapes[src]) * cv.lam_of(src)
        vals, _ = cv.net.forward(cv.x, {src: rates})
        op = path.weighted
        xin = vals[op.inputs[0]]
        target = (cv.activity(t) / cv.lam_of(t)).reshape(cv.x.shape[0], -1)
        kernel, before, after = fit(cv, t, op, xin, target, steps)
        op.p["kernel"] = kernel
        cv.compile()
        losses[t] = (before, after)
    return losses
