#!/usr/bin/python3
"""Independent float64 NumPy forward pass of Keras inference, reading Keras files like an importer.

Usage:
    /usr/bin/python3 python-reference/reference_forward.py --self-test [FIXTURES_DIR]
        Re-read every fixture listed in FIXTURES_DIR/fixtures.json (default keras-fixtures) from its
        written files and check that it reproduces <name>.expected.npz, layer by layer.

    /usr/bin/python3 python-reference/reference_forward.py MODEL [--architecture ARCH.json]
            [--theano-kernels] --input X.npy [--output OUT.npz] [--final]
        Run MODEL (.h5 full model, weights-only .h5 + ARCH.json, or Keras 3 .keras) on X (a batch in
        the model's Keras layout) and write every layer's output (--final: the model's outputs only),
        keyed by layer name.

    /usr/bin/python3 python-reference/reference_forward.py --real-keras ../shared/real-keras
        Check this reader against outputs and accuracies recorded by real Keras.

    /usr/bin/python3 python-reference/reference_forward.py --real-checkpoints ../shared/real-checkpoints
            [--write keras-fixtures/checkpoint-references]
        Read real TF-Keras SavedModels through tensor_bundle.py: check the accuracies Keras recorded in
        them, and check (or write) the reference outputs of the Functional BN model.

Written from Keras's documented inference semantics and its file layouts; it shares no code with
make_fixtures.py. The model configuration is parsed from model_config / the architecture JSON /
config.json, and weights are found through each layer's 'weight_names' attribute (legacy HDF5,
chunked attributes included) or, for .keras archives, through layers/<auto name>/vars/<i>.
Internally every image tensor is kept as NHWC; outputs are given back in Keras's layout.
"""

import json
import math
import re
import sys
import zipfile
import io
import os

import h5py
import numpy as np


class UnsupportedModel(Exception):
    pass


# ----------------------------------------------------------------------------------------------------
# Reading attributes and weights
# ----------------------------------------------------------------------------------------------------

def _as_text(v):
    if isinstance(v, bytes):
        return v.decode("utf8")
    if isinstance(v, np.bytes_):
        return bytes(v).decode("utf8")
    return str(v)


def read_name_list(node, attr):
    """load_attributes_from_hdf5_group: plain attribute or its chunks attr0, attr1, ..."""
    if attr in node.attrs:
        values = [node.attrs[attr]]
    else:
        values = []
        i = 0
        while "%s%d" % (attr, i) in node.attrs:
            values.append(node.attrs["%s%d" % (attr, i)])
            i += 1
    names = []
    for v in values:
        arr = np.asarray(v)
        if arr.size == 0:
            continue                       # empty weight list is stored as float64 (0,)
        if arr.dtype.kind == "f":
            raise UnsupportedModel("attribute %s holds numbers" % attr)
        names.extend(_as_text(x) for x in arr.reshape(-1))
    return names


def read_scalar_text(node, attr):
    if attr not in node.attrs:
        return None
    return _as_text(node.attrs[attr])


_ROLE_SUFFIXES = [
    ("moving_variance", "moving_variance"), ("moving_mean", "moving_mean"),
    ("running_std", "moving_variance"), ("running_mean", "moving_mean"),
    ("gamma", "gamma"), ("beta", "beta"), ("kernel", "kernel"), ("bias", "bias"),
    ("W", "kernel"), ("b", "bias"),
]


def weight_role(name):
    """Role of a stored weight from its name: 'conv2d_1/kernel:0', 'kernel', 'dense_1_W' ..."""
    short = name.split("/")[-1]
    if short.endswith(":0"):
        short = short[:-2]
    for suffix, role in _ROLE_SUFFIXES:
        if short == suffix or short.endswith("_" + suffix):
            return role
    raise UnsupportedModel("unknown weight name %r" % name)


class LegacyWeights:
    """Weights of a legacy HDF5 file (full model: /model_weights; weights-only: the root)."""

    def __init__(self, group):
        self.group = group
        self.layer_names = read_name_list(group, "layer_names")

    def layer(self, layer_name, cls, cfg, index):
        if layer_name not in self.layer_names:
            return {}
        g = self.group[layer_name]
        out = {}
        for wn in read_name_list(g, "weight_names"):
            out[weight_role(wn)] = np.array(g[wn], dtype=np.float64)
        return out


class ZipWeights:
    """Weights of a .keras archive: layers/<snake_case(class)>[_n]/vars/<i> (Keras 3, tf.keras 2.15) or
    _layer_checkpoint_dependencies/<snake_case(class)>[_n]/vars/<i> (tf.keras 2.12-2.14; up to 2.13 a
    layer of a weighted class also uses up the next number of its class)."""

    WEIGHTED = ("Conv2D", "Convolution2D", "Dense", "BatchNormalization", "DepthwiseConv2D",
                "SeparableConv2D")

    def __init__(self, h5, keras_version=None):
        self.h5 = h5
        self.used = {}
        self.paths = {}
        self.container = "_layer_checkpoint_dependencies" if "_layer_checkpoint_dependencies" in h5 \
            else "layers"
        v = re.match(r"(\d+)\.(\d+)", keras_version or "")
        self.double = self.container != "layers" and v is not None and \
            (int(v.group(1)), int(v.group(2))) <= (2, 13)

    @staticmethod
    def snake(name):
        name = re.sub(r"\W+", "", name)
        name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
        return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()

    def assign(self, layer_name, cls):
        base = self.snake(cls)
        if base in self.used:
            self.used[base] += 1
            path = "%s_%d" % (base, self.used[base])
        else:
            self.used[base] = 0
            path = base
        self.paths[layer_name] = "%s/%s/vars" % (self.container, path)
        if self.double and cls in self.WEIGHTED:
            self.used[base] += 1

    def layer(self, layer_name, cls, cfg, index):
        g = self.h5[self.paths[layer_name]]
        vals = [np.array(g[str(i)], dtype=np.float64) for i in range(len(g.keys()))]
        if cls in ("Conv2D", "Dense"):
            roles = ["kernel"] + (["bias"] if cfg.get("use_bias", True) else [])
        elif cls == "BatchNormalization":
            roles = (["gamma"] if cfg.get("scale", True) else []) + \
                    (["beta"] if cfg.get("center", True) else []) + ["moving_mean", "moving_variance"]
        else:
            roles = []
        if len(roles) != len(vals):
            raise UnsupportedModel("%s: %d variables, expected %d" % (layer_name, len(vals),
                                                                      len(roles)))
        return dict(zip(roles, vals))


# ----------------------------------------------------------------------------------------------------
# Model graph from the configuration
# ----------------------------------------------------------------------------------------------------

SUPPORTED = {
    "Conv2D", "Dense", "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "Softmax",
    "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "Flatten", "ZeroPadding2D",
    "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "ActivityRegularization", "Add",
    "Concatenate", "Rescaling",
}


class Node:
    def __init__(self, name, cls, cfg, inputs):
        self.name = name
        self.cls = cls
        self.cfg = cfg
        self.inputs = inputs
        self.w = {}


def _tensor_refs(obj, out):
    """Collect inbound layer names from a Keras 3 node ({'args': ..., 'kwargs': ...})."""
    if isinstance(obj, dict):
        if obj.get("class_name") == "__keras_tensor__":
            out.append(obj["config"]["keras_history"][0])
            return
        for v in obj.values():
            _tensor_refs(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _tensor_refs(v, out)


def _inbound(entry):
    nodes = entry.get("inbound_nodes", [])
    if not nodes:
        return []
    if len(nodes) != 1:
        raise UnsupportedModel("layer %s is called %d times" % (entry.get("name"), len(nodes)))
    node = nodes[0]
    if isinstance(node, dict):
        refs = []
        _tensor_refs(node.get("args", []), refs)
        return refs
    return [ref[0] for ref in node]


def _endpoints(spec):
    """[['name', 0, 0], ...] or ['name', 0, 0] -> ['name', ...]"""
    if len(spec) == 3 and isinstance(spec[0], str):
        return [spec[0]]
    return [s[0] for s in spec]


class Model:
    def __init__(self, config, weights, backend=None, theano_kernels=False, zip_format=False):
        self.nodes = []
        self.backend = backend
        cls = config["class_name"]
        body = config["config"]
        if cls == "Sequential":
            entries = body if isinstance(body, list) else body["layers"]
            prev = None
            for e in entries:
                lcls, lcfg = e["class_name"], e["config"]
                if lcls == "InputLayer":
                    self.input_name = lcfg["name"]
                    self.input_shape = lcfg.get("batch_input_shape") or lcfg.get("batch_shape")
                    prev = self.input_name
                    continue
                if prev is None:
                    shape = lcfg.get("batch_input_shape") or lcfg.get("batch_shape")
                    if shape is None:
                        raise UnsupportedModel("no input shape")
                    self.input_name = lcfg["name"] + "_input"
                    self.input_shape = shape
                    prev = self.input_name
                self.nodes.append(Node(lcfg["name"], lcls, lcfg, [prev]))
                prev = lcfg["name"]
            self.output_names = [prev]
            weight_order = [n.name for n in self.nodes]
            weight_classes = [n.cls for n in self.nodes]
        elif cls in ("Model", "Functional"):
            weight_order, weight_classes = [], []
            for e in body["layers"]:
                name = e.get("name") or e["config"]["name"]
                weight_order.append(name)
                weight_classes.append(e["class_name"])
                if e["class_name"] == "InputLayer":
                    self.input_name = name
                    c = e["config"]
                    self.input_shape = c.get("batch_input_shape") or c.get("batch_shape")
                    continue
                self.nodes.append(Node(name, e["class_name"], e["config"], _inbound(e)))
            ins = _endpoints(body["input_layers"])
            if len(ins) != 1:
                raise UnsupportedModel("%d inputs" % len(ins))
            self.output_names = _endpoints(body["output_layers"])
        else:
            raise UnsupportedModel("model class " + cls)

        if zip_format or getattr(weights, "needs_layer_order", False):
            for name, lcls in zip(weight_order, weight_classes):
                weights.assign(name, lcls)
        self.layout = self._layout()
        flip = theano_kernels or (backend == "theano")
        for i, n in enumerate(self.nodes):
            n.w = weights.layer(n.name, n.cls, n.cfg, i)
            self._normalise(n, flip)

    def _layout(self):
        found = set()
        for n in self.nodes:
            if n.cls == "Flatten":
                continue
            df = n.cfg.get("data_format")
            if df is None and "dim_ordering" in n.cfg:
                df = {"th": "channels_first", "tf": "channels_last"}[n.cfg["dim_ordering"]]
            if df:
                found.add(df)
        if len(found) > 1:
            raise UnsupportedModel("mixed data formats")
        return found.pop() if found else "channels_last"

    def _normalise(self, n, flip):
        """Keras 1 names -> Keras 2 names; kernels -> (kh, kw, in, out) cross-correlation."""
        c = n.cfg
        if n.cls not in SUPPORTED and n.cls != "Convolution2D":
            raise UnsupportedModel("layer %r of class %s" % (n.name, n.cls))
        if n.cls == "Convolution2D":                          # Keras 1
            n.cls = "Conv2D"
            c = dict(filters=c["nb_filter"], kernel_size=[c["nb_row"], c["nb_col"]],
                     strides=c.get("subsample", [1, 1]), padding=c.get("border_mode", "valid"),
                     dilation_rate=[1, 1], activation=c.get("activation", "linear"),
                     use_bias=c.get("bias", True), dim_ordering=c.get("dim_ordering", "th"))
            if c["dim_ordering"] == "th":
                n.w["kernel"] = n.w["kernel"].transpose(2, 3, 1, 0)
            n.cfg = c
        if n.cls == "Dense" and "output_dim" in c:
            c = dict(c, units=c["output_dim"], use_bias=c.get("bias", True))
            n.cfg = c
        if n.cls == "Dropout" and "p" in c:
            n.cfg = dict(c, rate=c["p"])
        if n.cls == "BatchNormalization" and c.get("mode", 0) != 0:
            raise UnsupportedModel("BatchNormalization mode %s" % c["mode"])
        if n.cls in ("MaxPooling2D", "AveragePooling2D") and "border_mode" in c:
            n.cfg = dict(c, padding=c["border_mode"])
        if n.cls == "Conv2D":
            if n.cfg.get("groups", 1) != 1:
                raise UnsupportedModel("grouped convolution")
            if flip:
                n.w["kernel"] = n.w["kernel"][::-1, ::-1, :, :]

    # ------------------------------------------------------------------------------------------------
    def run(self, x):
        """Outputs of every layer for batch x (Keras layout), each in Keras layout (float64)."""
        cf = self.layout == "channels_first"
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 4 and cf:
            x = x.transpose(0, 2, 3, 1)
        values = {self.input_name: x}
        keras_out = {}
        for n in self.nodes:
            ins = [values[i] for i in n.inputs]
            y = apply(n, ins, cf)
            values[n.name] = y
            keras_out[n.name] = y.transpose(0, 3, 1, 2) if (y.ndim == 4 and cf) else y
        return keras_out


# ----------------------------------------------------------------------------------------------------
# Layer semantics (internal NHWC)
# ----------------------------------------------------------------------------------------------------

def _pair(v):
    if isinstance(v, (list, tuple)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def _geometry(n, k, s, d, padding):
    """(output length, padding before, padding after) for one spatial axis, TF's rule."""
    eff = (k - 1) * d + 1
    if padding == "same":
        out = int(math.ceil(n / s))
        total = max((out - 1) * s + eff - n, 0)
        return out, total // 2, total - total // 2
    if padding == "valid":
        return (n - eff) // s + 1, 0, 0
    raise UnsupportedModel("padding " + str(padding))


def _padded(x, pads, fill):
    n, h, w, c = x.shape
    (t, b), (l, r) = pads
    out = np.full((n, h + t + b, w + l + r, c), fill, dtype=np.float64)
    out[:, t:t + h, l:l + w, :] = x
    return out


def conv2d(x, kernel, bias, strides, padding, dilation):
    n, h, w, cin = x.shape
    kh, kw, kin, cout = kernel.shape
    if kin != cin:
        raise UnsupportedModel("kernel expects %d channels, got %d" % (kin, cin))
    (sh, sw), (dh, dw) = strides, dilation
    oh, t, b = _geometry(h, kh, sh, dh, padding)
    ow, l, r = _geometry(w, kw, sw, dw, padding)
    xp = _padded(x, ((t, b), (l, r)), 0.0)
    y = np.zeros((n, oh, ow, cout))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dh: i * dh + sh * (oh - 1) + 1: sh,
                       j * dw: j * dw + sw * (ow - 1) + 1: sw, :]
            y += patch @ kernel[i, j]
    if bias is not None:
        y += bias
    return y


def pool2d(x, size, strides, padding, kind):
    n, h, w, c = x.shape
    (ph, pw), (sh, sw) = size, strides
    oh, t, b = _geometry(h, ph, sh, 1, padding)
    ow, l, r = _geometry(w, pw, sw, 1, padding)
    if kind == "max":
        xp = _padded(x, ((t, b), (l, r)), -np.inf)
        y = np.full((n, oh, ow, c), -np.inf)
    else:
        xp = _padded(x, ((t, b), (l, r)), 0.0)
        valid = _padded(np.ones((1, h, w, 1)), ((t, b), (l, r)), 0.0)
        y = np.zeros((n, oh, ow, c))
        count = np.zeros((1, oh, ow, 1))
    for i in range(ph):
        for j in range(pw):
            sl = (slice(None), slice(i, i + sh * (oh - 1) + 1, sh),
                  slice(j, j + sw * (ow - 1) + 1, sw), slice(None))
            if kind == "max":
                y = np.maximum(y, xp[sl])
            else:
                y += xp[sl]
                count += valid[sl]
    return y if kind == "max" else y / count


def activation(x, name):
    if isinstance(name, dict):                # Keras 3 may serialise functions as objects
        cfg = name.get("config")
        name = cfg if isinstance(cfg, str) else name.get("class_name", "").lower()
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.where(x > 0, x, 0.0)
    if name == "relu6":
        return np.where(x > 0, np.where(x < 6.0, x, 6.0), 0.0)
    if name == "softmax":
        z = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return z / np.sum(z, axis=-1, keepdims=True)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    raise UnsupportedModel("activation %r" % name)


def relu_layer(x, max_value=None, negative_slope=0.0, threshold=0.0):
    """keras.backend.relu(x, alpha=negative_slope, max_value, threshold)."""
    neg = np.where(x < threshold, threshold - x, 0.0)
    y = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        y = np.where(y > max_value, max_value, y)
    return y - (negative_slope or 0.0) * neg


def _internal_axis(axis, rank, cf):
    """Keras axis -> axis of the internal (NHWC) tensor."""
    axis = axis % rank
    if rank == 4 and cf:
        return {1: 3, 2: 1, 3: 2}[axis]
    return axis


def _keras_view(x, cf):
    return x.transpose(0, 3, 1, 2) if (x.ndim == 4 and cf) else x


def _internal_view(x, cf):
    return x.transpose(0, 2, 3, 1) if (x.ndim == 4 and cf) else x


def _last_axis_activation(x, name, cf):
    return _internal_view(activation(_keras_view(x, cf), name), cf)


def apply(node, ins, cf):
    c, w, cls = node.cfg, node.w, node.cls
    x = ins[0]
    if cls == "Conv2D":
        if x.ndim != 4:
            raise UnsupportedModel("Conv2D on rank %d" % x.ndim)
        y = conv2d(x, w["kernel"], w.get("bias"), _pair(c.get("strides", 1)),
                   c.get("padding", "valid"), _pair(c.get("dilation_rate", 1)))
        return _last_axis_activation(y, c.get("activation"), cf)
    if cls == "Dense":
        if x.ndim != 2:
            raise UnsupportedModel("Dense on rank %d" % x.ndim)
        y = x @ w["kernel"]
        if "bias" in w:
            y = y + w["bias"]
        return activation(y, c.get("activation"))
    if cls == "BatchNormalization":
        axis = c.get("axis", -1)
        if isinstance(axis, list):
            if len(axis) != 1:
                raise UnsupportedModel("BatchNormalization over several axes")
            axis = axis[0]
        ax = _internal_axis(axis, x.ndim, cf)
        if ax != x.ndim - 1:
            raise UnsupportedModel("BatchNormalization not on the channel axis")
        ch = x.shape[-1]
        gamma = w.get("gamma", np.ones(ch))
        beta = w.get("beta", np.zeros(ch))
        eps = c.get("epsilon", 1e-3)
        return (x - w["moving_mean"]) / np.sqrt(w["moving_variance"] + eps) * gamma + beta
    if cls == "Activation":
        return _last_axis_activation(x, c["activation"], cf)
    if cls == "ReLU":
        return relu_layer(x, c.get("max_value"), c.get("negative_slope", 0.0),
                          c.get("threshold", 0.0))
    if cls == "LeakyReLU":
        slope = c.get("negative_slope", c.get("alpha", 0.3))
        return np.where(x > 0, x, slope * x)
    if cls == "Softmax":
        return _last_axis_activation(x, "softmax", cf)
    if cls in ("MaxPooling2D", "AveragePooling2D"):
        size = _pair(c.get("pool_size", 2))
        strides = _pair(c["strides"]) if c.get("strides") is not None else size
        return pool2d(x, size, strides, c.get("padding", "valid"),
                      "max" if cls == "MaxPooling2D" else "avg")
    if cls == "GlobalAveragePooling2D":
        if c.get("keepdims"):
            raise UnsupportedModel("keepdims")
        return x.mean(axis=(1, 2))
    if cls == "Flatten":
        k = _keras_view(x, cf)
        if k.ndim == 4 and c.get("data_format") == "channels_first":
            k = k.transpose(0, 2, 3, 1)
        return k.reshape(k.shape[0], -1)
    if cls == "ZeroPadding2D":
        pad = c["padding"]
        if isinstance(pad, int):
            pad = ((pad, pad), (pad, pad))
        elif isinstance(pad[0], int):
            pad = ((pad[0], pad[0]), (pad[1], pad[1]))
        return _padded(x, pad, 0.0)
    if cls in ("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "ActivityRegularization"):
        return x
    if cls == "Add":
        y = ins[0].copy()
        for other in ins[1:]:
            y = y + other
        return y
    if cls == "Concatenate":
        return np.concatenate(ins, axis=_internal_axis(c.get("axis", -1), x.ndim, cf))
    if cls == "Rescaling":
        return x * c["scale"] + c.get("offset", 0.0)
    raise UnsupportedModel("layer class " + cls)


# ----------------------------------------------------------------------------------------------------
# Opening files
# ----------------------------------------------------------------------------------------------------

def load(path, architecture=None, theano_kernels=False):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            config = json.loads(zf.read("config.json"))
            weights_bytes = zf.read("model.weights.h5")
            meta = json.loads(zf.read("metadata.json")) if "metadata.json" in zf.namelist() else {}
        h5 = h5py.File(io.BytesIO(weights_bytes), "r")
        return Model(config, ZipWeights(h5, meta.get("keras_version")), theano_kernels=theano_kernels,
                     zip_format=True)
    f = h5py.File(path, "r")
    backend = read_scalar_text(f, "backend")
    if "model_config" in f.attrs:
        config = json.loads(_as_text(f.attrs["model_config"]))
        group = f["model_weights"]
        backend = read_scalar_text(group, "backend") or backend
    else:
        if architecture is None:
            raise UnsupportedModel("weights-only file needs an architecture JSON")
        with open(architecture) as fh:
            config = json.load(fh)
        group = f
        backend = backend or config.get("backend")
    return Model(config, LegacyWeights(group), backend=backend, theano_kernels=theano_kernels)


def self_test(fixdir):
    with open(os.path.join(fixdir, "fixtures.json")) as fh:
        entries = json.load(fh)
    failures = 0
    for e in entries:
        try:
            arch = os.path.join(fixdir, e["architecture"]) if e["architecture"] else None
            model = load(os.path.join(fixdir, e["model"]), arch, e["theanoKernels"])
            expected = np.load(os.path.join(fixdir, e["expected"]))
            x = expected["input"]
            problems = []
            if model.layout != e["dataFormat"]:
                problems.append("data format %s, fixtures.json says %s" % (model.layout,
                                                                          e["dataFormat"]))
            if x.dtype != np.float32 or x.shape[0] != 4:
                problems.append("input is %s %s" % (x.dtype, x.shape))
            if list(x.shape[1:]) != [int(v) for v in model.input_shape[1:]]:
                problems.append("input shape %s, model says %s" % (x.shape, model.input_shape))
            outs = model.run(x)
            names = set(expected.files) - {"input"}
            if names != set(outs):
                problems.append("layers differ: npz only %s, model only %s"
                                % (sorted(names - set(outs)), sorted(set(outs) - names)))
            worst = 0.0
            for k in sorted(names & set(outs)):
                want = expected[k].astype(np.float64)
                got = outs[k]
                if want.shape != got.shape:
                    problems.append("%s: shape %s vs %s" % (k, got.shape, want.shape))
                    continue
                scale = max(1.0, float(np.abs(want).max()))
                err = float(np.abs(got - want).max()) / scale
                worst = max(worst, err)
                if err > 1e-5:
                    problems.append("%s: max error %.3g" % (k, err))
            if problems:
                failures += 1
                print("FAIL %s: %s" % (e["name"], "; ".join(problems)))
            else:
                print("ok   %-20s %2d layers, max rel. error %.1e" % (e["name"], len(names), worst))
        except Exception as ex:                                  # report and go on
            failures += 1
            print("FAIL %s: %s: %s" % (e["name"], type(ex).__name__, ex))
    print("%d fixture(s), %d failure(s)" % (len(entries), failures))
    return failures == 0


def real_keras_test(realdir):
    """Check this reader against outputs recorded by real Keras (../shared/real-keras)."""
    ok = True

    def report(name, good, detail):
        nonlocal ok
        ok = ok and good
        print("%s %-22s %s" % ("ok  " if good else "FAIL", name, detail))

    p = lambda *parts: os.path.join(realdir, *parts)
    try:
        m = load(p("dl4j-cnn-batch-norm", "cnn_batch_norm.h5"))
        x = np.load(p("dl4j-cnn-batch-norm", "input.npy"))
        want = np.load(p("dl4j-cnn-batch-norm", "predictions.npy"))
        err = float(np.abs(m.run(x)[m.output_names[0]] - want).max())
        report("dl4j-cnn-batch-norm", err < 1e-6, "max error vs Keras predictions %.1e" % err)
    except Exception as ex:
        report("dl4j-cnn-batch-norm", False, repr(ex))
    try:
        d = p("dl4j-mnist-mlp")
        m = load(os.path.join(d, "mnist_mlp_tf_keras_2_weights.h5"),
                 os.path.join(d, "mnist_mlp_tf_keras_2_config.json"))
        with h5py.File(os.path.join(d, "mnist_mlp_tf_keras_2_inputs_and_outputs.h5"), "r") as f:
            outs = m.run(f["inputs"][list(f["inputs"].keys())[0]][()])
            err = max(float(np.abs(outs[k] - f["activations"][k][()]).max())
                      for k in f["activations"])
            err = max(err, max(float(np.abs(outs[k] - f["predictions"][k][()]).max())
                               for k in f["predictions"]))
        report("dl4j-mnist-mlp", err < 1e-5, "max error vs Keras activations %.1e" % err)
    except Exception as ex:
        report("dl4j-mnist-mlp", False, repr(ex))
    try:
        m = load(p("snn-toolbox-lenet5", "lenet5_98.96.h5"))
        x = np.load(p("mnist", "x_norm.npz"))["arr_0"]
        y = np.load(p("mnist", "y_test.npz"))
        y = y[y.files[0]]
        correct = int((m.run(x)[m.output_names[0]].argmax(1) == y.argmax(1)).sum())
        report("snn-toolbox-lenet5", correct == 9896,
               "%d/%d correct (file name says 98.96 %%), backend %s" % (correct, len(y), m.backend))
    except Exception as ex:
        report("snn-toolbox-lenet5", False, repr(ex))
    for name, path, arch in (("dl4j-dcgan", p("dl4j-dcgan", "dcgan_discriminator.h5"), None),
                             ("kotlindl-toyresnet", p("kotlindl-toyresnet", "weights.h5"),
                              p("kotlindl-toyresnet", "modelConfig.json"))):
        try:
            m = load(path, arch)
            shape = [2] + [int(v) for v in m.input_shape[1:]]
            out = m.run(np.random.RandomState(0).uniform(size=shape))[m.output_names[0]]
            report(name, bool(np.isfinite(out).all()), "parsed and ran, output %s" % (out.shape,))
        except Exception as ex:
            report(name, False, repr(ex))
    try:
        load(p("negative", "sequential_lambda.h5"))
        report("negative (Lambda)", False, "was accepted")
    except UnsupportedModel as ex:
        report("negative (Lambda)", True, "refused: %s" % ex)
    except Exception as ex:
        report("negative (Lambda)", False, repr(ex))
    return ok


CHECKPOINT_REFERENCE = "andreas_cnn_bn_fashion_functional_tf25.npz"


def real_checkpoints_test(realdir, write_dir=None):
    """Read real TF-Keras SavedModels with tensor_bundle.py: recorded accuracies, and the reference
    outputs the Java tests compare with (keras-fixtures/checkpoint-references/)."""
    import tensor_bundle as tb
    ok = True
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(here, "..", "keras-fixtures")

    def saved(name):
        d = os.path.join(realdir, "savedmodel", name)
        config = tb.model_config(os.path.join(d, "keras_metadata.pb"))
        return Model(config, tb.BundleWeights(os.path.join(d, "variables", "variables"))), d

    x = np.load(os.path.join(fixtures, "data", "mnist", "x_norm.npz"))["arr_0"].transpose(0, 2, 3, 1)
    y = np.load(os.path.join(fixtures, "data", "mnist", "y_test.npz"))["arr_0"].argmax(1)
    for name in ("th368_cnn_mnist_tf26", "ionas_cnn_mnist_tf26"):
        try:
            m, d = saved(name)
            correct = sum(int((m.run(x[i:i + 500])[m.output_names[0]].argmax(1) == y[i:i + 500]).sum())
                          for i in range(0, len(y), 500))
            total, count = tb.recorded_accuracy(d)
            good = correct == int(total) and count == len(y)
            ok = ok and good
            print("%s %-36s %d/%d correct on MNIST; Keras recorded %d/%d" % (
                "ok  " if good else "FAIL", name, correct, len(y), total, count))
        except Exception as ex:
            ok = False
            print("FAIL %-36s %r" % (name, ex))
    name = "andreas_cnn_bn_fashion_functional_tf25"
    m, _ = saved(name)
    images = np.load(os.path.join(fixtures, "data", "fashion-mnist-1000.npz"))["x"][:64].astype(np.float32) / np.float32(255)
    out = m.run(images)[m.output_names[0]]
    committed = os.path.join(fixtures, "checkpoint-references", CHECKPOINT_REFERENCE)
    if write_dir:
        os.makedirs(write_dir, exist_ok=True)
        np.savez_compressed(os.path.join(write_dir, CHECKPOINT_REFERENCE), input=images, output=out)
        print("wrote %s" % os.path.join(write_dir, CHECKPOINT_REFERENCE))
    elif os.path.exists(committed):
        want = np.load(committed)
        err = float(np.abs(want["output"] - out).max())
        good = np.array_equal(want["input"], images) and err <= 1e-12
        ok = ok and good
        print("%s %-36s outputs on 64 Fashion-MNIST images equal %s (max difference %.1e)" % (
            "ok  " if good else "FAIL", name, "keras-fixtures/checkpoint-references/" + CHECKPOINT_REFERENCE, err))
    return ok


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    if args[0] == "--real-keras":
        return 0 if real_keras_test(args[1]) else 1
    if args[0] == "--real-checkpoints":
        write = args[3] if len(args) > 3 and args[2] == "--write" else None
        return 0 if real_checkpoints_test(args[1], write) else 1
    if args[0] == "--self-test":
        return 0 if self_test(args[1] if len(args) > 1 else "keras-fixtures") else 1
    model_path, arch, theano, inp, out = args[0], None, False, None, "reference_outputs.npz"
    final = False
    i = 1
    while i < len(args):
        a = args[i]
        if a == "--architecture":
            arch, i = args[i + 1], i + 2
        elif a == "--theano-kernels":
            theano, i = True, i + 1
        elif a == "--input":
            inp, i = args[i + 1], i + 2
        elif a == "--output":
            out, i = args[i + 1], i + 2
        elif a == "--final":
            final, i = True, i + 1
        else:
            print("unknown argument " + a, file=sys.stderr)
            return 2
    if inp is None:
        print("--input is required", file=sys.stderr)
        return 2
    x = np.load(inp)
    if isinstance(x, np.lib.npyio.NpzFile):
        x = x["input"]
    model = load(model_path, arch, theano)
    if final:       # in batches of 50, keeping only the outputs (a ResNet's activations fill gigabytes)
        parts = []
        for i in range(0, len(x), 50):
            r = model.run(x[i:i + 50])
            parts.append({k: r[k] for k in model.output_names})
            del r
        outs = {k: np.concatenate([p[k] for p in parts]) for k in model.output_names}
    else:
        outs = model.run(x)
    np.savez_compressed(out, input=x, **{k: v.astype(np.float32) for k, v in outs.items()})
    print("wrote %s (%d layers)" % (out, len(outs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
