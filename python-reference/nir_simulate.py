#!/usr/bin/python3
"""Independent NumPy simulator of NIR graphs, as the NIR specification (version 1.0.7) describes them,
in discrete time with dt = 1. It reads the HDF5 file with h5py only; it shares no code with the Java
exporter or engines, and knows nothing of the .snn format.

Usage:
    /usr/bin/python3 python-reference/nir_simulate.py NET.nir SAMPLES.npy T OUT.npz
        SAMPLES.npy: float32 (N, ...) samples in the model's channels-last layout (N, H, W, C) or flat
        (N, size); they are moved to the Input node's channels-first shape (C, H, W) here. Every sample is
        presented as a constant input at each of the T steps. OUT.npz: `predictions` (N,) int64 = argmax
        of the graph output after step T (ties: lowest index), and `spikes_<node>` (float64 scalar) = the
        total number of spikes of every IF node over all samples and steps.
    /usr/bin/python3 python-reference/nir_simulate.py NET.nir
        Check the file's layout against the specification and print its nodes.

Semantics per node (dt = 1; a node's input is the sum of the outputs of all nodes with an edge into it):
    Input     y = x                        Affine   y = W x + b       Flatten  reshape start..end dims
    SumPool2d sums over kernel_size windows moved by stride, zero padding
    Conv2d    PyTorch-style cross-correlation, zero padding, stride, dilation, groups = 1, + bias
(weights are float32 as stored, so Conv2d and Affine multiply in float32; states and sums are float64)
    Scale     y = s * x                    Output   y = x
    IF        v += r * x; z = v > v_threshold; v = v_reset where z; y = z
    I         v += r * x; y = v
NIR has no initial state, reset by subtraction or firing at equality: where an IF node's metadata gives
`v_initial`, `reset` = "subtract" (v -= z * v_threshold) or `fires_at` = "v >= v_threshold", they are
honoured (spkeras-java writes them; docs/nir.md).
"""

import multiprocessing
import os
import sys

import h5py
import numpy as np

NODE_PARAMS = {
    "Input": ["shape"],
    "Output": ["shape"],
    "Affine": ["weight", "bias"],
    "Conv2d": ["weight", "bias", "stride", "padding", "dilation", "groups"],
    "Flatten": ["start_dim", "end_dim"],
    "Scale": ["scale"],
    "SumPool2d": ["kernel_size", "stride", "padding"],
    "IF": ["r", "v_threshold"],
    "I": ["r"],
}
LINEAR = {"Affine", "Conv2d", "Flatten", "Scale", "SumPool2d", "Output"}
BATCH = 125


def text(v):
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


def read_graph(path):
    with h5py.File(path, "r") as f:
        if "version" not in f or "node" not in f:
            raise ValueError(f"{path}: an NIR file has a root dataset 'version' and a group 'node'")
        version = text(f["version"][()])
        g = f["node"]
        if text(g["type"][()]) != "NIRGraph":
            raise ValueError(f"{path}: node/type is {text(g['type'][()])}, expected NIRGraph")
        nodes = {}
        for name, n in g["nodes"].items():
            kind = text(n["type"][()])
            if kind not in NODE_PARAMS:
                raise ValueError(f"node {name}: type {kind} is not simulated here")
            params = {k: n[k][()] for k in n.keys() if k not in ("type", "metadata")}
            for p in NODE_PARAMS[kind]:
                if p not in params:
                    raise ValueError(f"node {name} ({kind}) lacks its parameter '{p}'")
            meta = {k: v[()] for k, v in n["metadata"].items()} if "metadata" in n else {}
            nodes[name] = (kind, params, {k: text(v) if isinstance(v, bytes) else v for k, v in meta.items()})
        edges = [(text(a), text(b)) for a, b in g["edges"][()]]
    for a, b in edges:
        if a not in nodes or b not in nodes:
            raise ValueError(f"edge {a} -> {b} names a node that does not exist")
    return version, nodes, edges


def output_shape(kind, p, in_shape):
    """The node's output shape from its input shape, by the specification's type rules (NIRGraph.infer_types)."""
    if kind in ("Conv2d",):
        w = np.shape(p["weight"])
        if len(w) != 4 or np.shape(p["bias"]) != (w[0],):
            raise ValueError(f"Conv2d weight must be [out, in, kh, kw] with bias [out], found {w}, {np.shape(p['bias'])}")
        (sh, sw), (ph, pw), (dh, dw) = pair(p["stride"]), pair(p["padding"]), pair(p["dilation"])
        if list(in_shape) != [w[1], *[int(d) for d in p["input_shape"]]]:
            raise ValueError(f"Conv2d input {list(in_shape)} does not match weight {w} and input_shape {p['input_shape']}")
        h, wd = in_shape[1], in_shape[2]
        return [w[0], (h + 2 * ph - dh * (w[2] - 1) - 1) // sh + 1, (wd + 2 * pw - dw * (w[3] - 1) - 1) // sw + 1]
    if kind == "Affine":
        w = np.shape(p["weight"])
        if len(w) != 2 or list(in_shape) != [w[1]] or np.shape(p["bias"]) != (w[0],):
            raise ValueError(f"Affine weight {w} and bias {np.shape(p['bias'])} do not fit input {list(in_shape)}")
        return [w[0]]
    if kind == "SumPool2d":
        (kh, kw), (sh, sw), (ph, pw) = pair(p["kernel_size"]), pair(p["stride"]), pair(p["padding"])
        c, h, wd = in_shape
        return [c, (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1]
    if kind == "Flatten":
        if list(in_shape) != [int(d) for d in np.atleast_1d(p["input_type"])]:
            raise ValueError(f"Flatten input_type {p['input_type']} is not its input {list(in_shape)}")
        start, end = int(p["start_dim"]), int(p["end_dim"])
        end = end if end >= 0 else len(in_shape) + end
        return [*in_shape[:start], int(np.prod(in_shape[start:end + 1])), *in_shape[end + 1:]]
    if kind in ("IF", "I", "Scale"):
        shape = list(np.shape(p["scale" if kind == "Scale" else "r"]))
        for q in ("v_threshold", "v_reset") if kind == "IF" else ():
            if list(np.shape(p[q])) != shape:
                raise ValueError(f"IF {q} has shape {list(np.shape(p[q]))}, r has {shape}")
        if shape != list(in_shape):
            raise ValueError(f"{kind} of shape {shape} receives {list(in_shape)}")
        return shape
    if kind == "Output":
        if [int(d) for d in np.atleast_1d(p["shape"])] != list(in_shape):
            raise ValueError(f"Output shape {p['shape']} receives {list(in_shape)}")
        return list(in_shape)
    return [int(d) for d in np.atleast_1d(p["shape"])]


def check_types(nodes, edges):
    """Every edge joins an output shape to the same input shape (the specification's check_types)."""
    order, preds = topological(nodes, edges)
    shapes = {}
    for name in order:
        kind, p, _ = nodes[name]
        ins = [shapes[q] for q in preds[name]]
        if kind == "Input":
            if ins:
                raise ValueError(f"Input node {name} has incoming edges")
            shapes[name] = output_shape(kind, p, None)
            continue
        if not ins:
            raise ValueError(f"node {name} ({kind}) has no input")
        if any(s != ins[0] for s in ins):
            raise ValueError(f"node {name} receives different shapes {ins}")
        shapes[name] = output_shape(kind, p, ins[0])
    return shapes


def topological(nodes, edges):
    preds = {n: [] for n in nodes}
    for a, b in edges:
        preds[b].append(a)
    order, seen = [], set()

    def visit(n, stack):
        if n in seen:
            return
        if n in stack:
            raise ValueError(f"the graph has a cycle through {n}; this simulator needs a feed-forward graph")
        for p in preds[n]:
            visit(p, stack | {n})
        seen.add(n)
        order.append(n)

    for n in nodes:
        visit(n, frozenset())
    return order, preds


def pair(v):
    a = np.atleast_1d(np.asarray(v)).astype(np.int64)
    return (int(a[0]), int(a[-1]))


def conv2d(x, p):
    """x: (N, C, H, W) -> (N, O, Ho, Wo), as torch.nn.functional.conv2d with integer padding (one float32 GEMM)."""
    if int(np.asarray(p["groups"])) != 1:
        raise ValueError("Conv2d with groups != 1 is not simulated here")
    w = np.asarray(p["weight"], dtype=np.float32)
    (sh, sw), (ph, pw), (dh, dw) = pair(p["stride"]), pair(p["padding"]), pair(p["dilation"])
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    ho = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    xp = np.zeros((n, c, h + 2 * ph, wd + 2 * pw), dtype=np.float32)
    xp[:, :, ph:ph + h, pw:pw + wd] = x
    windows = np.lib.stride_tricks.sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    windows = windows[:, :, :sh * (ho - 1) + 1:sh, :sw * (wo - 1) + 1:sw, ::dh, ::dw]
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * kh * kw)
    out = gemm(columns, w.reshape(o, c * kh * kw).T).reshape(n, ho, wo, o).transpose(0, 3, 1, 2)
    return out.astype(np.float64) + np.asarray(p["bias"], dtype=np.float64)[None, :, None, None]


def gemm(a, b):
    """a @ b in float32 with NumPy's own loops (Debian's reference BLAS is slower than einsum here)."""
    return np.einsum("ij,jk->ik", np.ascontiguousarray(a, dtype=np.float32), np.ascontiguousarray(b, dtype=np.float32))


def sum_pool(x, p):
    """x: (N, C, H, W) -> sums over kernel_size windows moved by stride, with zero padding."""
    (kh, kw), (sh, sw), (ph, pw) = pair(p["kernel_size"]), pair(p["stride"]), pair(p["padding"])
    n, c, h, wd = x.shape
    xp = np.zeros((n, c, h + 2 * ph, wd + 2 * pw))
    xp[:, :, ph:ph + h, pw:pw + wd] = x
    ho, wo = (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1
    out = np.zeros((n, c, ho, wo))
    for i in range(kh):
        for j in range(kw):
            out += xp[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw]
    return out


def linear(kind, p, x):
    if kind == "Affine":
        return gemm(x, np.asarray(p["weight"]).T).astype(np.float64) + np.asarray(p["bias"], dtype=np.float64)
    if kind == "Conv2d":
        return conv2d(x, p)
    if kind == "Flatten":
        start, end = int(p["start_dim"]), int(p["end_dim"])
        dims = list(x.shape[1:])
        end = end if end >= 0 else len(dims) + end
        return x.reshape(x.shape[0], *dims[:start], -1, *dims[end + 1:])
    if kind == "Scale":
        return x * np.asarray(p["scale"], dtype=np.float64)
    if kind == "SumPool2d":
        return sum_pool(x, p)
    return x


def simulate(nodes, edges, samples, steps):
    order, preds = topological(nodes, edges)
    outputs = [n for n in order if nodes[n][0] == "Output"]
    if len(outputs) != 1:
        raise ValueError(f"expected one Output node, found {len(outputs)}")
    n = samples.shape[0]
    static = {}
    state = {}
    for name in order:
        kind, p, meta = nodes[name]
        if kind in ("IF", "I"):
            shape = np.asarray(p["r"]).shape
            v0 = np.asarray(meta.get("v_initial", np.zeros(shape)), dtype=np.float64)
            state[name] = np.broadcast_to(v0, (n, *shape)).copy()
    spikes = {name: 0.0 for name in order if nodes[name][0] == "IF"}
    values = {}
    for _ in range(steps):
        for name in order:
            kind, p, meta = nodes[name]
            if name in static:
                values[name] = static[name]
                continue
            if kind == "Input":
                values[name] = static[name] = samples
                continue
            x = sum(values[q] for q in preds[name])
            if kind in LINEAR:
                values[name] = linear(kind, p, x)
                if all(q in static for q in preds[name]):
                    static[name] = values[name]
            elif kind == "I":
                state[name] += np.asarray(p["r"]) * x
                values[name] = state[name]
            else:
                v = state[name]
                v += np.asarray(p["r"]) * x
                th = np.asarray(p["v_threshold"], dtype=np.float64)
                z = v >= th if meta.get("fires_at") == "v >= v_threshold" else v > th
                if meta.get("reset") == "subtract":
                    v -= z * th
                else:
                    reset = np.asarray(p.get("v_reset", np.zeros_like(th)), dtype=np.float64)
                    v[...] = np.where(z, reset, v)
                values[name] = z.astype(np.float64)
                spikes[name] += float(z.sum())
    final = values[outputs[0]].reshape(n, -1)
    return np.argmax(final, axis=1), spikes


def to_input_layout(samples, shape):
    shape = [int(d) for d in np.atleast_1d(shape)]
    n = samples.shape[0]
    if len(shape) == 3:
        c, h, w = shape
        return samples.reshape(n, h, w, c).transpose(0, 3, 1, 2).astype(np.float64)
    return samples.reshape(n, *shape).astype(np.float64)


def summary(version, nodes, edges):
    check_types(nodes, edges)
    lines = [f"NIR {version}: {len(nodes)} nodes, {len(edges)} edges; types check"]
    for name, (kind, p, meta) in nodes.items():
        shapes = ", ".join(f"{k} {list(np.shape(v))}" for k, v in p.items())
        lines.append(f"  {name}: {kind} ({shapes}){' metadata ' + ','.join(meta) if meta else ''}")
    return "\n".join(lines)


def main(argv):
    if len(argv) == 2 and argv[1] != "--help":
        print(summary(*read_graph(argv[1])))
        return 0
    if len(argv) != 5:
        print(__doc__)
        return 2
    path, samples_path, steps, out = argv[1], argv[2], int(argv[3]), argv[4]
    version, nodes, edges = read_graph(path)
    check_types(nodes, edges)
    inputs = [name for name, (kind, _, _) in nodes.items() if kind == "Input"]
    if len(inputs) != 1:
        raise ValueError(f"expected one Input node, found {len(inputs)}")
    samples = to_input_layout(np.load(samples_path), nodes[inputs[0]][1]["shape"])
    predictions, spikes = [], {}
    batches = [samples[start:start + BATCH] for start in range(0, samples.shape[0], BATCH)]
    with multiprocessing.get_context("fork").Pool(min(len(batches), os.cpu_count() or 1)) as pool:
        results = pool.starmap(simulate, [(nodes, edges, b, steps) for b in batches])
    for pred, counts in results:
        predictions.append(pred)
        for k, v in counts.items():
            spikes[k] = spikes.get(k, 0.0) + v
    result = {"predictions": np.concatenate(predictions).astype(np.int64)}
    result.update({"spikes_" + k: np.float64(v) for k, v in spikes.items()})
    np.savez(out, **result)
    print(f"NIR {version}: {samples.shape[0]} samples, T = {steps}, spikes per IF node: "
          + ", ".join(f"{k} {int(v)}" for k, v in spikes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
