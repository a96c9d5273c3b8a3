#!/usr/bin/python3
"""Train the bundled Fashion-MNIST models with PyTorch (CPU) and write them as Keras .h5 files.

Usage:
    /usr/bin/python3 python-reference/train.py [--model all|fmnist-cnn|fmnist-vgg|fmnist-resnet]
            [--out keras-fixtures/trained] [--seed 0] [--data /usr/share/datasets/fashion-mnist]
            [--epochs N] [--threads 1]
    /usr/bin/python3 python-reference/train.py --subset keras-fixtures/data
        Write only the fixed 1,000-image test subset fashion-mnist-1000.npz (and nothing else).

Needs Debian's python3-torch, python3-numpy, python3-h5py and dataset-fashion-mnist; no Keras, no
TensorFlow, no PyPI package. Everything runs on the CPU.

Each model is described once, as a list of Keras layers (MODELS below). From that description this
script builds the PyTorch module that is trained, and afterwards the Keras model (layer configurations
and weights) that make_fixtures.py's writer saves exactly as tf.keras 2.9.0 `model.save('x.h5')` does:
Conv2D kernels (kh, kw, in, out), Dense kernels (in, out) with the rows of the first Dense after a
Flatten in Keras's channels_last H, W, C order, BatchNormalization [gamma, beta, moving_mean,
moving_variance] with epsilon 1e-3, 'same' padding of stride-1 odd kernels (symmetric, as in
TensorFlow). Before a file is put in place it is read back by reference_forward.py (the independent
NumPy reader): every layer's output on the 1,000 bundled test images must match the PyTorch model
within 1e-5 (relative to max(1, |largest value|)), the softmax outputs on all 10,000 test images too,
and the test accuracy computed from the file must equal PyTorch's. The models are trained one at a
time and each file is written as soon as its model is done.

Training is deterministic for a given seed (fixed seeds, data order and augmentation drawn from a
seeded generator, no worker processes); see python-reference/README.md for how far that goes.
"""

import argparse
import gzip
import io
import json
import os
import sys
import tempfile
import time
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np                                               # noqa: E402

import make_fixtures as mf                                       # noqa: E402
import reference_forward as rf                                   # noqa: E402

DATA_DIR = "/usr/share/datasets/fashion-mnist"
SUBSET = 1000
TOLERANCE = 1e-5
KERAS_STYLE = "tf2.9.0"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"]


# ----------------------------------------------------------------------------------------------------
# Models: Keras layer lists (name, class, parameters, inputs); Sequential models chain the layers.
# ----------------------------------------------------------------------------------------------------

def L(cls, name, inputs=None, **p):
    return dict(cls=cls, name=name, inputs=inputs, p=p)


def conv_bn_act(names, filters, act_cls, use_bias=True, inputs=None):
    """Conv2D (3x3, 'same', linear) -> BatchNormalization -> ReLU / Activation('relu')."""
    conv, bn, act = names
    out = [L("Conv2D", conv, inputs, filters=filters, kernel_size=3, use_bias=use_bias),
           L("BatchNormalization", bn)]
    if act_cls == "ReLU":
        out.append(L("ReLU", act))
    else:
        out.append(L("Activation", act, activation="relu"))
    return out


def _auto(prefix, i):
    return prefix if i == 0 else "%s_%d" % (prefix, i)


def model_cnn():
    """Small CNN: 2 x (Conv 3x3 -> BN -> ReLU -> AvgPool 2), Flatten, Dense 128 relu, Dense 10."""
    layers = []
    for i, f in enumerate((32, 64)):
        layers += conv_bn_act((_auto("conv2d", i), _auto("batch_normalization", i), _auto("re_lu", i)),
                              f, "ReLU")
        layers.append(L("AveragePooling2D", _auto("average_pooling2d", i)))
    layers += [L("Flatten", "flatten"),
               L("Dense", "dense", units=128, activation="relu"),
               L("Dense", "dense_1", units=10, activation="softmax")]
    return layers


def model_vgg(widths=(24, 48, 96)):
    """VGG style: 3 x (2 x (Conv 3x3 -> BN -> Activation relu) -> MaxPool 2), Flatten, Dense 128, 10."""
    layers = []
    k = 0
    for s, f in enumerate(widths):
        for _ in range(2):
            layers += conv_bn_act((_auto("conv2d", k), _auto("batch_normalization", k),
                                   _auto("activation", k)), f, "Activation")
            k += 1
        layers.append(L("MaxPooling2D", _auto("max_pooling2d", s)))
    layers += [L("Flatten", "flatten"),
               L("Dense", "dense", units=128, activation="relu"),
               L("Dense", "dense_1", units=10, activation="softmax")]
    return layers


def model_resnet():
    """Residual CNN (Functional): stem Conv-BN-ReLU-MaxPool at 28x28 -> 14x14, an identity block (32),
    MaxPool -> 7x7, a projection block (32 -> 64, 1x1 Conv-BN shortcut), an identity block (64),
    GlobalAveragePooling2D, Dense 10 softmax. Convolutions have no bias (each is followed by BN);
    each block is Conv-BN-ReLU-Conv-BN, Add with the shortcut, ReLU."""
    c = iter(range(100))
    r = iter(range(100))
    a = iter(range(100))
    nc = lambda: next(c)                                        # noqa: E731

    def block(x, filters, project):
        i = nc()
        out = conv_bn_act((_auto("conv2d", i), _auto("batch_normalization", i), _auto("re_lu", next(r))),
                          filters, "ReLU", use_bias=False, inputs=[x])
        j = nc()
        out += [L("Conv2D", _auto("conv2d", j), filters=filters, kernel_size=3, use_bias=False),
                L("BatchNormalization", _auto("batch_normalization", j))]
        main = _auto("batch_normalization", j)
        short = x
        if project:
            k = nc()
            out += [L("Conv2D", _auto("conv2d", k), [x], filters=filters, kernel_size=1,
                      use_bias=False),
                    L("BatchNormalization", _auto("batch_normalization", k))]
            short = _auto("batch_normalization", k)
        add = _auto("add", next(a))
        relu = _auto("re_lu", next(r))
        out += [L("Add", add, [main, short]), L("ReLU", relu)]
        return out, relu

    i = nc()
    layers = conv_bn_act((_auto("conv2d", i), _auto("batch_normalization", i), _auto("re_lu", next(r))),
                         32, "ReLU", use_bias=False, inputs=["input_1"])
    layers.append(L("MaxPooling2D", "max_pooling2d"))
    b, x = block("max_pooling2d", 32, False)
    layers += b
    layers.append(L("MaxPooling2D", "max_pooling2d_1", [x]))
    b, x = block("max_pooling2d_1", 64, True)
    layers += b
    b, x = block(x, 64, False)
    layers += b
    layers += [L("GlobalAveragePooling2D", "global_average_pooling2d", [x]),
               L("Dense", "dense", units=10, activation="softmax")]
    return layers


# name -> (Keras kind, Keras model name, layer list, training settings)
MODELS = {
    "fmnist-cnn": dict(kind="Sequential", keras_name="fmnist_cnn", layers=model_cnn,
                       epochs=5, batch=128, lr=0.1, wd=5e-4, smoothing=0.1, flip=True, shift=1,
                       target=91.0),
    "fmnist-vgg": dict(kind="Sequential", keras_name="fmnist_vgg", layers=model_vgg,
                       epochs=9, batch=128, lr=0.1, wd=5e-4, smoothing=0.1, flip=True, shift=2,
                       target=93.0),
    "fmnist-resnet": dict(kind="Functional", keras_name="fmnist_resnet", layers=model_resnet,
                          epochs=7, batch=128, lr=0.1, wd=5e-4, smoothing=0.1, flip=True, shift=1,
                          target=92.0),
}


# ----------------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------------

def read_idx(path):
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    nd = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(nd)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd)
    return data.reshape(dims)


def load_split(data_dir, split):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz"))
    return x.reshape(-1, 28, 28, 1), y


def write_npz(path, arrays):
    """np.savez_compressed, but byte-stable: fixed entry dates (numpy stamps the current time)."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())
    os.replace(tmp, path)


def write_subset(data_dir, out_dir):
    """The bundled subsets: the first 1,000 test images (indices 0..999), evaluated by the README's main job,
    and the first 1,000 training images, its calibration data; each with its labels."""
    os.makedirs(out_dir, exist_ok=True)
    for split, name in (("test", "fashion-mnist-1000.npz"), ("train", "fashion-mnist-train-1000.npz")):
        x, y = load_split(data_dir, split)
        path = os.path.join(out_dir, name)
        write_npz(path, {"x": x[:SUBSET].astype(np.uint8), "y": y[:SUBSET].astype(np.uint8)})
        counts = np.bincount(y[:SUBSET], minlength=10)
        print("wrote %s: x %s uint8, y %s uint8, per class %s" % (path, x[:SUBSET].shape, y[:SUBSET].shape,
                                                                counts.tolist()))


# ----------------------------------------------------------------------------------------------------
# PyTorch model built from the Keras layer list
# ----------------------------------------------------------------------------------------------------

def build_torch(layers, kind):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class KerasNet(nn.Module):
        """Runs the Keras layer list on NCHW tensors.

        Dense layers are computed as convolutions (MKL-DNN; Debian's torch uses the reference BLAS
        for nn.Linear, which is several times slower): a Dense after Flatten of an (H, W, C) map is a
        Conv2d with an H x W kernel, other Dense layers are 1x1 convolutions on (N, C, 1, 1)."""

        def __init__(self):
            super().__init__()
            self.layers = []
            self.mods = nn.ModuleDict()
            shapes = {"input_1": (1, 28, 28)}                  # (C, H, W); (C, 1, 1) when flat
            self.flatten_src = {}
            prev = "input_1"
            for spec in layers:
                spec = dict(spec)
                if spec["inputs"] is None:
                    spec["inputs"] = [prev]
                c, h, w = shapes[spec["inputs"][0]]
                cls, p, name = spec["cls"], spec["p"], spec["name"]
                if cls == "Conv2D":
                    k = p["kernel_size"]
                    assert k % 2 == 1
                    self.mods[name] = nn.Conv2d(c, p["filters"], k, padding=k // 2,
                                                bias=p.get("use_bias", True))
                    out = (p["filters"], h, w)
                elif cls == "BatchNormalization":
                    self.mods[name] = nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)
                    out = (c, h, w)
                elif cls in ("MaxPooling2D", "AveragePooling2D"):
                    out = (c, h // 2, w // 2)
                elif cls == "Flatten":
                    self.flatten_src[name] = (c, h, w)
                    out = (c * h * w, 1, 1)
                elif cls == "GlobalAveragePooling2D":
                    out = (c, 1, 1)
                elif cls == "Dense":
                    src = spec["inputs"][0]
                    if src in self.flatten_src:
                        fc, fh, fw = self.flatten_src[src]
                        self.mods[name] = nn.Conv2d(fc, p["units"], (fh, fw))
                    else:
                        assert (h, w) == (1, 1)
                        self.mods[name] = nn.Conv2d(c, p["units"], 1)
                    out = (p["units"], 1, 1)
                else:
                    out = (c, h, w)
                shapes[name] = out
                spec["shape"] = out
                self.layers.append(spec)
                prev = name
            self.output = prev

        def forward(self, x, keep=False):
            values = {"input_1": x}
            for spec in self.layers:
                cls, p, name = spec["cls"], spec["p"], spec["name"]
                ins = [values[i] for i in spec["inputs"]]
                x = ins[0]
                if cls in ("Conv2D", "BatchNormalization"):
                    y = self.mods[name](x)
                elif cls in ("ReLU", "Activation"):
                    assert cls == "ReLU" or p["activation"] == "relu"
                    y = F.relu(x)
                elif cls == "MaxPooling2D":
                    y = F.max_pool2d(x, 2)
                elif cls == "AveragePooling2D":
                    y = F.avg_pool2d(x, 2)
                elif cls == "Flatten":
                    y = x                                      # flattened by the next Dense's kernel
                elif cls == "GlobalAveragePooling2D":
                    y = x.mean(dim=(2, 3), keepdim=True)
                elif cls == "Dense":
                    y = self.mods[name](x)
                    if p["activation"] == "relu":
                        y = F.relu(y)
                    else:
                        assert p["activation"] == "softmax" and name == self.output
                elif cls == "Add":
                    y = ins[0]
                    for other in ins[1:]:
                        y = y + other
                else:
                    raise ValueError(cls)
                values[name] = y
            if keep:
                return values
            return values[self.output].flatten(1)             # logits (softmax left to the loss)

        def keras_view(self, name, t):
            """A layer's torch output in Keras layout (channels_last, flattened H, W, C)."""
            spec = next(s for s in self.layers if s["name"] == name)
            if spec["cls"] == "Flatten":
                return t.permute(0, 2, 3, 1).reshape(t.shape[0], -1)
            if spec["shape"][1:] == (1, 1) and spec["cls"] in ("Dense", "GlobalAveragePooling2D"):
                t = t.flatten(1)
                if spec["cls"] == "Dense" and spec["p"]["activation"] == "softmax":
                    t = torch.softmax(t, dim=1)
                return t
            return t.permute(0, 2, 3, 1)

    return KerasNet()


def to_keras(net, model_name, kind, keras_name):
    """The trained torch module as a make_fixtures Net (Keras configs + float32 Keras-layout weights)."""
    st = mf.STYLES[KERAS_STYLE]
    n = mf.Net(model_name, st, kind, (28, 28, 1), "channels_last", 0, model_name=keras_name,
               input_name="input_1")
    n.first_layer_has_batch_shape = False
    f32 = lambda t: np.ascontiguousarray(t.detach().cpu().numpy().astype(np.float32))  # noqa: E731
    for spec in net.layers:
        cls, p, name, ins = spec["cls"], spec["p"], spec["name"], spec["inputs"]
        if cls == "Conv2D":
            m = net.mods[name]
            ws = [("kernel", f32(m.weight.permute(2, 3, 1, 0)))]        # (out,in,kh,kw)->(kh,kw,in,out)
            if m.bias is not None:
                ws.append(("bias", f32(m.bias)))
            k = p["kernel_size"]
            n.add("Conv2D", name, ins, ws, filters=p["filters"], kernel_size=(k, k), strides=(1, 1),
                  padding="same", activation="linear", use_bias=m.bias is not None,
                  dilation_rate=(1, 1), data_format="channels_last")
        elif cls == "BatchNormalization":
            m = net.mods[name]
            ws = [("gamma", f32(m.weight)), ("beta", f32(m.bias)),
                  ("moving_mean", f32(m.running_mean)), ("moving_variance", f32(m.running_var))]
            n.add("BatchNormalization", name, ins, ws, axis=3, epsilon=1e-3, center=True, scale=True,
                  axis_config=-1)
        elif cls == "Dense":
            m = net.mods[name]
            w = m.weight                                                  # (units, C, H, W)
            kernel = w.permute(2, 3, 1, 0).reshape(-1, w.shape[0])        # rows in H, W, C order
            n.add("Dense", name, ins, [("kernel", f32(kernel)), ("bias", f32(m.bias))],
                  units=p["units"], activation=p["activation"], use_bias=True)
        elif cls in ("MaxPooling2D", "AveragePooling2D"):
            n.add(cls, name, ins, (), pool_size=(2, 2), strides=(2, 2), padding="valid",
                  data_format="channels_last")
        elif cls in ("Flatten", "GlobalAveragePooling2D"):
            n.add(cls, name, ins, (), data_format="channels_last")
        elif cls == "ReLU":
            n.add("ReLU", name, ins, (), max_value=None)
        elif cls == "Activation":
            n.add("Activation", name, ins, (), activation=p["activation"])
        elif cls == "Add":
            n.add("Add", name, ins, ())
        else:
            raise ValueError(cls)
    if kind == "Functional":
        n.output_names = [net.layers[-1]["name"]]
    return n


# ----------------------------------------------------------------------------------------------------
# Training and checks
# ----------------------------------------------------------------------------------------------------

def augment(torch, xb, gen, flip, shift):
    """Random horizontal flip and random translation by up to `shift` pixels (zero fill)."""
    n = xb.shape[0]
    if flip:
        f = torch.rand(n, generator=gen) < 0.5
        xb = torch.where(f[:, None, None, None], xb.flip(3), xb)
    if shift:
        s = 2 * shift + 1
        dy = torch.randint(0, s, (n,), generator=gen)
        dx = torch.randint(0, s, (n,), generator=gen)
        xp = torch.nn.functional.pad(xb, (shift, shift, shift, shift))
        out = torch.empty_like(xb)
        for i in range(s):
            for j in range(s):
                sel = ((dy == i) & (dx == j)).nonzero().flatten()
                if len(sel):
                    out[sel] = xp[sel, :, i:i + 28, j:j + 28]
        xb = out
    return xb


def predict(torch, net, x, batch=500):
    net.eval()
    outs = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            outs.append(torch.softmax(net(x[i:i + batch]), dim=1))
    return torch.cat(outs).numpy()


def train(name, cfg, data, seed, epochs, log):
    import torch
    import torch.nn.functional as F
    torch.manual_seed(seed)
    np.random.seed(seed)
    gen = torch.Generator().manual_seed(seed)
    xtr, ytr, xte, yte = data
    net = build_torch(cfg["layers"](), cfg["kind"])
    params = sum(p.numel() for p in net.parameters())
    decay = [p for n_, p in net.named_parameters() if p.ndim > 1]
    no_decay = [p for n_, p in net.named_parameters() if p.ndim <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": cfg["wd"]},
                           {"params": no_decay, "weight_decay": 0.0}],
                          lr=cfg["lr"], momentum=0.9, nesterov=True)
    steps = (len(xtr) + cfg["batch"] - 1) // cfg["batch"]
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg["lr"], epochs=epochs,
                                                steps_per_epoch=steps, pct_start=0.25)
    log("%s: %d parameters, %d epochs x %d steps (batch %d), seed %d"
        % (name, params, epochs, steps, cfg["batch"], seed))
    t0 = time.time()
    for ep in range(epochs):
        net.train()
        perm = torch.randperm(len(xtr), generator=gen)
        total, correct, loss_sum = 0, 0, 0.0
        te = time.time()
        for b in range(steps):
            idx = perm[b * cfg["batch"]:(b + 1) * cfg["batch"]]
            xb = augment(torch, xtr[idx], gen, cfg["flip"], cfg["shift"])
            yb = ytr[idx]
            out = net(xb)
            loss = F.cross_entropy(out, yb, label_smoothing=cfg["smoothing"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += len(yb)
            correct += int((out.argmax(1) == yb).sum())
            loss_sum += float(loss) * len(yb)
        log("  epoch %2d/%d  loss %.4f  train acc %.2f %%  %.0f s" % (
            ep + 1, epochs, loss_sum / total, 100.0 * correct / total, time.time() - te))
    seconds = time.time() - t0
    prob = predict(torch, net, xte)
    acc = 100.0 * float((prob.argmax(1) == yte.numpy()).mean())
    log("%s: trained in %.0f s, test accuracy (PyTorch, 10,000 images) %.2f %%" % (name, seconds, acc))
    return net, prob, acc, seconds, params


def max_rel(got, want):
    return float(np.abs(got - want).max()) / max(1.0, float(np.abs(want).max()))


def verify(torch, net, path, label, xte_np, yte_np, prob_torch, log, chunk=200):
    """Read the written file back with reference_forward.py and compare it with the torch model."""
    model = rf.load(path)
    assert model.layout == "channels_last"
    worst_layer = 0.0
    names = [s["name"] for s in net.layers]
    net.eval()
    # every layer on the 1,000 bundled images
    for i in range(0, SUBSET, chunk):
        x = xte_np[i:i + chunk]
        ref = model.run(x)
        with torch.no_grad():
            vals = net(torch.from_numpy(x).permute(0, 3, 1, 2).contiguous(), keep=True)
        assert set(ref) == set(names), (sorted(ref), names)
        for k in names:
            got = net.keras_view(k, vals[k]).numpy().astype(np.float64)
            want = ref[k]
            if got.shape != want.shape:
                raise AssertionError("%s: shape %s (torch) vs %s (file)" % (k, got.shape, want.shape))
            e = max_rel(got, want)
            if e > TOLERANCE:
                raise AssertionError("%s: torch and the written file differ by %.3g" % (k, e))
            worst_layer = max(worst_layer, e)
    # the softmax output on all 10,000 test images
    out = model.output_names[0]
    probs = []
    for i in range(0, len(xte_np), 500):
        probs.append(model.run(xte_np[i:i + 500])[out])
    prob_ref = np.concatenate(probs)
    e_out = max_rel(prob_torch.astype(np.float64), prob_ref)
    if e_out > TOLERANCE:
        raise AssertionError("output: torch and the written file differ by %.3g" % e_out)
    acc_ref = 100.0 * float((prob_ref.argmax(1) == yte_np).mean())
    acc_torch = 100.0 * float((prob_torch.argmax(1) == yte_np).mean())
    if int((prob_ref.argmax(1) != prob_torch.argmax(1)).sum()):
        raise AssertionError("predictions differ: file %.2f %%, torch %.2f %%" % (acc_ref, acc_torch))
    acc_sub = 100.0 * float((prob_ref[:SUBSET].argmax(1) == yte_np[:SUBSET]).mean())
    log("  verified %s with reference_forward.py: every layer on %d images max rel. error %.1e, "
        "softmax on 10,000 images %.1e; accuracy %.2f %% (file) = %.2f %% (torch); bundled 1,000: "
        "%.1f %%" % (label, SUBSET, worst_layer, e_out, acc_ref, acc_torch, acc_sub))
    return dict(worst_layer=worst_layer, worst_output=e_out, acc=acc_ref, acc_subset=acc_sub,
                prob=prob_ref)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="all", choices=["all"] + list(MODELS))
    ap.add_argument("--out", default="keras-fixtures/trained")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DATA_DIR)
    ap.add_argument("--epochs", type=int, default=None, help="override every model's epoch count")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--train-limit", type=int, default=None, help=argparse.SUPPRESS)  # smoke tests
    ap.add_argument("--subset", metavar="DIR", default=None,
                    help="only write DIR/fashion-mnist-1000.npz and DIR/fashion-mnist-train-1000.npz")
    args = ap.parse_args(argv[1:])

    if args.subset:
        write_subset(args.data, args.subset)
        return 0

    import torch
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")

    def log(msg):
        print(msg, flush=True)
        with open(log_path, "a") as fh:
            fh.write(msg + "\n")

    xtr_u8, ytr_u8 = load_split(args.data, "train")
    xte_u8, yte_u8 = load_split(args.data, "test")
    xtr = torch.from_numpy(xtr_u8.astype(np.float32) / np.float32(255)).permute(0, 3, 1, 2).contiguous()
    xte_np = xte_u8.astype(np.float32) / np.float32(255)            # NHWC, as fed to the .h5 model
    xte = torch.from_numpy(xte_np).permute(0, 3, 1, 2).contiguous()
    ytr = torch.from_numpy(ytr_u8.astype(np.int64))
    if args.train_limit:
        xtr, ytr = xtr[:args.train_limit], ytr[:args.train_limit]
    yte = torch.from_numpy(yte_u8.astype(np.int64))
    log("torch %s, numpy %s, %d threads; train %s, test %s" % (torch.__version__, np.__version__,
                                                               torch.get_num_threads(),
                                                               tuple(xtr_u8.shape), tuple(xte_u8.shape)))
    names = list(MODELS) if args.model == "all" else [args.model]
    summary_path = os.path.join(args.out, "models.json")
    summary = {}
    if os.path.exists(summary_path):
        with open(summary_path) as fh:
            summary = json.load(fh)
    for name in names:
        cfg = MODELS[name]
        epochs = args.epochs or cfg["epochs"]
        net, prob, acc, seconds, params = train(name, cfg, (xtr, ytr, xte, yte), args.seed, epochs, log)
        keras = to_keras(net, name, cfg["kind"], cfg["keras_name"])
        final = os.path.join(args.out, name + ".h5")
        fd, tmp = tempfile.mkstemp(prefix="." + name + "-", suffix=".h5", dir=args.out)
        os.close(fd)
        try:
            mf.write_full_h5(keras, tmp)
            t1 = time.time()
            res = verify(torch, net, tmp, name + ".h5", xte_np, yte_u8.astype(np.int64), prob, log)
            os.chmod(tmp, 0o644)                            # mkstemp creates it 0600
            os.replace(tmp, final)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        write_npz(os.path.join(args.out, name + ".predictions.npz"),
                  {"y_pred": res["prob"][:SUBSET].astype(np.float32)})
        log("  wrote %s (%d bytes); check took %.0f s" % (final, os.path.getsize(final),
                                                          time.time() - t1))
        summary[name] = dict(
            file=name + ".h5", keras_style="tf.keras " + mf.STYLES[KERAS_STYLE].version,
            model_class=cfg["kind"], parameters=params, epochs=epochs, batch=cfg["batch"],
            seed=args.seed, test_accuracy_10000=round(res["acc"], 2),
            bundled_accuracy_1000=round(res["acc_subset"], 1), target=cfg["target"],
            train_seconds=round(seconds), threads=torch.get_num_threads(),
            torch=torch.__version__,
            check_max_rel_error_layers_1000=float("%.2g" % res["worst_layer"]),
            check_max_rel_error_softmax_10000=float("%.2g" % res["worst_output"]))
        with open(summary_path, "w") as fh:
            json.dump(summary, fh, indent=2, sort_keys=True)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
