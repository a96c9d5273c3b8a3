#!/usr/bin/python3
"""Independent NumPy reference of ANN-to-SNN conversion (docs/conversion.md), used by snn_reference.py.

Conversion(model, options, x) takes a reference_forward.Model, an option dict (see OPTION_SETS in
snn_reference.py) and the calibration batch (channels-last) and gives: the transformed ANN (BN folded,
BN/Dropout moved after max pooling, max -> average pooling, quantised kernels), lambda per stage, and per
neuron / output stage the int64 bias, threshold, initial potential, shift and the dense int64 weight
matrices from each source stage (sum over routes of the weights rounded once to the 2^-24 grid).

Written from docs/conversion.md; it shares no code with the Java converter. The Keras files are read with
reference_forward.py (the independent importer); the ANN forward pass is float64 arithmetic on float32
weights, NHWC, with Conv2D/Dense/GlobalAveragePooling sums taken in a fixed order (kernel taps ky, kx,
input channel; then the bias) from elementwise operations, never BLAS, so every float it produces is the
same on every machine. Every real number is rounded once to the 2^-24 grid by floor(x * 2^24 + 0.5).

Conversion.self_check(): with the ANN activations as rates (activation / lambda), the compiled integer
weights and biases must give every stage's ANN pre-activation (times 1/lambda under weight
normalisation) to within the rounding bound.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf                                    # noqa: E402

FRACTION_BITS = 24
ONE = 1 << FRACTION_BITS

# A channel silent on the calibration data (lambda 0) under --per-channel gets "the stage's lambda"
# (docs/conversion.md step 5): read here as the lambda the stage has without --per-channel ("stage").
# "max-channel" (the largest per-channel lambda, what the Java LambdaEstimator does) differs from it
# under percentile normalisation only.
SILENT_CHANNEL_FILL = "max-channel"


class Refused(Exception):
    """The model cannot be converted with these options."""


def fixed(x):
    """floor(x * 2^24 + 0.5) as int64, elementwise; refuses values that do not fit comfortably."""
    scaled = np.floor(np.asarray(x, dtype=np.float64) * float(ONE) + 0.5)
    if scaled.size and not np.all(np.abs(scaled) < 2.0 ** 61):
        raise OverflowError("value does not fit the 2^-24 grid")
    return scaled.astype(np.int64)


# ----------------------------------------------------------------------------------------------------
# The network as the converter sees it (internal NHWC, float32 weights)
# ----------------------------------------------------------------------------------------------------

class Op:
    def __init__(self, name, kind, inputs, **p):
        self.name = name
        self.kind = kind          # input conv dense bn relu linear softmax maxpool avgpool gap flatten
        self.inputs = inputs      # zeropad identity add concat rescaling
        self.p = p
        self.act = p.pop("act", None)      # conv/dense: 'linear' | 'relu' | 'softmax'


def _act_name(a):
    if isinstance(a, dict):
        cfg = a.get("config")
        a = cfg if isinstance(cfg, str) else a.get("class_name", "").lower()
    return "linear" if a in (None, "linear") else a


def _f32(a):
    return None if a is None else np.asarray(a).astype(np.float32)


def build_ops(model):
    """Translate a reference_forward.Model into Ops (NHWC semantics), refusing what cannot convert."""
    cf = model.layout == "channels_first"
    ops = [Op(model.input_name, "input", [])]
    for n in model.nodes:
        c, w, cls = n.cfg, n.w, n.cls
        if cls in ("Conv2D", "Dense"):
            act = _act_name(c.get("activation"))
            if act not in ("linear", "relu", "softmax"):
                raise Refused("layer '%s': activation %s has no spiking equivalent" % (n.name, act))
            kw = dict(kernel=_f32(w["kernel"]), bias=_f32(w.get("bias")), act=act)
            if cls == "Conv2D":
                kw.update(strides=rf._pair(c.get("strides", 1)), padding=c.get("padding", "valid"),
                          dilation=rf._pair(c.get("dilation_rate", 1)))
            ops.append(Op(n.name, "conv" if cls == "Conv2D" else "dense", list(n.inputs), **kw))
        elif cls == "BatchNormalization":
            axis = c.get("axis", -1)
            axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
            if not isinstance(axis, int):
                raise Refused("layer '%s': BatchNormalization over several axes" % n.name)
            ops.append(Op(n.name, "bn", list(n.inputs), axis=axis, gamma=_f32(w.get("gamma")),
                          beta=_f32(w.get("beta")), mean=_f32(w["moving_mean"]),
                          var=_f32(w["moving_variance"]), eps=float(c.get("epsilon", 1e-3))))
        elif cls in ("Activation", "Softmax"):
            act = "softmax" if cls == "Softmax" else _act_name(c["activation"])
            if act == "relu":
                ops.append(Op(n.name, "relu", list(n.inputs), max_value=None))
            elif act == "relu6":
                ops.append(Op(n.name, "relu", list(n.inputs), max_value=6.0))
            elif act in ("linear", "softmax"):
                ops.append(Op(n.name, act, list(n.inputs)))
            else:
                raise Refused("layer '%s': activation %s has no spiking equivalent" % (n.name, act))
        elif cls == "ReLU":
            if (c.get("negative_slope") or 0.0) != 0 or (c.get("threshold") or 0.0) != 0:
                raise Refused("layer '%s': ReLU with a slope or threshold" % n.name)
            mv = c.get("max_value")
            ops.append(Op(n.name, "relu", list(n.inputs), max_value=None if mv is None else float(mv)))
        elif cls in ("MaxPooling2D", "AveragePooling2D"):
            size = rf._pair(c.get("pool_size", 2))
            strides = rf._pair(c["strides"]) if c.get("strides") is not None else size
            ops.append(Op(n.name, "maxpool" if cls == "MaxPooling2D" else "avgpool", list(n.inputs),
                          size=size, strides=strides, padding=c.get("padding", "valid")))
        elif cls == "GlobalAveragePooling2D":
            ops.append(Op(n.name, "gap", list(n.inputs)))
        elif cls == "Flatten":
            order = "chw" if cf and c.get("data_format") != "channels_first" else "hwc"
            ops.append(Op(n.name, "flatten", list(n.inputs), order=order))
        elif cls == "ZeroPadding2D":
            pad = c["padding"]
            if isinstance(pad, int):
                pad = ((pad, pad), (pad, pad))
            elif isinstance(pad[0], int):
                pad = ((pad[0], pad[0]), (pad[1], pad[1]))
            ops.append(Op(n.name, "zeropad", list(n.inputs), top=pad[0][0], bottom=pad[0][1],
                          left=pad[1][0], right=pad[1][1]))
        elif cls in ("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "ActivityRegularization"):
            ops.append(Op(n.name, "identity", list(n.inputs)))
        elif cls == "Add":
            ops.append(Op(n.name, "add", list(n.inputs)))
        elif cls == "Concatenate":
            ops.append(Op(n.name, "concat", list(n.inputs), axis=c.get("axis", -1)))
        elif cls == "Rescaling":
            ops.append(Op(n.name, "rescaling", list(n.inputs), scale=float(c["scale"]),
                          offset=float(c.get("offset", 0.0))))
        else:
            raise Refused("layer '%s' (%s) has no spiking equivalent" % (n.name, cls))
    if len(model.output_names) != 1:
        raise Refused("%d outputs" % len(model.output_names))
    # Identity-at-inference layers after the output are dropped: the output is the layer before them.
    output = model.output_names[0]
    by = {o.name: o for o in ops}
    while by[output].kind == "identity" and by[by[output].inputs[0]].kind != "input" \
            and not any(output in o.inputs for o in ops):
        gone = by.pop(output)
        ops.remove(gone)
        output = gone.inputs[0]
    return Net(ops, output, cf)


def conv_sequential(x, op):
    """Conv2D pre-activation in float64 summing kernel taps in a fixed order (ky, kx, input channel),
    then the bias. Elementwise NumPy operations are correctly rounded, so unlike a BLAS matmul (whose
    summation order depends on the library, the CPU and the thread count) the result, and every lambda
    derived from it, is the same bit for bit on every machine."""
    n, h, w, cin = x.shape
    k = op.p["kernel"].astype(np.float64)
    kh, kw, kin, cout = k.shape
    if kin != cin:
        raise Refused("'%s' expects %d channels, gets %d" % (op.name, kin, cin))
    (sh, sw), (dh, dw) = op.p["strides"], op.p["dilation"]
    oh, t, b = rf._geometry(h, kh, sh, dh, op.p["padding"])
    ow, l, r = rf._geometry(w, kw, sw, dw, op.p["padding"])
    xp = rf._padded(x, ((t, b), (l, r)), 0.0)
    y = np.zeros((n, oh, ow, cout))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw, :]
            for c in range(cin):
                y = y + patch[:, :, :, c:c + 1] * k[i, j, c]
    if op.p["bias"] is not None:
        y = y + op.p["bias"].astype(np.float64)
    return y


def bn_scale(op):
    """gamma / sqrt(var + eps) per channel, float64 (gamma = 1 when absent)."""
    var = op.p["var"].astype(np.float64)
    gamma = np.ones_like(var) if op.p["gamma"] is None else op.p["gamma"].astype(np.float64)
    return gamma / np.sqrt(var + op.p["eps"])


def bn_shift(op):
    """beta - mean * scale per channel, float64 (beta = 0 when absent)."""
    mean = op.p["mean"].astype(np.float64)
    beta = np.zeros_like(mean) if op.p["beta"] is None else op.p["beta"].astype(np.float64)
    return beta - mean * bn_scale(op)


class Net:
    def __init__(self, ops, output, cf):
        self.ops = ops
        self.output = output
        self.cf = cf
        self.reindex()

    def reindex(self):
        """Topological order (stable), lookup table and consumers."""
        by = {o.name: o for o in self.ops}
        order, state = [], {}

        def visit(o):
            if state.get(o.name) == 2:
                return
            if state.get(o.name) == 1:
                raise Refused("cycle at " + o.name)
            state[o.name] = 1
            for i in o.inputs:
                visit(by[i])
            state[o.name] = 2
            order.append(o)
        for o in self.ops:
            visit(o)
        self.ops = order
        self.by = by
        self.consumers = {o.name: [] for o in order}
        for o in order:
            for i in o.inputs:
                self.consumers[i].append(o.name)

    def op(self, name):
        return self.by[name]

    def remove(self, name, replacement):
        """Drop op `name`; its consumers (and the output) read `replacement` instead."""
        self.ops = [o for o in self.ops if o.name != name]
        for o in self.ops:
            o.inputs = [replacement if i == name else i for i in o.inputs]
        if self.output == name:
            self.output = replacement
        self.reindex()

    # -- forward pass ---------------------------------------------------------------------------------
    def forward(self, x, fixed_values=None):
        """float64 forward on a channels-last batch. Returns (post-activation values, pre-activations of
        conv/dense). fixed_values: name -> array replacing that op's output (e.g. silent stages)."""
        vals, pre = {}, {}
        for o in self.ops:
            if o.kind == "input":
                vals[o.name] = np.asarray(x, dtype=np.float64)
                if fixed_values is not None and o.name in fixed_values:
                    vals[o.name] = fixed_values[o.name]
                continue
            ins = [vals[i] for i in o.inputs]
            v = ins[0]
            k = o.kind
            if k == "conv":
                pre[o.name] = conv_sequential(v, o)
                y = np.maximum(pre[o.name], 0.0) if o.act == "relu" else pre[o.name]
            elif k == "dense":
                if v.ndim != 2:
                    raise Refused("Dense '%s' on a rank-%d tensor" % (o.name, v.ndim))
                kern = o.p["kernel"].astype(np.float64)
                y = np.zeros((v.shape[0], kern.shape[1]))
                for i in range(kern.shape[0]):               # fixed order, no BLAS (see conv_sequential)
                    y = y + v[:, i:i + 1] * kern[i]
                if o.p["bias"] is not None:
                    y = y + o.p["bias"].astype(np.float64)
                pre[o.name] = y
                y = np.maximum(y, 0.0) if o.act == "relu" else y
            elif k == "bn":
                if rf._internal_axis(o.p["axis"], v.ndim, self.cf) != v.ndim - 1:
                    raise Refused("BatchNormalization '%s' not on the channel axis" % o.name)
                y = v * bn_scale(o) + bn_shift(o)
            elif k == "relu":
                y = rf.relu_layer(v, o.p["max_value"])
            elif k in ("linear", "softmax", "identity"):
                y = v                                   # softmax only at the output: logits are kept
            elif k in ("maxpool", "avgpool"):
                y = rf.pool2d(v, o.p["size"], o.p["strides"], o.p["padding"],
                              "max" if k == "maxpool" else "avg")
            elif k == "gap":
                y = np.zeros((v.shape[0], v.shape[3]))
                for yy in range(v.shape[1]):                 # sequential sum, then one division
                    for xx in range(v.shape[2]):
                        y = y + v[:, yy, xx, :]
                y = y / (v.shape[1] * v.shape[2])
            elif k == "flatten":
                y = v.transpose(0, 3, 1, 2) if (o.p["order"] == "chw" and v.ndim == 4) else v
                y = y.reshape(y.shape[0], -1)
            elif k == "zeropad":
                y = rf._padded(v, ((o.p["top"], o.p["bottom"]), (o.p["left"], o.p["right"])), 0.0)
            elif k == "add":
                y = ins[0].copy()
                for other in ins[1:]:
                    y = y + other
            elif k == "concat":
                if rf._internal_axis(o.p["axis"], v.ndim, self.cf) != v.ndim - 1:
                    raise Refused("Concatenate '%s' not on the channel axis" % o.name)
                y = np.concatenate(ins, axis=-1)
            elif k == "rescaling":
                y = v * o.p["scale"] + o.p["offset"]
            else:
                raise AssertionError(k)
            vals[o.name] = y
            if fixed_values is not None and o.name in fixed_values:
                vals[o.name] = fixed_values[o.name]     # e.g. a silent stage (its pre-activation stays)
        return vals, pre


# ----------------------------------------------------------------------------------------------------
# Conversion
# ----------------------------------------------------------------------------------------------------

def fold_batchnorm(net):
    """Step 2: a BN right after a Conv2D/Dense with no activation of its own (its only consumer, not the
    output) is folded into it with the BN's own epsilon: W' = W*scale, b' = gamma*(b - mu)/sqrt(var+eps)
    + beta, in float64, stored as float32. Returns the alternative bias formula's disagreements."""
    notes = []
    for o in list(net.ops):
        if o.kind != "bn":
            continue
        before = net.op(o.inputs[0])
        if before.kind not in ("conv", "dense") or before.act != "linear":
            continue
        if len(net.consumers[before.name]) != 1 or net.output == before.name:
            continue
        scale = bn_scale(o)
        k64 = before.p["kernel"].astype(np.float64)
        c = scale.shape[0]
        b = np.zeros(c) if before.p["bias"] is None else before.p["bias"].astype(np.float64)
        mean = o.p["mean"].astype(np.float64)
        var = o.p["var"].astype(np.float64)
        gamma = np.ones(c) if o.p["gamma"] is None else o.p["gamma"].astype(np.float64)
        beta = np.zeros(c) if o.p["beta"] is None else o.p["beta"].astype(np.float64)
        new_bias = (gamma * (b - mean) / np.sqrt(var + o.p["eps"]) + beta).astype(np.float32)
        alt_bias = (b * scale + (beta - mean * scale)).astype(np.float32)
        if not np.array_equal(new_bias, alt_bias):
            notes.append("%s: folded bias differs between gamma(b-mu)/sqrt(var+eps)+beta and "
                         "b*scale+(beta-mu*scale) in float32 at %d channel(s)"
                         % (before.name, int((new_bias != alt_bias).sum())))
        before.p["kernel"] = (k64 * scale).astype(np.float32)
        before.p["bias"] = new_bias
        net.remove(o.name, before.name)
    return notes


def mmse_threshold(v, steps):
    """Li et al.'s threshold search (SNN_Calibration find_threshold_mse, anchors.md 4.1): among
    V = max*(1 - 0.01*i), i = 0..94, the first V minimising sum (v - floor(clip(v*T/V, 0, T))*V/T)^2;
    0 where v is all zero."""
    top = float(v.max()) if v.size else 0.0
    if not top > 0:
        return 0.0
    best, best_err = 0.0, None
    for i in range(95):
        V = top * (1 - 0.01 * i)
        q = np.floor(np.clip(v * steps / V, 0, steps)) * V / steps
        err = float(((v - q) ** 2).sum())
        if best_err is None or err < best_err:
            best, best_err = V, err
    return best


def is_relu_stage(o):
    return o.kind == "relu" or (o.kind in ("conv", "dense") and o.act == "relu")


def move_affine_after_maxpool(net):
    """Step 2: a chain of BNs (all scales > 0) / Dropout-like layers between a ReLU and a max pooling
    moves after the pooling (max commutes with increasing per-channel affine maps)."""
    changed = True
    while changed:
        changed = False
        for pool in net.ops:
            if pool.kind != "maxpool":
                continue
            chain = []
            cur = net.op(pool.inputs[0])
            while (cur.kind == "identity" or (cur.kind == "bn" and np.all(bn_scale(cur) > 0))) \
                    and len(net.consumers[cur.name]) == 1 and net.output != cur.name:
                chain.insert(0, cur)
                cur = net.op(cur.inputs[0])
            if not chain or not is_relu_stage(cur):
                continue
            # relu -> a1 -> ... -> ak -> pool -> rest   becomes   relu -> pool -> a1 -> ... -> ak -> rest
            for cons in net.consumers[pool.name]:
                c = net.op(cons)
                c.inputs = [chain[-1].name if i == pool.name else i for i in c.inputs]
            if net.output == pool.name:
                net.output = chain[-1].name
            pool.inputs = [cur.name]
            chain[0].inputs = [pool.name]
            net.reindex()
            changed = True
            break


def max_to_average(net):
    for o in net.ops:
        if o.kind == "maxpool":
            o.kind = "avgpool"


def quantise(net, bits):
    """Step 4: per weighted layer, s = max|W| / (2^(n-1) - 1), W_q = sign(W) * floor(|W|/s + 1/2) * s."""
    levels = 2.0 ** (bits - 1) - 1
    for o in net.ops:
        if o.kind in ("conv", "dense"):
            k = o.p["kernel"].astype(np.float64)
            top = float(np.max(np.abs(k))) if k.size else 0.0
            if top == 0:
                continue
            s = top / levels
            o.p["kernel"] = (np.sign(k) * np.floor(np.abs(k) / s + 0.5) * s).astype(np.float32)


class Path:
    def __init__(self, source, pre, weighted, post):
        self.source = source        # stage name
        self.pre = pre              # [(op, from_name)] in forward order
        self.weighted = weighted    # conv/dense op or None
        self.post = post            # [op] in forward order (bn / rescaling / add / identity / linear)


class Conversion:
    def __init__(self, model, options, x_cl):
        self.o = options
        self.net = build_ops(model)
        self.notes = fold_batchnorm(self.net)
        move_affine_after_maxpool(self.net)
        if options["maxpool"] == "avg":
            max_to_average(self.net)
        if options["weight_bits"]:
            quantise(self.net, options["weight_bits"])
        self.roles()
        self.x = np.asarray(x_cl, dtype=np.float64)
        self.vals, self.pre = self.net.forward(self.x)
        self.shapes = {k: v.shape[1:] for k, v in self.vals.items()}
        self.lambdas()
        self.compile()

    # -- stages ---------------------------------------------------------------------------------------
    def roles(self):
        net = self.net
        self.role = {}
        for o in net.ops:
            if o.kind == "input":
                r = "input"
            elif o.name == net.output:
                r = "output"
            elif is_relu_stage(o):
                r = "neurons"
            elif o.kind == "maxpool":
                if self.role[o.inputs[0]] not in ("neurons", "gate"):
                    raise Refused("max pooling '%s' takes the output of '%s' (%s), not spikes"
                                  % (o.name, o.inputs[0], net.op(o.inputs[0]).kind))
                r = "gate"
            elif o.kind == "softmax" or (o.kind in ("conv", "dense") and o.act == "softmax"):
                raise Refused("softmax inside the network ('%s')" % o.name)
            else:
                r = "linear"
            self.role[o.name] = r
        needed, todo = set(), [net.output]
        while todo:
            n = todo.pop()
            if n not in needed:
                needed.add(n)
                todo.extend(net.op(n).inputs)
        self.stages = [o.name for o in net.ops if self.role[o.name] != "linear" and o.name in needed]
        self.input = self.stages[0]

    def is_stage(self, name):
        return self.role[name] != "linear"

    def paths_into(self, target):
        paths = []
        t = self.net.op(target)
        if t.kind in ("conv", "dense"):
            self._pre(t.inputs[0], [], t, [], paths)
        else:
            self._post(t.inputs[0], [], paths, target)
        return paths

    def _post(self, name, post, paths, target):
        if self.is_stage(name):
            paths.append(Path(name, [], None, post))
            return
        o = self.net.op(name)
        if o.kind in ("conv", "dense"):
            self._pre(o.inputs[0], [], o, post, paths)
            return
        if o.kind not in ("add", "identity", "bn", "rescaling", "linear"):
            raise Refused("layer '%s' (%s) stands between a weighted layer and the activation of '%s'"
                          % (name, o.kind, target))
        for i in o.inputs:
            self._post(i, [o] + post, paths, target)

    def _pre(self, name, pre, weighted, post, paths):
        if self.is_stage(name):
            paths.append(Path(name, pre, weighted, post))
            return
        o = self.net.op(name)
        if o.kind in ("conv", "dense"):
            raise Refused("'%s' and '%s' are weighted layers with no activation between them"
                          % (o.name, weighted.name))
        if o.kind in ("maxpool", "softmax", "relu"):
            raise Refused("'%s' (%s) cannot stand before '%s'" % (o.name, o.kind, weighted.name))
        for i in o.inputs:
            self._pre(i, [(o, i)] + pre, weighted, post, paths)

    def channels(self, name):
        s = self.shapes[name]
        return s[-1]

    def size(self, name):
        return int(np.prod(self.shapes[name]))

    # -- lambda (step 5) ------------------------------------------------------------------------------
    def activity(self, stage):
        """The ANN values lambda is measured on: ReLU output, or the output stage's pre-activation."""
        if self.role[stage] == "output":
            o = self.net.op(stage)
            return self.pre[stage] if o.kind in ("conv", "dense") else self.vals[o.inputs[0]]
        return self.vals[stage]

    def lambdas(self):
        o = self.o
        top = float(self.x.max())
        self.lambda0 = top if top > 0 else 1.0
        self.lam = {}
        self.silent = []
        for s in self.stages:
            if self.role[s] not in ("neurons", "output"):
                continue
            a = self.activity(s)
            c = a.shape[-1]
            cols = a.reshape(-1, c)
            output = self.role[s] == "output"       # output: the largest (signed) logit, as SpKeras

            if o["norm"] == "clip" and not output:
                self.lam[s] = np.full(c if o["per_channel"] else 1, self.trained_clip(s))
                continue

            def measure(v):
                if output or o["norm"] == "max":
                    return float(v.max()) if v.size else 0.0
                if o["norm"] == "mmse":
                    return mmse_threshold(v, o["target_steps"])
                if o["norm"] == "burst":
                    v = np.where(v > 1, v / o["burst"], v)         # Li & Zeng: values > 1 divided by Gamma
                nz = v[v != 0]
                return float(np.percentile(nz, o["percentile"])) if nz.size else 0.0
            layer = measure(cols.reshape(-1))
            layer = layer if layer > 0 else 1.0
            if not o["per_channel"] or output:    # one lambda for the output: argmax of equally scaled logits
                lam = np.array([layer])
            else:
                lam = np.array([measure(cols[:, k]) for k in range(c)], dtype=np.float64)
                top = float(lam.max())
                alt = top if top > 0 else 1.0
                fill = layer if SILENT_CHANNEL_FILL == "stage" else alt
                for k in range(c):
                    if not lam[k] > 0:
                        self.silent.append("%s channel %d: lambda %r (the stage's lambda); the largest "
                                           "channel lambda would be %r" % (s, k, layer, alt))
                        lam[k] = fill
            self.lam[s] = lam

    def trained_clip(self, stage):
        """The max_value of a clipped ReLU stage (norm 'clip'); refused where the ReLU has none."""
        op = self.net.op(stage)
        clip = op.p.get("max_value") if op.kind == "relu" else None
        if clip is None:
            raise Refused("norm clip: stage '%s' is a ReLU without a trained clip (max_value)" % stage)
        return float(clip)

    def lam_of(self, stage):
        """lambda per channel of a stage's activity (input: lambda0; gate: its source's)."""
        r = self.role[stage]
        c = self.channels(stage)
        if r == "input":
            return np.full(c, self.lambda0)
        if r == "gate":
            return self.lam_of(self.net.op(stage).inputs[0])
        lam = self.lam[stage]
        return np.full(c, lam[0]) if lam.size == 1 else lam

    # -- synapses, biases, thresholds (steps 6-10) -----------------------------------------------------
    def compile(self):
        o = self.o
        zero = {s: np.zeros((1,) + self.shapes[s]) for s in self.stages}
        silent_vals, silent_pre = self.net.forward(np.zeros((1,) + self.shapes[self.input]), zero)
        self.weff = {}        # target -> {source: int64 [n_t, n_s]}
        self.params = {}
        for t in self.stages:
            r = self.role[t]
            if r not in ("neurons", "output"):
                continue
            c = self.channels(t)
            lam = self.lam_of(t)
            s = 1.0 / lam if o["scaling"] == "weights" else np.ones(c)
            if r == "output" or o["scaling"] == "weights":
                thr = np.full(c, ONE, dtype=np.int64)
            else:
                thr = np.maximum(1, fixed(lam))
            init = np.floor(o["theta"] * thr.astype(np.float64) + 0.5).astype(np.int64)
            if r == "output":                          # theta on the output too (SpKeras's last SpikeActivation)
                shift = np.zeros(c, dtype=np.int64)
            else:
                S = o["shift"]
                shift = (thr + S) // (2 * S) if S > 0 else np.zeros(c, dtype=np.int64)
            op = self.net.op(t)
            b = silent_pre[t] if op.kind in ("conv", "dense") else silent_vals[op.inputs[0]]
            b = b.reshape(-1)
            bias = fixed(b * np.tile(s, b.size // c))
            self.params[t] = dict(threshold=thr, initial=init, shift=shift, bias=bias)
            mats = {}
            for path in self.paths_into(t):
                m = mats.setdefault(path.source, np.zeros((self.size(t), self.size(path.source)),
                                                          dtype=np.int64))
                self.emit(path, t, s, m)
            self.weff[t] = mats

    def emit(self, path, target, s, m):
        """Add every contribution of `path` to m[target neuron, source neuron] (int64)."""
        src = path.source
        n = self.size(src)
        p = np.arange(n)
        q = p.copy()
        val = self.lam_of(src)[p % self.channels(src)].astype(np.float64)
        cur = src
        for op, frm in path.pre:
            p, q, val = self.route(op, frm, p, q, val)
            cur = op.name
        ct = self.channels(target)
        post = np.ones(ct)
        for op in path.post:
            if op.kind == "bn":
                post = post * bn_scale(op)
            elif op.kind == "rescaling":
                post = post * op.p["scale"]
        keep = val != 0
        p, q, val = p[keep], q[keep], val[keep]
        w = path.weighted
        if w is None:
            cq = q % ct
            np.add.at(m, (q, p), fixed(val * post[cq] * s[cq]))
        elif w.kind == "dense":
            k = w.p["kernel"].astype(np.float64)
            units = k.shape[1]
            vals = val[:, None] * k[q, :] * post[None, :] * s[None, :]
            tgt = np.broadcast_to(np.arange(units)[None, :], vals.shape)
            np.add.at(m, (tgt.reshape(-1), np.repeat(p, units)), fixed(vals).reshape(-1))
        else:
            k = w.p["kernel"].astype(np.float64)
            kh, kw, cin, cout = k.shape
            H, W, C = self.shapes[cur]
            OH, OW, _ = self.shapes[w.name]
            (sh, sw), (dh, dw) = w.p["strides"], w.p["dilation"]
            _, pt, _ = rf._geometry(H, kh, sh, dh, w.p["padding"])
            _, pl, _ = rf._geometry(W, kw, sw, dw, w.p["padding"])
            c = q % C
            y = q // C // W
            x = (q // C) % W
            for ky in range(kh):
                ny = y + pt - ky * dh
                for kx in range(kw):
                    nx = x + pl - kx * dw
                    ok = (ny >= 0) & (ny % sh == 0) & (ny // sh < OH) & \
                         (nx >= 0) & (nx % sw == 0) & (nx // sw < OW)
                    if not ok.any():
                        continue
                    oy, ox = ny[ok] // sh, nx[ok] // sw
                    vals = val[ok][:, None] * k[ky, kx][c[ok], :] * post[None, :] * s[None, :]
                    tgt = ((oy * OW + ox) * cout)[:, None] + np.arange(cout)[None, :]
                    np.add.at(m, (tgt.reshape(-1), np.repeat(p[ok], cout)), fixed(vals).reshape(-1))

    def route(self, op, frm, p, q, val):
        """Unit activity at indices q of `frm`'s output through one linear op."""
        k = op.kind
        shp = self.shapes[frm]
        if k in ("identity", "add", "linear"):
            return p, q, val
        C = shp[-1]
        c = q % C
        if k == "bn":
            return p, q, val * bn_scale(op)[c]
        if k == "rescaling":
            return p, q, val * op.p["scale"]
        if k == "gap":
            H, W, _ = shp
            return p, c, val / (H * W)
        if k == "concat":
            offset = 0
            for i in op.inputs:
                if i == frm:
                    break
                offset += self.channels(i)
            total = self.channels(op.name)
            return p, q // C * total + offset + c, val
        H, W, _ = shp if len(shp) == 3 else (1, 1, C)
        y = q // C // W
        x = (q // C) % W
        if k == "flatten":
            if op.p["order"] == "chw" and len(shp) == 3:
                return p, (c * H + y) * W + x, val
            return p, q, val
        if k == "zeropad":
            OW = self.shapes[op.name][1]
            return p, ((y + op.p["top"]) * OW + x + op.p["left"]) * C + c, val
        if k == "avgpool":
            (ph, pw), (sh, sw) = op.p["size"], op.p["strides"]
            OH, pt, _ = rf._geometry(H, ph, sh, 1, op.p["padding"])
            OW, pl, _ = rf._geometry(W, pw, sw, 1, op.p["padding"])
            ps, qs, vs = [], [], []
            for ky in range(ph):
                ny = y + pt - ky
                for kx in range(pw):
                    nx = x + pl - kx
                    ok = (ny >= 0) & (ny % sh == 0) & (ny // sh < OH) & \
                         (nx >= 0) & (nx % sw == 0) & (nx // sw < OW)
                    oy, ox = ny[ok] // sh, nx[ok] // sw
                    top, left = oy * sh - pt, ox * sw - pl
                    count = (np.minimum(top + ph, H) - np.maximum(top, 0)) * \
                            (np.minimum(left + pw, W) - np.maximum(left, 0))
                    ps.append(p[ok])
                    qs.append((oy * OW + ox) * C + c[ok])
                    vs.append(val[ok] / count)
            return np.concatenate(ps), np.concatenate(qs), np.concatenate(vs)
        raise AssertionError("not a linear op: " + k)

    # -- gates ----------------------------------------------------------------------------------------
    def members(self, gate):
        """[n_out, max members] source indices (ky-major, then kx), -1 where a window has fewer."""
        op = self.net.op(gate)
        H, W, C = self.shapes[op.inputs[0]]
        OH, OW, _ = self.shapes[gate]
        (ph, pw), (sh, sw) = op.p["size"], op.p["strides"]
        _, pt, _ = rf._geometry(H, ph, sh, 1, op.p["padding"])
        _, pl, _ = rf._geometry(W, pw, sw, 1, op.p["padding"])
        out = np.full((OH * OW * C, ph * pw), -1, dtype=np.int64)
        for oy in range(OH):
            for ox in range(OW):
                for c in range(C):
                    row = (oy * OW + ox) * C + c
                    m = 0
                    for ky in range(ph):
                        iy = oy * sh - pt + ky
                        for kx in range(pw):
                            ix = ox * sw - pl + kx
                            if 0 <= iy < H and 0 <= ix < W:
                                out[row, m] = (iy * W + ix) * C + c
                                m += 1
        return out

    # -- self-check -----------------------------------------------------------------------------------
    def self_check(self):
        """Rate currents from the compiled integers must equal pre-activation * s (rounding bound)."""
        worst = 0.0
        for t, mats in self.weff.items():
            c = self.channels(t)
            lam = self.lam_of(t)
            s = 1.0 / lam if self.o["scaling"] == "weights" else np.ones(c)
            want = self.activity(t) if self.role[t] == "output" else self.preact(t)
            want = want.reshape(want.shape[0], -1) * np.tile(s, self.size(t) // c)
            got = np.tile(self.params[t]["bias"] / ONE, (want.shape[0], 1))
            bound = np.full(self.size(t), 0.5 / ONE)
            for src, m in mats.items():
                rate = self.vals[src].reshape(want.shape[0], -1) / \
                    np.tile(self.lam_of(src), self.size(src) // self.channels(src))
                got = got + rate @ (m.astype(np.float64) / ONE).T
                nnz = (m != 0).sum(axis=1) + 1
                bound = bound + nnz * 0.5 / ONE * np.abs(rate).max()
            err = np.abs(got - want)
            scale = 1.0 + np.abs(want)
            if np.any(err > 2 * bound + 1e-9 * scale):
                raise AssertionError("self-check: stage %s current off by %.3g (bound %.3g)"
                                     % (t, float(err.max()), float(bound.max())))
            worst = max(worst, float(err.max()))
        return worst

    def preact(self, t):
        op = self.net.op(t)
        return self.pre[t] if op.kind in ("conv", "dense") else self.vals[op.inputs[0]]
