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
    Conv2d    PyTorch-style cross-correlation, zero padding, stride, dilation, groups = 1, + bias
    Scale     y = s * x                    Output   y = x
    IF        v += r * x; z = v > v_threshold; v = v_reset where z; y = z
    I         v += r * x; y = v
NIR has no initial state, reset by subtraction or firing at equality: where an IF node's metadata gives
`v_initial`, `reset` = "subtract" (v -= z * v_threshold) or `fires_at` = "v >= v_threshold", they are
honoured (spkeras-java writes them; docs/nir.md).
"""

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
    "IF": ["r", "v_threshold"],
    "I": ["r"],
}
LINEAR = {"Affine", "Conv2d", "Flatten", "Scale", "Output"}
BATCH = 250


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
    """x: (N, C, H, W) -> (N, O, Ho, Wo), as torch.nn.functional.conv2d with integer padding."""
    if int(np.asarray(p["groups"])) != 1:
        raise ValueError("Conv2d with groups != 1 is not simulated here")
    w = np.asarray(p["weight"], dtype=np.float64)
    (sh, sw), (ph, pw), (dh, dw) = pair(p["stride"]), pair(p["padding"]), pair(p["dilation"])
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    ho = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    xp = np.zeros((n, h + 2 * ph, wd + 2 * pw, c))
    xp[:, ph:ph + h, pw:pw + wd, :] = x.transpose(0, 2, 3, 1)
    out = np.zeros((n, ho, wo, o))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dh:i * dh + sh * (ho - 1) + 1:sh, j * dw:j * dw + sw * (wo - 1) + 1:sw, :]
            out += patch @ w[:, :, i, j].T
    return out.transpose(0, 3, 1, 2) + np.asarray(p["bias"], dtype=np.float64)[None, :, None, None]


def linear(kind, p, x):
    if kind == "Affine":
        return x @ np.asarray(p["weight"], dtype=np.float64).T + np.asarray(p["bias"], dtype=np.float64)
    if kind == "Conv2d":
        return conv2d(x, p)
    if kind == "Flatten":
        start, end = int(p["start_dim"]), int(p["end_dim"])
        dims = list(x.shape[1:])
        end = end if end >= 0 else len(dims) + end
        return x.reshape(x.shape[0], *dims[:start], -1, *dims[end + 1:])
    if kind == "Scale":
        return x * np.asarray(p["scale"], dtype=np.float64)
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
    lines = [f"NIR {version}: {len(nodes)} nodes, {len(edges)} edges"]
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
    inputs = [name for name, (kind, _, _) in nodes.items() if kind == "Input"]
    if len(inputs) != 1:
        raise ValueError(f"expected one Input node, found {len(inputs)}")
    samples = to_input_layout(np.load(samples_path), nodes[inputs[0]][1]["shape"])
    predictions, spikes = [], {}
    for start in range(0, samples.shape[0], BATCH):
        pred, counts = simulate(nodes, edges, samples[start:start + BATCH], steps)
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
