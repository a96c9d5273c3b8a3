#!/usr/bin/python3
"""Write the Keras-format test fixtures of spkeras-java, with their expected outputs.

Usage:
    /usr/bin/python3 python-reference/make_fixtures.py [OUTDIR]      (default OUTDIR: keras-fixtures)

No Keras or TensorFlow is used: every file is written by hand with h5py (and zipfile for the Keras 3
`.keras` archive) in the layout that the named Keras version writes. The expected per-layer outputs
are computed here with this file's own float64 NumPy forward pass; `reference_forward.py` is an
independent second implementation that re-reads the written files (see `python-reference/check`).

Everything is deterministic: fixed seeds, no timestamps (zip entries carry fixed dates; HDF5 files are
written with h5py's defaults, which record no times), so two runs give byte-identical files.
"""

import io
import json
import os
import shutil
import sys
import tempfile
import zipfile

import h5py
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

GENERATED_BY = "python-reference/make_fixtures.py"
COMMAND = "/usr/bin/python3 python-reference/make_fixtures.py keras-fixtures"
BATCH = 4


# ----------------------------------------------------------------------------------------------------
# Keras versions ("styles"): what differs in the files each one writes
# ----------------------------------------------------------------------------------------------------

class Style:
    """The saving conventions of one Keras version.

    family: 'k1' (Keras 1.x), 'k2' (standalone Keras 2.x), 'tf' (tf.keras), 'k3' (Keras 3)
    """

    def __init__(self, version, family, backend="tensorflow", **kw):
        self.version = version
        self.family = family
        self.backend = backend
        # h5py 3 stores a list of bytes as a variable-length ASCII string array; h5py 2 (the one that
        # went with Keras <= 2.4) stored fixed-length |S arrays.
        self.vlen_names = kw.get("vlen_names", False)
        # tf.keras >= 2.7 and Keras 3 add an (empty) 'top_level_model_weights' group to model_weights.
        self.top_level_group = kw.get("top_level_group", False)
        # tf.keras >= 2.4 / Keras 3 write keras_version and backend root attributes as str (UTF-8);
        # older versions as bytes (ASCII).
        self.root_str = kw.get("root_str", False)
        self.seq_list = kw.get("seq_list", False)            # Sequential config is a bare list
        self.seq_input_layer = kw.get("seq_input_layer", False)  # Sequential config lists InputLayer
        self.dtype_every_layer = kw.get("dtype_every_layer", False)
        self.init = kw.get("init", "tf")                     # initializer serialisation form
        self.groups = kw.get("groups", False)                # Conv2D has 'groups'
        self.bn_axis_list = kw.get("bn_axis_list", False)    # BN axis saved as resolved list
        self.flatten_df = kw.get("flatten_df", True)         # Flatten has 'data_format'
        self.ragged = kw.get("ragged", False)                # InputLayer has 'ragged'
        self.relu_full = kw.get("relu_full", True)           # ReLU has negative_slope/threshold
        self.gap_keepdims = kw.get("gap_keepdims", False)
        self.model_class = kw.get("model_class", "Model")     # functional model class name
        self.functional_trainable = kw.get("functional_trainable", False)
        self.dtype_policy = kw.get("dtype_policy", False)    # Keras 3 >= 3.4: dtype as DTypePolicy
        self.sorted_groups = kw.get("sorted_groups", False)

    @property
    def suffix(self):
        """Weight names of TensorFlow variables end in ':0'; Theano's and Keras 3's do not."""
        if self.family == "k3" or self.backend == "theano":
            return ""
        return ":0"


STYLES = {
    "k1.2.2-th": Style("1.2.2", "k1", backend="theano", seq_list=True, flatten_df=False),
    "k2.0.4-th": Style("2.0.4", "k2", backend="theano", seq_list=True, init="k2", flatten_df=False,
                       relu_full=False),
    "k2.0.8": Style("2.0.8", "k2", seq_list=True, init="k2", flatten_df=False, relu_full=False),
    "k2.1.3": Style("2.1.3", "k2", seq_list=True, init="k2", flatten_df=False, relu_full=False),
    "k2.2.4": Style("2.2.4", "k2", init="k2"),
    "k2.3.1": Style("2.3.1", "k2", init="k2"),
    "tf2.2.4": Style("2.2.4-tf", "tf", seq_input_layer=True, dtype_every_layer=True, init="tf1",
                     bn_axis_list=True, model_class="Model"),
    "tf2.4.0": Style("2.4.0", "tf", root_str=True, seq_input_layer=True, dtype_every_layer=True,
                     groups=True, bn_axis_list=True, ragged=True, model_class="Functional"),
    "tf2.5.0": Style("2.5.0", "tf", vlen_names=True, root_str=True, seq_input_layer=True,
                     dtype_every_layer=True, groups=True, bn_axis_list=True, ragged=True,
                     model_class="Functional"),
    "tf2.6.0": Style("2.6.0", "tf", vlen_names=True, root_str=True, seq_input_layer=True,
                     dtype_every_layer=True, groups=True, bn_axis_list=True, ragged=True,
                     model_class="Functional", gap_keepdims=True),
    "tf2.9.0": Style("2.9.0", "tf", vlen_names=True, top_level_group=True, root_str=True,
                     seq_input_layer=True, dtype_every_layer=True, groups=True, bn_axis_list=True,
                     ragged=True, model_class="Functional", gap_keepdims=True, sorted_groups=True),
    "tf2.11.0": Style("2.11.0", "tf", vlen_names=True, top_level_group=True, root_str=True,
                      seq_input_layer=True, dtype_every_layer=True, groups=True, bn_axis_list=True,
                      ragged=True, model_class="Functional", gap_keepdims=True, sorted_groups=True),
    "tf2.13.1": Style("2.13.1", "tf", vlen_names=True, top_level_group=True, root_str=True,
                      seq_input_layer=True, dtype_every_layer=True, groups=True, bn_axis_list=True,
                      ragged=True, init="module", model_class="Functional", gap_keepdims=True,
                      functional_trainable=True, sorted_groups=True),
    "tf2.14.0": Style("2.14.0", "tf", vlen_names=True, top_level_group=True, root_str=True,
                      seq_input_layer=True, dtype_every_layer=True, groups=True, bn_axis_list=True,
                      ragged=True, init="module", model_class="Functional", gap_keepdims=True,
                      functional_trainable=True, sorted_groups=True),
    "k3.3.3": Style("3.3.3", "k3", vlen_names=True, top_level_group=True, root_str=True,
                    dtype_every_layer=True, groups=True, init="module", model_class="Functional",
                    gap_keepdims=True, functional_trainable=True, sorted_groups=True),
    "k3.6.0": Style("3.6.0", "k3", vlen_names=True, root_str=True, dtype_every_layer=True,
                    groups=True, init="module", model_class="Functional", gap_keepdims=True,
                    functional_trainable=True, dtype_policy=True),
}


# ----------------------------------------------------------------------------------------------------
# This file's own forward pass (float64, in the layer's own Keras data layout)
# ----------------------------------------------------------------------------------------------------

def _same_or_valid(n, k, s, d, padding):
    """Output length and (before, after) padding of one spatial axis, TensorFlow's rule."""
    span = (k - 1) * d + 1
    if padding == "valid":
        return (n - span) // s + 1, 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + span - n, 0)
    return out, total // 2, total - total // 2


def _windows(x, cf, k, s, d, padding, fill):
    """Sliding windows over the two spatial axes: returns (windows, out_h, out_w).

    windows has shape (N, C, OH, OW, kh, kw) whatever the layout."""
    if not cf:
        x = np.moveaxis(x, 3, 1)
    oh, pt, pb = _same_or_valid(x.shape[2], k[0], s[0], d[0], padding)
    ow, pl, pr = _same_or_valid(x.shape[3], k[1], s[1], d[1], padding)
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)), constant_values=fill)
    span = ((k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1)
    w = sliding_window_view(xp, span, axis=(2, 3))[:, :, :, :, ::d[0], ::d[1]]
    w = w[:, :, ::s[0], ::s[1]][:, :, :oh, :ow]
    return w, oh, ow


def _to_layout(y_nchw, cf):
    return y_nchw if cf else np.moveaxis(y_nchw, 1, 3)


def _activation(x, name):
    if name in ("linear", None):
        return x
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "relu6":
        return np.minimum(np.maximum(x, 0.0), 6.0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    raise ValueError(name)


def _relu_layer(x, max_value, negative_slope, threshold):
    y = np.where(x > threshold, x, 0.0) if threshold != 0 else np.maximum(x, 0.0)
    if max_value is not None:
        y = np.minimum(y, max_value)
    if negative_slope:
        y = y - negative_slope * np.maximum(threshold - x, 0.0)
    return y


def forward_layer(L, inputs):
    """One layer on float64 arrays in Keras layout."""
    p = L.p
    cf = p.get("data_format") == "channels_first"
    x = inputs[0]
    c = L.cls
    if c == "Conv2D":
        k = L.w["kernel"].astype(np.float64)
        if p.get("theano"):
            k = k[::-1, ::-1]
        win, _, _ = _windows(x, cf, p["kernel_size"], p["strides"], p["dilation_rate"],
                             p["padding"], 0.0)
        y = np.einsum("nchwij,ijco->nohw", win, k)
        if "bias" in L.w:
            y = y + L.w["bias"].astype(np.float64)[None, :, None, None]
        return _activation(_to_layout(y, cf), p["activation"])
    if c == "Dense":
        y = x @ L.w["kernel"].astype(np.float64)
        if "bias" in L.w:
            y = y + L.w["bias"].astype(np.float64)
        return _activation(y, p["activation"])
    if c == "BatchNormalization":
        ax = p["axis"] % x.ndim
        shape = [1] * x.ndim
        shape[ax] = x.shape[ax]
        n = x.shape[ax]
        g = L.w.get("gamma", np.ones(n)).astype(np.float64).reshape(shape)
        b = L.w.get("beta", np.zeros(n)).astype(np.float64).reshape(shape)
        m = L.w["moving_mean"].astype(np.float64).reshape(shape)
        v = L.w["moving_variance"].astype(np.float64).reshape(shape)
        return g * (x - m) / np.sqrt(v + p["epsilon"]) + b
    if c == "Activation":
        return _activation(x, p["activation"])
    if c == "ReLU":
        return _relu_layer(x, p.get("max_value"), p.get("negative_slope", 0.0),
                           p.get("threshold", 0.0))
    if c in ("MaxPooling2D", "AveragePooling2D"):
        ones = np.ones_like(x)
        if c == "MaxPooling2D":
            win, _, _ = _windows(x, cf, p["pool_size"], p["strides"], (1, 1), p["padding"],
                                 -np.inf)
            y = win.max(axis=(4, 5))
        else:
            win, _, _ = _windows(x, cf, p["pool_size"], p["strides"], (1, 1), p["padding"], 0.0)
            cnt, _, _ = _windows(ones, cf, p["pool_size"], p["strides"], (1, 1), p["padding"],
                                 0.0)
            y = win.sum(axis=(4, 5)) / cnt.sum(axis=(4, 5))
        return _to_layout(y, cf)
    if c == "GlobalAveragePooling2D":
        return x.mean(axis=(2, 3) if cf else (1, 2))
    if c == "Flatten":
        if p.get("data_format") == "channels_first" and x.ndim == 4:
            x = np.moveaxis(x, 1, 3)
        return x.reshape(x.shape[0], -1)
    if c == "ZeroPadding2D":
        (t, b), (l, r) = p["padding"]
        pads = [(0, 0)] * 4
        pads[2 if cf else 1] = (t, b)
        pads[3 if cf else 2] = (l, r)
        return np.pad(x, pads)
    if c in ("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "ActivityRegularization"):
        return x
    if c == "Softmax":
        return _activation(x, "softmax")
    if c == "Add":
        return sum(inputs[1:], inputs[0])
    if c == "Concatenate":
        return np.concatenate(inputs, axis=p["axis"])
    if c == "Rescaling":
        return x * p["scale"] + p["offset"]
    raise ValueError("no forward for " + c)


# ----------------------------------------------------------------------------------------------------
# Model description
# ----------------------------------------------------------------------------------------------------

class Layer:
    def __init__(self, cls, name, inputs, p, weights):
        self.cls = cls
        self.name = name
        self.inputs = inputs
        self.p = p
        self.weights = weights          # ordered list of (short name, float32 array)
        self.w = dict(weights)
        self.out = None                 # float64 output on the fixture batch (Keras layout)


class Net:
    """A model being built: layers are run on the fixture batch as they are added."""

    def __init__(self, fixture, style, kind, input_shape, data_format, seed, *, model_name,
                 input_name, input_range=(0.0, 1.0), integer_input=False):
        self.fixture = fixture
        self.st = style
        self.kind = kind                    # 'Sequential' or 'Functional'
        self.df = data_format
        self.model_name = model_name
        self.input_name = input_name
        self.input_shape = tuple(input_shape)
        self.rng = np.random.RandomState(seed)
        lo, hi = input_range
        x = self.rng.uniform(lo, hi, size=(BATCH,) + self.input_shape)
        if integer_input:
            x = np.floor(x)
        self.x = x.astype(np.float32)
        self.layers = []
        self.outputs = {input_name: self.x.astype(np.float64)}
        self.last = input_name
        self.output_names = None
        self.first_layer_has_batch_shape = False

    # --- weights ---------------------------------------------------------------------------------
    def _kernel(self, shape, fan_in, gain=1.0):
        std = gain * np.sqrt(2.0 / fan_in)
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def _bias(self, n):
        return self.rng.uniform(-0.1, 0.1, size=n).astype(np.float32)

    def shape_of(self, name):
        return self.outputs[name].shape[1:]

    def channels(self, name):
        s = self.shape_of(name)
        return s[0] if self.df == "channels_first" else s[-1]

    # --- layers ----------------------------------------------------------------------------------
    def add(self, cls, name, inputs=None, weights=(), **p):
        if inputs is None:
            inputs = [self.last]
        if isinstance(inputs, str):
            inputs = [inputs]
        L = Layer(cls, name, list(inputs), p, list(weights))
        L.out = forward_layer(L, [self.outputs[i] for i in inputs])
        self.outputs[name] = L.out
        self.layers.append(L)
        self.last = name
        return name

    def conv(self, name, filters, kernel_size, strides=(1, 1), padding="valid", activation="linear",
             use_bias=True, dilation_rate=(1, 1), inputs=None, gain=1.0, **extra):
        src = inputs or self.last
        cin = self.channels(src)
        kh, kw = kernel_size
        ws = [("kernel", self._kernel((kh, kw, cin, filters), kh * kw * cin, gain))]
        if use_bias:
            ws.append(("bias", self._bias(filters)))
        return self.add("Conv2D", name, src, ws, filters=filters, kernel_size=tuple(kernel_size),
                        strides=tuple(strides), padding=padding, activation=activation,
                        use_bias=use_bias, dilation_rate=tuple(dilation_rate),
                        data_format=self.df, **extra)

    def dense(self, name, units, activation="linear", use_bias=True, inputs=None, gain=1.0):
        src = inputs or self.last
        fan_in = self.shape_of(src)[-1]
        ws = [("kernel", self._kernel((fan_in, units), fan_in, gain))]
        if use_bias:
            ws.append(("bias", self._bias(units)))
        return self.add("Dense", name, src, ws, units=units, activation=activation,
                        use_bias=use_bias)

    def bn(self, name, axis=None, epsilon=1e-3, center=True, scale=True, inputs=None,
           axis_config=None):
        src = inputs or self.last
        rank = len(self.shape_of(src)) + 1
        if axis is None:
            axis = 1 if (self.df == "channels_first" and rank == 4) else rank - 1
        n = self.outputs[src].shape[axis]
        ws = []
        if scale:
            ws.append(("gamma", self.rng.uniform(0.8, 1.2, n).astype(np.float32)))
        if center:
            ws.append(("beta", self.rng.uniform(-0.1, 0.1, n).astype(np.float32)))
        ws.append(("moving_mean", (self.rng.standard_normal(n) * 0.1).astype(np.float32)))
        ws.append(("moving_variance", self.rng.uniform(0.5, 2.0, n).astype(np.float32)))
        if axis_config is None:
            axis_config = axis if self.df == "channels_first" else -1
        return self.add("BatchNormalization", name, src, ws, axis=axis, epsilon=epsilon,
                        center=center, scale=scale, axis_config=axis_config)

    def pool(self, cls, name, pool_size=(2, 2), strides=None, padding="valid", inputs=None):
        return self.add(cls, name, inputs, (), pool_size=tuple(pool_size),
                        strides=tuple(strides or pool_size), padding=padding,
                        data_format=self.df)

    def simple(self, cls, name, inputs=None, **p):
        if cls in ("Flatten", "GlobalAveragePooling2D", "ZeroPadding2D"):
            p.setdefault("data_format", self.df)
        return self.add(cls, name, inputs, (), **p)


# ----------------------------------------------------------------------------------------------------
# Keras configuration (model_config / to_json / config.json), per style
# ----------------------------------------------------------------------------------------------------

def _initializer(st, kind):
    cls = {"glorot_uniform": "GlorotUniform", "zeros": "Zeros", "ones": "Ones"}[kind]
    if st.init == "k2":
        if kind == "glorot_uniform":
            return {"class_name": "VarianceScaling",
                    "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform",
                               "seed": None}}
        return {"class_name": cls, "config": {}}
    if st.init == "tf1":
        cfg = {"seed": None, "dtype": "float32"} if kind == "glorot_uniform" else \
            {"dtype": "float32"}
        return {"class_name": cls, "config": cfg}
    cfg = {"seed": None} if kind == "glorot_uniform" else {}
    if st.init == "module":
        return {"module": "keras.initializers", "class_name": cls, "config": cfg,
                "registered_name": None}
    return {"class_name": cls, "config": cfg}


def _dtype(st):
    if st.dtype_policy:
        return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                "registered_name": None}
    return "float32"


def _batch(shape):
    return [None] + [int(v) for v in shape]


def _head(st, L, first_shape):
    c = {"name": L.name, "trainable": True}
    if first_shape is not None and st.family in ("k2", "tf"):
        c["batch_input_shape"] = _batch(first_shape)
    if st.dtype_every_layer or first_shape is not None:
        c["dtype"] = _dtype(st)
    return c


def _regs(c, *names):
    for n in names:
        c[n] = None


def keras2_config(st, L, first_shape=None):
    """class_name and config of one layer in the Keras 2 / tf.keras / Keras 3 vocabulary."""
    p = L.p
    c = _head(st, L, first_shape)
    cls = L.cls
    if cls == "Conv2D":
        c.update(filters=p["filters"], kernel_size=list(p["kernel_size"]),
                 strides=list(p["strides"]), padding=p["padding"], data_format=p["data_format"],
                 dilation_rate=list(p["dilation_rate"]))
        if st.groups:
            c["groups"] = 1
        c.update(activation=p["activation"], use_bias=p["use_bias"],
                 kernel_initializer=_initializer(st, "glorot_uniform"),
                 bias_initializer=_initializer(st, "zeros"))
        _regs(c, "kernel_regularizer", "bias_regularizer", "activity_regularizer",
              "kernel_constraint", "bias_constraint")
    elif cls == "Dense":
        c.update(units=p["units"], activation=p["activation"], use_bias=p["use_bias"],
                 kernel_initializer=_initializer(st, "glorot_uniform"),
                 bias_initializer=_initializer(st, "zeros"))
        _regs(c, "kernel_regularizer", "bias_regularizer", "activity_regularizer",
              "kernel_constraint", "bias_constraint")
    elif cls == "BatchNormalization":
        axis = p["axis_config"]
        if st.bn_axis_list and not isinstance(axis, list):
            axis = [axis % (len(L.out.shape))]
        c.update(axis=axis, momentum=0.99, epsilon=p["epsilon"], center=p["center"],
                 scale=p["scale"], beta_initializer=_initializer(st, "zeros"),
                 gamma_initializer=_initializer(st, "ones"),
                 moving_mean_initializer=_initializer(st, "zeros"),
                 moving_variance_initializer=_initializer(st, "ones"))
        _regs(c, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")
        if st.family == "k3":
            c["synchronized"] = False
    elif cls == "Activation":
        c["activation"] = p["activation"]
    elif cls == "ReLU":
        c["max_value"] = p.get("max_value")
        if st.relu_full:
            c["negative_slope"] = float(p.get("negative_slope", 0.0))
            c["threshold"] = float(p.get("threshold", 0.0))
    elif cls in ("MaxPooling2D", "AveragePooling2D"):
        c.update(pool_size=list(p["pool_size"]), padding=p["padding"], strides=list(p["strides"]),
                 data_format=p["data_format"])
    elif cls == "GlobalAveragePooling2D":
        c["data_format"] = p["data_format"]
        if st.gap_keepdims:
            c["keepdims"] = False
    elif cls == "Flatten":
        if st.flatten_df and "data_format" in p:
            c["data_format"] = p["data_format"]
    elif cls == "ZeroPadding2D":
        c.update(padding=[list(v) for v in p["padding"]], data_format=p["data_format"])
    elif cls in ("Dropout", "SpatialDropout2D"):
        c.update(rate=p["rate"], noise_shape=None, seed=None)
    elif cls == "GaussianNoise":
        c["stddev"] = p["stddev"]
    elif cls == "GaussianDropout":
        c["rate"] = p["rate"]
    elif cls == "ActivityRegularization":
        c.update(l1=p["l1"], l2=p["l2"])
    elif cls == "Softmax":
        c["axis"] = -1
    elif cls == "Add":
        pass
    elif cls == "Concatenate":
        c["axis"] = p["axis_config"]
    elif cls == "Rescaling":
        c.update(scale=p["scale"], offset=p["offset"])
    else:
        raise ValueError(cls)
    return cls, c


def keras1_config(L, first_shape=None):
    """class_name and config of one layer as Keras 1.2.2 wrote it (dim_ordering 'th')."""
    p = L.p
    c = {"name": L.name, "trainable": True}
    if first_shape is not None:
        c["batch_input_shape"] = _batch(first_shape)
        c["input_dtype"] = "float32"
    if L.cls == "Conv2D":
        mode = {"valid": "valid", "same": "same"}[p["padding"]]
        c.update(nb_filter=p["filters"], nb_row=p["kernel_size"][0], nb_col=p["kernel_size"][1],
                 init="glorot_uniform", activation=p["activation"], border_mode=mode,
                 subsample=list(p["strides"]), dim_ordering="th", W_regularizer=None,
                 b_regularizer=None, activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=p["use_bias"])
        return "Convolution2D", c
    if L.cls == "BatchNormalization":
        c.update(epsilon=p["epsilon"], mode=0, axis=p["axis_config"], momentum=0.99,
                 gamma_regularizer=None, beta_regularizer=None)
        return "BatchNormalization", c
    if L.cls == "MaxPooling2D":
        c.update(pool_size=list(p["pool_size"]), strides=list(p["strides"]),
                 border_mode=p["padding"], dim_ordering="th")
        return "MaxPooling2D", c
    if L.cls == "Activation":
        c["activation"] = p["activation"]
        return "Activation", c
    if L.cls == "Flatten":
        return "Flatten", c
    if L.cls == "Dense":
        c.update(output_dim=p["units"], init="glorot_uniform", activation=p["activation"],
                 W_regularizer=None, b_regularizer=None, activity_regularizer=None,
                 W_constraint=None, b_constraint=None, bias=p["use_bias"], input_dim=None)
        return "Dense", c
    if L.cls == "Dropout":
        c["p"] = p["rate"]
        return "Dropout", c
    raise ValueError(L.cls)


def _input_layer_config(net):
    st = net.st
    if st.family == "k3":
        return {"batch_shape": _batch(net.input_shape), "dtype": "float32", "sparse": False,
                "name": net.input_name}
    c = {"batch_input_shape": _batch(net.input_shape), "dtype": "float32", "sparse": False}
    if st.ragged:
        c["ragged"] = False
    c["name"] = net.input_name
    return c


def _k3_tensor(net, name):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": _batch(net.shape_of(name)), "dtype": "float32",
                       "keras_history": [name, 0, 0]}}


def _k3_entry(net, cls, cfg, build_shape, zip_format):
    """A Keras 3 layer entry: .keras uses the new serialisation, legacy .h5 the legacy one."""
    if zip_format:
        e = {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None}
        if build_shape is not None:
            e["build_config"] = {"input_shape": build_shape}
        return e
    return {"class_name": cls, "config": cfg}


def model_config(net, zip_format=False):
    """The model's configuration dict: {'class_name': ..., 'config': ...} as Keras wrote it."""
    st = net.st
    if net.kind == "Sequential":
        entries = []
        if st.family == "k3":
            entries.append(_k3_entry(net, "InputLayer", _input_layer_config(net), None,
                                     zip_format))
        elif st.seq_input_layer:
            entries.append({"class_name": "InputLayer", "config": _input_layer_config(net)})
        for i, L in enumerate(net.layers):
            first = net.input_shape if (i == 0 and st.family in ("k1", "k2")) else None
            if i == 0 and st.family == "tf" and net.first_layer_has_batch_shape:
                first = net.input_shape
            if st.family == "k1":
                cls, cfg = keras1_config(L, first)
                entries.append({"class_name": cls, "config": cfg})
            elif st.family == "k3":
                cls, cfg = keras2_config(st, L)
                entries.append(_k3_entry(net, cls, cfg, _batch(net.shape_of(L.inputs[0])),
                                         zip_format))
            else:
                cls, cfg = keras2_config(st, L, first)
                entries.append({"class_name": cls, "config": cfg})
        if st.seq_list:
            return {"class_name": "Sequential", "config": entries}
        if st.family == "k3":
            cfg = {"name": net.model_name, "trainable": True, "dtype": _dtype(st),
                   "layers": entries, "build_input_shape": _batch(net.input_shape)}
            out = {"class_name": "Sequential", "config": cfg}
            if zip_format:
                out = {"module": "keras", "class_name": "Sequential", "config": cfg,
                       "registered_name": None,
                       "build_config": {"input_shape": _batch(net.input_shape)}}
            return out
        return {"class_name": "Sequential", "config": {"name": net.model_name, "layers": entries}}

    # Functional graph
    layers = []
    if st.family == "k3":
        e = _k3_entry(net, "InputLayer", _input_layer_config(net), None, zip_format)
        e["name"] = net.input_name
        e["inbound_nodes"] = []
        layers.append(e)
    else:
        layers.append({"class_name": "InputLayer", "config": _input_layer_config(net),
                       "name": net.input_name, "inbound_nodes": []})
    for L in net.layers:
        cls, cfg = keras2_config(st, L)
        if st.family == "k3":
            shapes = [_batch(net.shape_of(i)) for i in L.inputs]
            e = _k3_entry(net, cls, cfg, shapes[0] if len(shapes) == 1 else shapes, zip_format)
            tensors = [_k3_tensor(net, i) for i in L.inputs]
            args = [tensors[0]] if len(tensors) == 1 else [tensors]
            e["name"] = L.name
            e["inbound_nodes"] = [{"args": args, "kwargs": {}}]
        else:
            e = {"class_name": cls, "config": cfg, "name": L.name,
                 "inbound_nodes": [[[i, 0, 0, {}] for i in L.inputs]]}
        layers.append(e)
    cfg = {"name": net.model_name}
    if st.functional_trainable:
        cfg["trainable"] = True
    cfg["layers"] = layers
    cfg["input_layers"] = [[net.input_name, 0, 0]]
    cfg["output_layers"] = [[o, 0, 0] for o in net.output_names]
    if st.family == "k3" and zip_format:
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "config": cfg, "registered_name": "Functional",
                "build_config": {"input_shape": None}}
    return {"class_name": st.model_class, "config": cfg}


def _json(obj):
    # json.dumps with Python's default separators, as Keras does
    return json.dumps(obj)


# ----------------------------------------------------------------------------------------------------
# HDF5 writers (legacy Keras formats)
# ----------------------------------------------------------------------------------------------------

def _str_attr(st, s):
    """A scalar string attribute value: str (UTF-8) for newer Keras, bytes (ASCII) for older."""
    return s if st.root_str else s.encode("utf8")


def _names_value(st, names):
    """The value Keras assigns to a 'layer_names'/'weight_names' attribute."""
    data = [n.encode("utf8") for n in names]
    if not data:
        return []            # h5py stores an empty list as a float64 array of shape (0,)
    if st.vlen_names:
        return data          # h5py 3: variable-length ASCII string array
    return np.array(data)    # h5py 2: fixed-length |S array


def _save_names(st, group, attr, names, chunks=1):
    """save_attributes_to_hdf5_group: chunked as name0, name1, ... when chunks > 1."""
    if chunks > 1:
        data_npy = np.asarray([n.encode("utf8") for n in names])
        for i, part in enumerate(np.array_split(data_npy, chunks)):
            group.attrs["%s%d" % (attr, i)] = part
    else:
        group.attrs[attr] = _names_value(st, names)


def _weight_name(st, L, short):
    if st.family == "k1":
        k1 = {"kernel": "W", "bias": "b", "gamma": "gamma", "beta": "beta",
              "moving_mean": "running_mean", "moving_variance": "running_std"}[short]
        return "%s_%s%s" % (L.name, k1, st.suffix)
    if st.family == "k3":
        return short
    return "%s/%s%s" % (L.name, short, st.suffix)


def _stored_value(st, L, short, value):
    if st.family == "k1" and L.cls == "Conv2D" and short == "kernel":
        return np.ascontiguousarray(value.transpose(3, 2, 0, 1))   # (out, in, kh, kw)
    return value


def _weight_layers(net):
    """The layers whose groups Keras writes, in model.layers order."""
    layers = list(net.layers)
    if net.kind == "Functional":
        return [None] + layers      # None = the InputLayer
    return layers


def write_layer_weights(net, group, chunk_layer_names=1, chunk_weight_names=None):
    """save_weights_to_hdf5_group (Keras 1, 2, tf.keras, Keras 3 legacy) into `group`."""
    st = net.st
    chunk_weight_names = chunk_weight_names or {}
    layers = _weight_layers(net)
    names = [net.input_name if L is None else L.name for L in layers]
    _save_names(st, group, "layer_names", names, chunk_layer_names)
    if st.family != "k1":
        group.attrs["backend"] = st.backend.encode("utf8")
        group.attrs["keras_version"] = st.version.encode("utf8")
    order = sorted(zip(names, layers), key=lambda t: t[0]) if st.sorted_groups else \
        list(zip(names, layers))
    for name, L in order:
        g = group.create_group(name)
        ws = [] if L is None else L.weights
        wnames = [_weight_name(st, L, s) for s, _ in ws]
        _save_names(st, g, "weight_names", wnames, chunk_weight_names.get(name, 1))
        for wn, (short, val) in zip(wnames, ws):
            val = _stored_value(st, L, short, val)
            d = g.create_dataset(wn, val.shape, dtype=val.dtype)
            d[:] = val
    if st.top_level_group:
        g = group.create_group("top_level_model_weights")
        _save_names(st, g, "weight_names", [])


def write_full_h5(net, path, training_config=None, optimizer_weights=None, **chunks):
    """model.save('x.h5'): root attributes + /model_weights (+ optional /optimizer_weights)."""
    st = net.st
    with h5py.File(path, "w") as f:
        if st.family != "k1":
            f.attrs["keras_version"] = _str_attr(st, st.version)
            f.attrs["backend"] = _str_attr(st, st.backend)
        else:
            f.attrs["keras_version"] = st.version.encode("utf8")
        f.attrs["model_config"] = _json(model_config(net)).encode("utf8")
        if training_config is not None:
            f.attrs["training_config"] = _json(training_config).encode("utf8")
        write_layer_weights(net, f.create_group("model_weights"), **chunks)
        if optimizer_weights:
            g = f.create_group("optimizer_weights")
            _save_names(st, g, "weight_names", [n for n, _ in optimizer_weights])
            for n, v in optimizer_weights:
                d = g.create_dataset(n.encode("utf8"), v.shape, dtype=v.dtype)
                if v.shape:
                    d[:] = v
                else:
                    d[()] = v


def write_weights_only(net, path):
    """model.save_weights('x.h5'): layer groups at the root."""
    with h5py.File(path, "w") as f:
        write_layer_weights(net, f)


def to_json(net):
    """model.to_json() of tf.keras 2.x: class_name, config, keras_version, backend."""
    d = dict(model_config(net))
    d["keras_version"] = net.st.version
    d["backend"] = net.st.backend
    return _json(d)


# ----------------------------------------------------------------------------------------------------
# Keras 3 .keras zip
# ----------------------------------------------------------------------------------------------------

def snake_case(name):
    """Keras 3 naming.to_snake_case, written out character by character."""
    out = []
    chars = [ch for ch in name if ch.isalnum() or ch == "_"]
    for i, ch in enumerate(chars):
        prev = chars[i - 1] if i else ""
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if ch.isupper() and i and ((nxt.islower()) or prev.islower()):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


FIXED_DATE = (2024, 10, 1, 12, 0, 0)


def write_keras_zip(net, path):
    """keras.saving.save_model(model, 'x.keras') of Keras 3, with fixed entry dates."""
    st = net.st
    config_json = _json(model_config(net, zip_format=True))
    metadata_json = _json({"keras_version": st.version, "date_saved": "2024-10-01@12:00:00"})

    buf = io.BytesIO()
    with h5py.File(buf, mode="w") as h5:
        h5.create_group("vars")                       # the model's own (empty) variable store
        layers = _weight_layers(net)
        used = {}
        for L in layers:
            cls = "InputLayer" if L is None else L.cls
            name = snake_case(cls)
            if name in used:
                used[name] += 1
                name = "%s_%d" % (name, used[name])
            else:
                used[name] = 0
            g = h5.create_group("layers/" + name).create_group("vars")
            for i, (_, val) in enumerate([] if L is None else L.weights):
                g[str(i)] = val
    weights = buf.getvalue()

    with open(path, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
        with zf.open(zipfile.ZipInfo("metadata.json", date_time=(1980, 1, 1, 0, 0, 0)), "w") as f:
            f.write(metadata_json.encode())
        with zf.open(zipfile.ZipInfo("config.json", date_time=(1980, 1, 1, 0, 0, 0)), "w") as f:
            f.write(config_json.encode())
        info = zipfile.ZipInfo("model.weights.h5", date_time=FIXED_DATE)
        info.external_attr = 0o600 << 16
        info.compress_type = zipfile.ZIP_STORED
        zf.writestr(info, weights)


TF_CONTAINER = "_layer_checkpoint_dependencies"
# Classes whose layers own variables (layer.weights non-empty) in the fixtures written here.
WEIGHTED = ("Conv2D", "Dense", "BatchNormalization", "DepthwiseConv2D", "SeparableConv2D")


def _tf_zip_config(net):
    """config.json of tf.keras 2.12-2.14 model.save('x.keras'): the Keras 2 config, each entry wrapped as
    serialization_lib.serialize_keras_object writes it (module, class_name, config, registered_name,
    build_config)."""
    cfg = model_config(net)
    for i, e in enumerate(cfg["config"]["layers"]):
        e["module"] = "keras.layers"
        e["registered_name"] = None
        if e["class_name"] != "InputLayer":
            L = net.layers[i - 1] if net.kind == "Functional" or net.st.seq_input_layer else net.layers[i]
            shapes = [_batch(net.shape_of(n)) for n in L.inputs]
            e["build_config"] = {"input_shape": shapes[0] if len(shapes) == 1 else shapes}
    out = {"module": "keras" if net.kind == "Sequential" else "keras.engine.functional",
           "class_name": cfg["class_name"], "config": cfg["config"],
           "registered_name": None if net.kind == "Sequential" else "Functional",
           "build_config": {"input_shape": _batch(net.input_shape)},
           "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam",
                                            "config": {"name": "Adam", "learning_rate": 0.001},
                                            "registered_name": None},
                              "loss": "categorical_crossentropy", "metrics": ["accuracy"],
                              "loss_weights": None, "weighted_metrics": None, "run_eagerly": None,
                              "steps_per_execution": None, "jit_compile": None}}
    return out


def write_tf_keras_zip(net, path):
    """model.save('x.keras') of tf.keras 2.12-2.14 (keras/saving/saving_lib.py of those versions).

    _save_state walks dir(model) in sorted order; the first attribute holding the layers is the
    Functional property _layer_checkpoint_dependencies, an OrderedDict that lists every layer of
    model.layers as 'layer-N' and, before that, every layer owning weights as 'layer_with_weights-K'.
    _save_container_state names each entry snake_case(class) + _n. Up to 2.13 the counter advances for
    every entry, so a weighted layer's second entry (skipped: already visited) uses up a number; 2.14
    checks 'visited' first (commit 0454a40, "Fixes layer index naming issue"). 2.15 skips the container
    and writes layers/..., as Keras 3 does. The model's own (empty) 'vars' group is at the root; a
    compiled model adds optimizer/vars/<i>."""
    st = net.st
    double = tuple(int(v) for v in st.version.split(".")[:2]) <= (2, 13)
    config_json = _json(_tf_zip_config(net))
    metadata_json = _json({"keras_version": st.version, "date_saved": "2024-10-01@12:00:00"})
    buf = io.BytesIO()
    with h5py.File(buf, mode="w") as h5:
        h5.create_group("vars")
        used = {}

        def next_name(base):
            if base in used:
                used[base] += 1
                return "%s_%d" % (base, used[base])
            used[base] = 0
            return base

        for L in _weight_layers(net):
            cls = "InputLayer" if L is None else L.cls
            name = next_name(snake_case(cls))
            g = h5.create_group(TF_CONTAINER + "/" + name).create_group("vars")
            weights = [] if L is None else L.weights
            for i, (_, val) in enumerate(weights):
                g[str(i)] = val
            if double and weights:
                next_name(snake_case(cls))
        opt = h5.create_group("optimizer").create_group("vars")
        opt["0"] = np.array(120, dtype=np.int64)
    weights = buf.getvalue()
    with open(path, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
        for entry, text in (("metadata.json", metadata_json), ("config.json", config_json)):
            with zf.open(zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0)), "w") as f:
                f.write(text.encode())
        info = zipfile.ZipInfo("model.weights.h5", date_time=FIXED_DATE)
        info.external_attr = 0o600 << 16
        info.compress_type = zipfile.ZIP_STORED
        zf.writestr(info, weights)


# ----------------------------------------------------------------------------------------------------
# Expected outputs
# ----------------------------------------------------------------------------------------------------

def check_alive(net):
    """Guard against dead layers: every ReLU-type output must be positive in 5-95 % of entries."""
    for L in net.layers:
        act = L.p.get("activation")
        if L.cls == "ReLU" or act == "relu":
            frac = float((L.out > 0).mean())
            if not 0.05 <= frac <= 0.95:
                raise AssertionError("%s/%s: %.1f %% positive" % (net.fixture, L.name, 100 * frac))


def write_expected(net, path):
    arrays = {"input": net.x}
    for L in net.layers:
        arrays[L.name] = L.out.astype(np.float32)
    np.savez_compressed(path, **arrays)


# ----------------------------------------------------------------------------------------------------
# Fixtures (one function each)
# ----------------------------------------------------------------------------------------------------

def _tf_training_config():
    return {"loss": "categorical_crossentropy",
            "metrics": [[{"class_name": "MeanMetricWrapper",
                          "config": {"name": "accuracy", "dtype": "float32",
                                     "fn": "categorical_accuracy"}}]],
            "weighted_metrics": None, "loss_weights": None,
            "optimizer_config": {"class_name": "Adam",
                                 "config": {"name": "Adam", "learning_rate": 0.0010000000474974513,
                                            "decay": 0.0, "beta_1": 0.8999999761581421,
                                            "beta_2": 0.9990000128746033, "epsilon": 1e-07,
                                            "amsgrad": False}}}


def _adam_weights(net):
    out = [("Adam/iter:0", np.array(120, dtype=np.int64))]
    for slot in ("m", "v"):
        for L in net.layers:
            for short, val in L.weights:
                if short in ("moving_mean", "moving_variance"):
                    continue
                r = net.rng.standard_normal(val.shape) * 1e-3
                v = (np.abs(r) if slot == "v" else r).astype(np.float32)
                out.append(("Adam/%s/%s/%s:0" % (L.name, short, slot), v))
    return out


def fx_seq_cnn():
    n = Net("seq_cnn", STYLES["tf2.9.0"], "Sequential", (12, 12, 3), "channels_last", 101,
            model_name="sequential", input_name="conv2d_input")
    n.first_layer_has_batch_shape = True
    n.conv("conv2d", 8, (3, 3), padding="same", activation="relu")
    n.bn("batch_normalization")
    n.simple("ReLU", "re_lu", max_value=None)
    n.pool("AveragePooling2D", "average_pooling2d")
    n.conv("conv2d_1", 12, (3, 3))
    n.simple("Activation", "activation", activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d")
    n.simple("Flatten", "flatten")
    n.dense("dense", 16, "relu")
    n.simple("Dropout", "dropout", rate=0.5)
    n.dense("dense_1", 10, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "seq_cnn.h5"),
                                    training_config=_tf_training_config(),
                                    optimizer_weights=_adam_weights(n))
    return n, "seq_cnn.h5", None, write, dict(
        covers=["tf.keras-2.9.0", "full-model-h5", "sequential-dict", "input-layer",
                "batch-input-shape", "vlen-string-arrays", "top-level-model-weights",
                "optimizer-weights", "training-config", "conv2d", "batchnorm", "relu-layer",
                "avgpool", "activation-layer", "maxpool", "flatten", "dense", "dropout",
                "softmax"],
        description="tf.keras 2.9.0 full-model .h5, Sequential dict config with InputLayer "
                    "'conv2d_input' (not in layer_names) and batch_input_shape on the first "
                    "Conv2D; h5py-3 variable-length string arrays; optimizer_weights and "
                    "training_config present; empty top_level_model_weights group.")


def fx_seq_cnn_k21():
    n = Net("seq_cnn_k21", STYLES["k2.1.3"], "Sequential", (10, 10, 2), "channels_last", 102,
            model_name="sequential_1", input_name="conv2d_1_input")
    n.conv("conv2d_1", 6, (3, 3), activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d_1")
    n.conv("conv2d_2", 8, (3, 3), padding="same", activation="relu")
    n.simple("Flatten", "flatten_1")
    n.dense("dense_1", 10, "relu")
    n.dense("dense_2", 4, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "seq_cnn_k21.h5"))
    return n, "seq_cnn_k21.h5", None, write, dict(
        covers=["keras-2.1.3", "full-model-h5", "sequential-list", "batch-input-shape",
                "fixed-string-arrays", "flatten-no-data-format", "conv2d", "maxpool", "dense",
                "softmax"],
        description="Keras 2.1.3 full-model .h5: Sequential config as a bare list, "
                    "batch_input_shape on the first layer, no InputLayer; fixed-length |S "
                    "layer_names/weight_names; Flatten without data_format (channels_last).")


def fx_func_resnet():
    n = Net("func_resnet", STYLES["tf2.13.1"], "Functional", (10, 10, 3), "channels_last", 103,
            model_name="model", input_name="input_1")
    n.conv("conv2d", 8, (3, 3), padding="same")
    n.bn("batch_normalization")
    skip = n.simple("ReLU", "re_lu", max_value=None)
    n.conv("conv2d_1", 8, (3, 3), padding="same")
    n.bn("batch_normalization_1")
    n.simple("ReLU", "re_lu_1", max_value=None)
    n.conv("conv2d_2", 8, (3, 3), padding="same")
    n.bn("batch_normalization_2")
    n.simple("Add", "add", inputs=["batch_normalization_2", skip])
    trunk = n.simple("ReLU", "re_lu_2", max_value=None)
    n.conv("conv2d_3", 4, (1, 1), activation="relu", inputs=trunk)
    n.conv("conv2d_4", 6, (3, 3), padding="same", activation="relu", inputs=trunk)
    n.simple("Concatenate", "concatenate", inputs=["conv2d_3", "conv2d_4"], axis=-1,
             axis_config=-1)
    n.simple("GlobalAveragePooling2D", "global_average_pooling2d")
    n.dense("dense", 5, "softmax")
    n.output_names = ["dense"]
    write = lambda d: write_full_h5(n, os.path.join(d, "func_resnet.h5"))
    return n, "func_resnet.h5", None, write, dict(
        covers=["tf.keras-2.13.1", "full-model-h5", "functional", "input-layer",
                "inbound-nodes-keras2", "vlen-string-arrays", "initializer-module-keys",
                "bn-axis-list", "conv2d", "batchnorm", "relu-layer", "add", "concatenate",
                "global-avgpool", "dense", "softmax"],
        description="tf.keras 2.13.1 'Functional' residual block: Conv-BN-ReLU, "
                    "[Conv-BN-ReLU-Conv-BN] + skip -> Add -> ReLU, two branches (1x1, 3x3) -> "
                    "Concatenate(axis=-1) -> GlobalAveragePooling2D -> Dense(softmax). Keras 2 "
                    "nested-list inbound_nodes; initializers carry module/registered_name.")


def fx_func_model_k22():
    n = Net("func_model_k22", STYLES["tf2.2.4"], "Functional", (8, 8, 2), "channels_last", 104,
            model_name="model", input_name="input_1")
    n.conv("conv2d", 4, (3, 3), padding="same", activation="relu")
    bn = n.bn("batch_normalization", axis_config=[3])
    n.conv("conv2d_1", 4, (3, 3), padding="same")
    n.simple("Add", "add", inputs=["conv2d_1", bn])
    n.simple("Activation", "activation", activation="relu")
    n.simple("Flatten", "flatten")
    n.dense("dense", 3, "softmax")
    n.output_names = ["dense"]
    write = lambda d: write_full_h5(n, os.path.join(d, "func_model_k22.h5"))
    return n, "func_model_k22.h5", None, write, dict(
        covers=["tf.keras-2.2.4-tf", "full-model-h5", "functional-model-class", "input-layer",
                "inbound-nodes-keras2", "bn-axis-list", "fixed-string-arrays", "conv2d",
                "batchnorm", "add", "activation-layer", "flatten", "dense", "softmax"],
        description="tf.keras 2.2.4-tf functional graph saved with class_name 'Model'; "
                    "BatchNormalization axis given as the list [3]; one Add of a conv output "
                    "and a BN output.")


def fx_stride2_same():
    n = Net("stride2_same", STYLES["tf2.4.0"], "Sequential", (22, 22, 2), "channels_last", 105,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.conv("conv2d", 4, (3, 3), dilation_rate=(2, 2), activation="relu")          # 22 -> 18
    n.conv("conv2d_1", 6, (3, 3), strides=(2, 2), padding="same", activation="relu")  # 18 -> 9
    n.pool("AveragePooling2D", "average_pooling2d", (3, 3), (2, 2), "same")       # 9 -> 5
    n.conv("conv2d_2", 6, (4, 4), strides=(2, 2), padding="same")                 # 5 -> 3
    n.pool("MaxPooling2D", "max_pooling2d", (2, 2), (2, 2), "same")               # 3 -> 2
    n.simple("Flatten", "flatten")
    n.dense("dense", 5, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "stride2_same.h5"))
    return n, "stride2_same.h5", None, write, dict(
        covers=["tf.keras-2.4.0", "full-model-h5", "sequential-dict", "input-layer",
                "dilation", "stride2-same-odd-pad", "same-pad-asymmetric", "avgpool-same",
                "maxpool-same", "conv2d", "flatten", "dense", "softmax"],
        description="tf.keras 2.4.0: dilated valid conv (22->18), Conv2D k3 s2 'same' on even "
                    "18 (pad 0/1), AveragePooling2D 3/2 'same' on 9 (mean over valid pixels), "
                    "Conv2D k4 s2 'same' on odd 5 (pad 1/2, linear so negatives reach the next "
                    "layer), MaxPooling2D 2/2 'same' on odd 3 (pad 0/1, padding never wins).")


def fx_channels_first():
    n = Net("channels_first", STYLES["k2.2.4"], "Sequential", (3, 10, 10), "channels_first", 106,
            model_name="sequential_1", input_name="conv2d_1_input")
    n.conv("conv2d_1", 6, (3, 3), activation="relu")                  # 10 -> 8
    n.bn("batch_normalization_1", axis=1)
    n.pool("MaxPooling2D", "max_pooling2d_1")                         # 8 -> 4
    n.conv("conv2d_2", 8, (3, 3), padding="same", activation="relu")
    n.simple("Flatten", "flatten_1", data_format="channels_first")
    n.dense("dense_1", 5, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "channels_first.h5"))
    return n, "channels_first.h5", None, write, dict(
        covers=["keras-2.2.4", "full-model-h5", "sequential-dict", "batch-input-shape",
                "channels-first", "bn-axis-1", "flatten-channels-first", "conv2d", "batchnorm",
                "maxpool", "dense", "softmax"],
        description="Keras 2.2.4 channels_first model (input C,H,W): Conv2D/BN(axis=1)/MaxPool "
                    "with data_format channels_first; Flatten(data_format='channels_first') "
                    "flattens in H,W,C order.")


def fx_channels_first_k20():
    n = Net("channels_first_k20", STYLES["k2.0.8"], "Sequential", (2, 9, 9), "channels_first",
            107, model_name="sequential_1", input_name="conv2d_1_input")
    n.conv("conv2d_1", 4, (3, 3), activation="relu")                  # 9 -> 7
    n.pool("MaxPooling2D", "max_pooling2d_1")                         # 7 -> 3
    n.simple("Flatten", "flatten_1", data_format=None)
    n.dense("dense_1", 6, "relu")
    n.dense("dense_2", 3, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "channels_first_k20.h5"))
    return n, "channels_first_k20.h5", None, write, dict(
        covers=["keras-2.0.8", "full-model-h5", "sequential-list", "channels-first",
                "flatten-no-data-format", "flatten-chw-order", "conv2d", "maxpool", "dense",
                "softmax"],
        description="Keras 2.0.8 channels_first Sequential (list config); the Flatten has no "
                    "data_format key and flattens the C,H,W tensor as it is (C,H,W order).")


def fx_bn_variants():
    n = Net("bn_variants", STYLES["k2.3.1"], "Sequential", (8, 8, 3), "channels_last", 108,
            model_name="sequential_1", input_name="conv2d_1_input")
    n.conv("conv2d_1", 6, (3, 3), padding="same")
    n.bn("batch_normalization_1", center=False, epsilon=1e-5, axis_config=-1)
    n.simple("Activation", "activation_1", activation="relu")
    n.conv("conv2d_2", 6, (3, 3))
    n.bn("batch_normalization_2", scale=False, axis_config=-1)
    n.simple("Activation", "activation_2", activation="relu")
    n.simple("Flatten", "flatten_1")
    n.dense("dense_1", 12)
    n.bn("batch_normalization_3", epsilon=1e-5, axis_config=-1)
    n.simple("Activation", "activation_3", activation="relu")
    n.dense("dense_2", 4, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "bn_variants.h5"))
    return n, "bn_variants.h5", None, write, dict(
        covers=["keras-2.3.1", "full-model-h5", "sequential-dict", "bn-center-false",
                "bn-scale-false", "bn-epsilon-1e-5", "bn-after-dense", "bn-axis-minus-1",
                "conv2d", "activation-layer", "flatten", "dense", "softmax"],
        description="Keras 2.3.1: BN with center=False (no beta; weight_names gamma, "
                    "moving_mean, moving_variance), BN with scale=False (no gamma), epsilon "
                    "1e-5 and 1e-3, BN(axis=-1) after a Dense (rank 2).")


def fx_bn_input():
    n = Net("bn_input", STYLES["tf2.5.0"], "Functional", (8, 8, 2), "channels_last", 109,
            model_name="model", input_name="input_1")
    n.bn("batch_normalization")
    n.conv("conv2d", 4, (3, 3), padding="same", activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d")
    n.simple("Flatten", "flatten")
    n.dense("dense", 4, "softmax")
    n.output_names = ["dense"]
    write = lambda d: write_full_h5(n, os.path.join(d, "bn_input.h5"))
    return n, "bn_input.h5", None, write, dict(
        covers=["tf.keras-2.5.0", "full-model-h5", "functional", "bn-on-input",
                "vlen-string-arrays", "conv2d", "batchnorm", "maxpool", "flatten", "dense",
                "softmax"],
        description="tf.keras 2.5.0 functional: BatchNormalization directly on the raw input, "
                    "then a 'same' Conv2D (folding the BN into that conv is not exact at the "
                    "borders, where Keras pads the normalised input with zeros: apply it as an "
                    "input affine), MaxPool, Dense.")


def fx_rescaling_first():
    n = Net("rescaling_first", STYLES["tf2.11.0"], "Sequential", (10, 10, 3), "channels_last",
            110, model_name="sequential", input_name="input_1", input_range=(0.0, 256.0),
            integer_input=True)
    n.first_layer_has_batch_shape = False
    n.simple("Rescaling", "rescaling", scale=1.0 / 127.5, offset=-1.0)
    n.conv("conv2d", 6, (3, 3), activation="relu")                     # valid: folding is exact
    n.pool("MaxPooling2D", "max_pooling2d")
    n.conv("conv2d_1", 8, (3, 3), padding="same", activation="relu")
    n.simple("GlobalAveragePooling2D", "global_average_pooling2d")
    n.dense("dense", 4, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "rescaling_first.h5"))
    return n, "rescaling_first.h5", None, write, dict(
        covers=["tf.keras-2.11.0", "full-model-h5", "sequential-dict", "input-layer",
                "rescaling", "rescaling-offset", "integer-valued-input-0-255", "conv2d",
                "maxpool", "global-avgpool", "dense", "softmax"],
        description="tf.keras 2.11.0: Rescaling(scale=1/127.5, offset=-1) right after the "
                    "InputLayer, inputs are integers in [0,255]; the first Conv2D is 'valid' so "
                    "folding the affine into it is exact.")


def fx_zeropad_asym():
    n = Net("zeropad_asym", STYLES["tf2.9.0"], "Sequential", (9, 9, 2), "channels_last", 111,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.simple("ZeroPadding2D", "zero_padding2d", padding=((0, 1), (0, 1)))          # 9 -> 10
    n.conv("conv2d", 4, (3, 3), strides=(2, 2), activation="relu")                 # 10 -> 4
    n.simple("SpatialDropout2D", "spatial_dropout2d", rate=0.2)
    n.simple("ZeroPadding2D", "zero_padding2d_1", padding=((1, 2), (2, 0)))        # 4x4 -> 7x6
    n.conv("conv2d_1", 6, (3, 3))                                                   # -> 5x4
    n.simple("Activation", "activation", activation="relu")
    n.simple("Flatten", "flatten")
    n.dense("dense", 3, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "zeropad_asym.h5"))
    return n, "zeropad_asym.h5", None, write, dict(
        covers=["tf.keras-2.9.0", "full-model-h5", "sequential-dict", "input-layer",
                "zeropad-asymmetric", "spatial-dropout", "non-square", "conv2d", "stride2-valid",
                "activation-layer", "flatten", "dense", "softmax"],
        description="tf.keras 2.9.0: ZeroPadding2D(((0,1),(0,1))) before a stride-2 valid "
                    "conv, SpatialDropout2D, ZeroPadding2D(((1,2),(2,0))) giving a 7x6 map.")


def fx_relu_max():
    n = Net("relu_max", STYLES["tf2.6.0"], "Sequential", (8, 8, 2), "channels_last", 112,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.conv("conv2d", 6, (3, 3), padding="same", use_bias=False, gain=8.0)
    n.simple("ReLU", "re_lu", max_value=6.0)
    n.simple("GaussianNoise", "gaussian_noise", stddev=0.1)
    n.conv("conv2d_1", 6, (3, 3), gain=0.5)
    n.simple("Activation", "activation", activation="relu")
    n.simple("GaussianDropout", "gaussian_dropout", rate=0.1)
    n.simple("Flatten", "flatten")
    n.dense("dense", 10)
    n.simple("ReLU", "re_lu_1", max_value=6.0)
    n.dense("dense_1", 4)
    write = lambda d: write_full_h5(n, os.path.join(d, "relu_max.h5"))
    return n, "relu_max.h5", None, write, dict(
        covers=["tf.keras-2.6.0", "full-model-h5", "sequential-dict", "input-layer",
                "relu-max-value", "clipped-relu-active", "conv-no-bias", "gaussian-noise",
                "gaussian-dropout", "activation-layer", "dense-linear", "flatten", "dense"],
        description="tf.keras 2.6.0: Conv2D(use_bias=False) -> ReLU(max_value=6) (weights "
                    "scaled so the clip is active), GaussianNoise, Activation('relu'), "
                    "GaussianDropout, Dense(linear) -> ReLU(max_value=6), final Dense with "
                    "linear activation (logits).")


def fx_relu6_all():
    n = Net("relu6_all", STYLES["tf2.6.0"], "Sequential", (6, 6, 2), "channels_last", 120,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.conv("conv2d", 4, (3, 3), padding="same", gain=4.0)
    n.simple("ReLU", "re_lu", max_value=6.0)
    n.pool("AveragePooling2D", "average_pooling2d")
    n.conv("conv2d_1", 5, (3, 3), padding="same", gain=2.0)
    n.simple("ReLU", "re_lu_1", max_value=16.0)
    n.simple("Flatten", "flatten")
    n.dense("dense", 3)
    write = lambda d: write_full_h5(n, os.path.join(d, "relu6_all.h5"))
    return n, "relu6_all.h5", None, write, dict(
        covers=["tf.keras-2.6.0", "full-model-h5", "sequential-dict", "input-layer",
                "relu-max-value", "clipped-relu-active", "every-relu-clipped", "average-pooling",
                "flatten", "dense-linear"],
        description="tf.keras 2.6.0: every ReLU clipped (as trained with ReLU6 or a learnt clip): "
                    "Conv2D -> ReLU(max_value=6) -> AveragePooling2D -> Conv2D -> "
                    "ReLU(max_value=16, above every activation of the 4 inputs, so λ = clip differs from the "
                    "max) -> Flatten -> Dense (logits).")


def fx_head_identity():
    n = Net("head_identity", STYLES["tf2.13.1"], "Sequential", (7, 7, 2), "channels_last", 133,
            model_name="sequential", input_name="input_1")
    n.conv("conv2d", 5, (3, 3), activation="relu", gain=2.0)
    n.simple("ZeroPadding2D", "zero_padding2d", padding=((1, 0), (0, 1)))
    n.conv("conv2d_1", 6, (3, 3), strides=(2, 2), gain=4.0)
    n.simple("Activation", "activation", activation="relu6")
    n.simple("GlobalAveragePooling2D", "global_average_pooling2d")
    n.dense("dense", 4)
    n.simple("Softmax", "softmax")
    n.simple("Dropout", "dropout", rate=0.5)
    n.simple("GaussianNoise", "gaussian_noise", stddev=0.1)
    n.simple("ActivityRegularization", "activity_regularization", l1=0.01, l2=0.0)
    write = lambda d: write_full_h5(n, os.path.join(d, "head_identity.h5"))
    return n, "head_identity.h5", None, write, dict(
        covers=["tf.keras-2.13.1", "full-model-h5", "sequential-dict", "input-layer", "conv2d",
                "zeropad-asym", "activation-relu6", "relu6-active", "global-avgpool", "dense-linear",
                "softmax-layer", "dropout-after-output", "gaussian-noise-after-output",
                "activity-regularization-after-output"],
        description="tf.keras 2.13.1: Conv2D(relu) -> ZeroPadding2D((1, 0), (0, 1)) -> Conv2D(stride 2) -> "
                    "Activation('relu6') (clip active) -> GlobalAveragePooling2D -> Dense (logits) -> "
                    "Softmax layer -> Dropout -> GaussianNoise -> ActivityRegularization: the layers after "
                    "the Softmax are the identity at inference and the Softmax is the output.")


def fx_weights_only():
    n = Net("weights_only", STYLES["tf2.11.0"], "Sequential", (8, 8, 1), "channels_last", 113,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.conv("conv2d", 4, (3, 3), activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d")
    n.simple("Flatten", "flatten")
    n.dense("dense", 8, "relu")
    n.dense("dense_1", 3, "softmax")

    def write(d):
        write_weights_only(n, os.path.join(d, "weights_only.h5"))
        with open(os.path.join(d, "weights_only.json"), "w") as fh:
            fh.write(to_json(n))
    return n, "weights_only.h5", "weights_only.json", write, dict(
        covers=["tf.keras-2.11.0", "weights-only-h5", "architecture-json", "sequential-dict",
                "input-layer", "vlen-string-arrays", "conv2d", "maxpool", "flatten", "dense",
                "softmax"],
        description="tf.keras 2.11.0 save_weights layout (layer groups and layer_names at the "
                    "root, plus top_level_model_weights) with the architecture in a separate "
                    "model.to_json() file carrying keras_version and backend.")


def fx_keras3_zip():
    n = Net("keras3_zip", STYLES["k3.6.0"], "Sequential", (8, 8, 3), "channels_last", 114,
            model_name="sequential", input_name="input_layer")
    # Layer names deliberately unrelated to (and crossing) the auto names of the weights file:
    # the first conv is called 'conv2d_1' but its variables are under layers/conv2d/vars.
    n.conv("conv2d_1", 6, (3, 3), padding="same", activation="relu")
    n.bn("bn")
    n.pool("MaxPooling2D", "pool")
    n.conv("conv2d", 8, (3, 3), activation="relu")
    n.simple("Flatten", "flatten_1")
    n.dense("fc1", 8, "relu")
    n.dense("fc2", 4, "softmax")
    write = lambda d: write_keras_zip(n, os.path.join(d, "keras3_zip.keras"))
    return n, "keras3_zip.keras", None, write, dict(
        covers=["keras-3.6.0", "keras-zip", "sequential-dict", "input-layer", "batch-shape",
                "keras3-serialization", "dtype-policy", "auto-snake-names",
                "names-differ-from-auto-names", "conv2d", "batchnorm", "maxpool", "flatten",
                "dense", "softmax"],
        description="Keras 3 .keras zip (metadata.json, config.json, model.weights.h5). "
                    "Weights under layers/<snake_case(class)>[_n]/vars/0..n, which follow the "
                    "layer position, not its name: layer 'conv2d_1' is stored as "
                    "layers/conv2d, layer 'conv2d' as layers/conv2d_1.")


def fx_keras3_zip_func():
    n = Net("keras3_zip_func", STYLES["k3.6.0"], "Functional", (8, 8, 2), "channels_last", 118,
            model_name="functional", input_name="input_layer")
    n.conv("conv2d", 6, (3, 3), padding="same")
    n.bn("batch_normalization")
    skip = n.simple("ReLU", "re_lu", max_value=None)
    n.conv("conv2d_1", 6, (3, 3), padding="same")
    n.simple("Add", "add", inputs=["conv2d_1", skip])
    n.simple("ReLU", "re_lu_1", max_value=None)
    n.simple("GlobalAveragePooling2D", "global_average_pooling2d")
    n.dense("dense", 3, "softmax")
    n.output_names = ["dense"]
    write = lambda d: write_keras_zip(n, os.path.join(d, "keras3_zip_func.keras"))
    return n, "keras3_zip_func.keras", None, write, dict(
        covers=["keras-3.6.0", "keras-zip", "functional", "input-layer", "batch-shape",
                "keras3-serialization", "inbound-nodes-keras3", "dtype-policy",
                "auto-snake-names", "input-layer-vars-group", "conv2d", "batchnorm",
                "relu-layer", "add", "global-avgpool", "dense", "softmax"],
        description="Keras 3 .keras zip of a Functional model: config layers in the "
                    "{module, class_name, config, registered_name, build_config, name, "
                    "inbound_nodes} form with '__keras_tensor__' args; the InputLayer gets an "
                    "empty layers/input_layer/vars group.")


def fx_tf213_zip():
    n = Net("tf213_zip", STYLES["tf2.13.1"], "Functional", (8, 8, 3), "channels_last", 131,
            model_name="model", input_name="input_1")
    n.conv("conv2d", 6, (3, 3), padding="same")
    n.bn("batch_normalization")
    n.simple("ReLU", "re_lu", max_value=None)
    n.conv("conv2d_1", 6, (3, 3), padding="same", activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d")
    n.conv("conv2d_2", 8, (3, 3), activation="relu")
    n.simple("Flatten", "flatten")
    n.dense("dense", 8, "relu")
    n.dense("dense_1", 4, "softmax")
    n.output_names = ["dense_1"]
    write = lambda d: write_tf_keras_zip(n, os.path.join(d, "tf213_zip.keras"))
    return n, "tf213_zip.keras", None, write, dict(
        covers=["tf.keras-2.13.1", "keras-zip", "tf-keras-zip-layout", "functional", "input-layer",
                "weighted-layers-counted-twice", "optimizer-vars", "conv2d", "batchnorm",
                "relu-layer", "maxpool", "flatten", "dense", "softmax"],
        description="tf.keras 2.13.1 .keras zip: weights under _layer_checkpoint_dependencies/"
                    "<snake_case(class)>[_n]/vars/<i>, where each layer owning weights also uses up "
                    "the next number of its class (conv2d, conv2d_2, conv2d_4; dense, dense_2); "
                    "optimizer/vars and an empty root vars group.")


def fx_tf214_zip():
    n = Net("tf214_zip", STYLES["tf2.14.0"], "Sequential", (8, 8, 2), "channels_last", 132,
            model_name="sequential", input_name="conv2d_input")
    n.conv("conv2d", 5, (3, 3), padding="same", activation="relu")
    n.bn("batch_normalization")
    n.conv("conv2d_1", 6, (3, 3), strides=(2, 2), padding="same", activation="relu")
    n.simple("GlobalAveragePooling2D", "global_average_pooling2d")
    n.dense("dense", 3, "softmax")
    write = lambda d: write_tf_keras_zip(n, os.path.join(d, "tf214_zip.keras"))
    return n, "tf214_zip.keras", None, write, dict(
        covers=["tf.keras-2.14.0", "keras-zip", "tf-keras-zip-layout", "sequential-dict",
                "input-layer", "optimizer-vars", "conv2d", "batchnorm", "stride2-same",
                "global-avgpool", "dense", "softmax"],
        description="tf.keras 2.14.0 .keras zip of a Sequential model: weights under "
                    "_layer_checkpoint_dependencies/<snake_case(class)>[_n]/vars/<i>, numbered "
                    "consecutively (conv2d, conv2d_1).")


def fx_keras3_legacy_h5():
    n = Net("keras3_legacy_h5", STYLES["k3.3.3"], "Functional", (8, 8, 3), "channels_last", 115,
            model_name="functional_1", input_name="input_layer")
    n.conv("conv2d", 6, (3, 3), padding="same", activation="relu")
    bn = n.bn("batch_normalization", axis_config=-1)
    n.conv("conv2d_1", 6, (3, 3), padding="same")
    n.simple("Add", "add", inputs=["conv2d_1", bn])
    n.simple("ReLU", "re_lu", max_value=None)
    n.pool("MaxPooling2D", "max_pooling2d")
    n.simple("Flatten", "flatten")
    n.dense("dense", 4, "softmax")
    n.output_names = ["dense"]
    write = lambda d: write_full_h5(n, os.path.join(d, "keras3_legacy_h5.h5"))
    return n, "keras3_legacy_h5.h5", None, write, dict(
        covers=["keras-3.3.3", "full-model-h5", "functional", "input-layer", "batch-shape",
                "inbound-nodes-keras3", "short-weight-names", "vlen-string-arrays",
                "top-level-model-weights", "conv2d", "batchnorm", "add", "relu-layer", "maxpool",
                "flatten", "dense", "softmax"],
        description="Keras 3.3.3 legacy full-model .h5: short weight names ('kernel', 'bias', "
                    "'gamma', ...) stored directly in each layer group; InputLayer with "
                    "batch_shape; layer entries in the legacy {class_name, config} form with "
                    "Keras 3 inbound_nodes ({args: [__keras_tensor__ ...], kwargs}).")


def fx_keras1_th():
    n = Net("keras1_th", STYLES["k1.2.2-th"], "Sequential", (2, 10, 10), "channels_first", 116,
            model_name="sequential_1", input_name="convolution2d_input_1")
    n.conv("convolution2d_1", 6, (3, 2), activation="relu", theano=True)    # 10x10 -> 8x9
    n.bn("batchnormalization_1", axis=1)
    n.pool("MaxPooling2D", "maxpooling2d_1")                               # -> 4x4
    n.conv("convolution2d_2", 8, (3, 3), padding="same", theano=True)
    n.simple("Activation", "activation_1", activation="relu")
    n.simple("Flatten", "flatten_1", data_format=None)
    n.dense("dense_1", 12, "relu")
    n.simple("Dropout", "dropout_1", rate=0.25)
    n.dense("dense_2", 4, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "keras1_th.h5"))
    return n, "keras1_th.h5", None, write, dict(
        theano=True,
        covers=["keras-1.2.2", "full-model-h5", "no-backend-attribute", "sequential-list",
                "theano-kernels-flag", "kernel-flip", "convolution2d", "dim-ordering-th",
                "kernel-out-in-kh-kw", "non-square-kernel", "bn-mode-0", "bn-running-std",
                "weight-names-no-slash", "maxpool", "flatten-chw-order", "dense-output-dim",
                "dropout-p", "activation-layer", "softmax"],
        description="Keras 1.2.2 full model trained with Theano: no backend attribute (needs "
                    "the theano-kernels option), Convolution2D{nb_filter, nb_row, nb_col, "
                    "subsample, border_mode, dim_ordering 'th'} with (out,in,kh,kw) kernels "
                    "(one 3x2), BatchNormalization mode 0 with running_std holding the variance, "
                    "weight names like 'convolution2d_1_W' (no slash, no ':0').")


def fx_split_attrs():
    n = Net("split_attrs", STYLES["tf2.9.0"], "Sequential", (8, 8, 2), "channels_last", 117,
            model_name="sequential", input_name="input_1")
    n.first_layer_has_batch_shape = False
    n.conv("conv2d", 4, (3, 3), activation="relu")
    n.pool("MaxPooling2D", "max_pooling2d")
    n.simple("Flatten", "flatten")
    n.dense("dense", 8, "relu")
    n.simple("Dropout", "dropout", rate=0.3)
    n.dense("dense_1", 3, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "split_attrs.h5"), chunk_layer_names=3,
                                    chunk_weight_names={"dense": 2})
    return n, "split_attrs.h5", None, write, dict(
        covers=["tf.keras-2.9.0", "full-model-h5", "sequential-dict", "chunked-attributes",
                "layer-names-chunks", "weight-names-chunks", "conv2d", "maxpool", "flatten",
                "dense", "dropout", "softmax"],
        description="tf.keras 2.9.0 model whose model_weights 'layer_names' is stored as "
                    "layer_names0/1/2 and layer 'dense' has weight_names0/1, the chunked form "
                    "save_attributes_to_hdf5_group uses for attributes over 64 KiB.")


def fx_theano_k2():
    n = Net("theano_k2", STYLES["k2.0.4-th"], "Sequential", (1, 10, 10), "channels_first", 119,
            model_name="sequential_1", input_name="conv2d_1_input")
    n.conv("conv2d_1", 4, (3, 3), activation="relu", theano=True)   # 10 -> 8
    n.pool("MaxPooling2D", "max_pooling2d_1")                       # 8 -> 4
    n.conv("conv2d_2", 6, (3, 2), activation="relu", theano=True)   # 4x4 -> 2x3
    n.simple("Flatten", "flatten_1", data_format=None)
    n.dense("dense_1", 3, "softmax")
    write = lambda d: write_full_h5(n, os.path.join(d, "theano_k2.h5"))
    return n, "theano_k2.h5", None, write, dict(
        covers=["keras-2.0.4", "full-model-h5", "backend-theano", "kernel-flip", "sequential-list",
                "channels-first", "non-square-kernel", "weight-names-no-colon0",
                "flatten-chw-order", "conv2d", "maxpool", "dense", "softmax"],
        description="Keras 2.0.4 with backend 'theano' (root and model_weights attributes), "
                    "channels_first: kernels stored (kh,kw,in,out) must be rotated 180 degrees "
                    "(one 3x2 kernel), weight names without ':0'.")


FIXTURES = [
    fx_seq_cnn, fx_seq_cnn_k21, fx_func_resnet, fx_func_model_k22, fx_stride2_same,
    fx_channels_first, fx_channels_first_k20, fx_bn_variants, fx_bn_input, fx_rescaling_first,
    fx_zeropad_asym, fx_relu_max, fx_relu6_all, fx_head_identity, fx_weights_only, fx_keras3_zip, fx_keras3_zip_func,
    fx_keras3_legacy_h5, fx_tf213_zip, fx_tf214_zip, fx_keras1_th, fx_split_attrs, fx_theano_k2,
]


# ----------------------------------------------------------------------------------------------------

def _readme(entries):
    lines = [
        "# keras-fixtures",
        "",
        "Generated by `%s` — do not edit by hand; regenerate with:" % GENERATED_BY,
        "",
        "    " + COMMAND,
        "",
        "`python-reference/check` verifies that these files are up to date (byte for byte) and that",
        "the independent reader `python-reference/reference_forward.py` reproduces every expected",
        "output from the written files. `fixtures.json` lists the fixtures for the Java tests.",
        "",
        "Each `<name>.expected.npz` holds `input` (a batch of 4, float32, in the model's Keras layout)",
        "and one float32 array per Keras layer name (InputLayer excepted): that layer's output in",
        "Keras's layout, i.e. `keras.Model(inputs, layer.output).predict(input)`.",
        "The weights are random (He-normal-like, BN variance in [0.5, 2]), not trained.",
        "",
        "The subfolders `data/` and `trained/` (and `real/`, copies of real Keras files) are not",
        "generated here, nor is `checkpoint-references/` (outputs of real TF-Keras SavedModels,",
        "written by `reference_forward.py --real-checkpoints ... --write`).",
        "",
        "| fixture | model file | what it covers |",
        "|---|---|---|",
    ]
    for e in entries:
        files = e["model"] + (" + " + e["architecture"] if e["architecture"] else "")
        lines.append("| `%s` | `%s` | %s |" % (e["name"], files, e["description"].replace("|", "\\|")))
    return "\n".join(lines) + "\n"


def main(argv):
    out = argv[1] if len(argv) > 1 else "keras-fixtures"
    os.makedirs(out, exist_ok=True)
    # Everything is written to a staging folder first and then renamed into place, so that a reader
    # holding an old file open (HDF5 locks files) never sees a half-written one.
    stage = tempfile.mkdtemp(prefix=".staging-", dir=out)
    try:
        entries = []
        for fx in FIXTURES:
            net, model_file, arch_file, write, info = fx()
            check_alive(net)
            write(stage)
            expected = net.fixture + ".expected.npz"
            write_expected(net, os.path.join(stage, expected))
            entries.append({
                "name": net.fixture,
                "model": model_file,
                "architecture": arch_file,
                "expected": expected,
                "theanoKernels": bool(info.get("theano", False)),
                "dataFormat": net.df,
                "kerasVersion": net.st.version,
                "backend": net.st.backend,
                "inputShape": list(net.input_shape),
                "covers": info["covers"],
                "description": info["description"],
            })
        with open(os.path.join(stage, "fixtures.json"), "w") as fh:
            json.dump(entries, fh, indent=2)
            fh.write("\n")
        with open(os.path.join(stage, "README.md"), "w") as fh:
            fh.write(_readme(entries))
        for name in sorted(os.listdir(stage)):
            os.replace(os.path.join(stage, name), os.path.join(out, name))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    print("wrote %d fixtures to %s" % (len(entries), out))


if __name__ == "__main__":
    main(sys.argv)
