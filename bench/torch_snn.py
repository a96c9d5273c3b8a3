#!/usr/bin/env python3
"""Dense time-stepped PyTorch baseline for bench/run.sh (docs/performance.md). Not part of the product.

Runs a converted network read from its .snn file (docs/snn-format.md) the way PyTorch SNN users do on a CPU:
float32 tensors, every step conv2d / linear on the spike tensors of the previous stage, IF neurons with the
file's thresholds, biases, shifts, initial potentials, burst limit and reset, max-pool gates as gathers.
Synapse sets are turned back into what they came from: a conv2d (kernel, stride and padding recovered from the
segments, then checked against the synapses themselves on random spike vectors), a dense linear layer, or, if
neither fits, a sparse matrix. It is not bit-exact (float32 instead of 2^-24 integers); its predictions are
compared with the event engine's.

usage: torch_snn.py --snn NET.snn --dir DIR --steps 32,64,128 [--batch 100] [--threads 1]
DIR holds samples.f32, labels.i32 and pred-T.i32 written by Benchmark; torch.tsv is written there. All samples
are run, in batches; the agreement is measured on the samples the event engine ran (pred-T.i32).
"""
import argparse
import json
import os
import sys
import time
import zipfile

# "--threads N" means N threads in total: OpenMP and MKL read these before torch starts them, and left unset,
# an OpenMP thread spins beside the working one and doubles the CPU seconds counted (bench/run.sh sets them too).
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1"
os.environ.setdefault("OMP_NUM_THREADS", _threads)
os.environ.setdefault("MKL_NUM_THREADS", _threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F

ONE = float(1 << 24)


def read_snn(path):
    z = zipfile.ZipFile(path)
    net = json.loads(z.read("network.json"))

    def arr(ref):
        dtype = {"int32": "<i4", "int64": "<i8"}[ref["dtype"]]
        a = np.frombuffer(z.read(ref["entry"]), dtype=dtype)
        assert a.size == ref["length"], ref
        return a

    return net, arr


def expand(seg_start, target, length, woff):
    """Every synapse of a set: (source, target, index into weights)."""
    counts = np.diff(seg_start)
    seg_src = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    total = int(length.sum())
    seg_of = np.repeat(np.arange(len(target), dtype=np.int64), length)
    first = np.repeat(np.cumsum(length) - length, length)
    j = np.arange(total, dtype=np.int64) - first
    return seg_src[seg_of], target.astype(np.int64)[seg_of] + j, woff.astype(np.int64)[seg_of] + j


class Synapses:
    """One synapse set as a torch op on flat channels-last activity [B, n_src] -> [B, n_tgt]."""

    def __init__(self, ref, arr, src_shape, tgt_shape):
        self.src_shape, self.tgt_shape = src_shape, tgt_shape
        seg_start, target = arr(ref["segmentStart"]), arr(ref["target"])
        length, woff = arr(ref["length"]), arr(ref["weightOffset"])
        weights = arr(ref["weights"]).astype(np.float64) / ONE
        self.n_src, self.n_tgt = int(np.prod(src_shape)), int(np.prod(tgt_shape))
        src, tgt, widx = expand(seg_start, target, length, woff)
        w = weights[widx]
        self.sparse = torch.sparse_coo_tensor(torch.from_numpy(np.stack([tgt, src])), torch.from_numpy(w).float(),
                                              (self.n_tgt, self.n_src)).coalesce()
        self.kind = "sparse"
        if len(src_shape) == 3 and len(tgt_shape) == 3:
            conv = self._infer_conv(seg_start, target, length, woff, weights)
            if conv is not None:
                self.kind, (self.kernel, self.stride, self.pads) = "conv2d", conv
                if not self._matches():
                    self.kind = "sparse"
        if self.kind == "sparse" and len(w) >= 0.5 * self.n_src * self.n_tgt and self.n_src * self.n_tgt <= 5e7:
            dense = np.zeros((self.n_tgt, self.n_src), dtype=np.float64)
            np.add.at(dense, (tgt, src), w)
            self.kind, self.matrix = "linear", torch.from_numpy(dense).float().contiguous()

    def _infer_conv(self, seg_start, target, length, woff, weights):
        H, W, C = self.src_shape
        H2, W2, Co = self.tgt_shape
        if len(target) == 0 or (length != Co).any() or (target % Co != 0).any():
            return None
        src = np.repeat(np.arange(self.n_src, dtype=np.int64), np.diff(seg_start))
        y, x, c = src // C // W, (src // C) % W, src % C
        oy, ox = target // Co // W2, (target // Co) % W2
        best = None
        for sy in range(1, 5):
            for sx in range(1, 5):
                ay, ax = y - oy * sy, x - ox * sx
                pt, pl = -ay.min(), -ax.min()
                ky, kx = ay + pt, ax + pl
                KH, KW = int(ky.max()) + 1, int(kx.max()) + 1
                key = (ky * KW + kx) * C + c
                uk, inv = np.unique(key, return_inverse=True)
                off = np.empty(len(uk), dtype=np.int64)
                off[inv] = woff
                if (off[inv] != woff).any():
                    continue
                if best is None or KH * KW < best[0]:
                    best = (KH * KW, sy, sx, int(pt), int(pl), KH, KW, ky, kx)
        if best is None:
            return None
        _, sy, sx, pt, pl, KH, KW, ky, kx = best
        kernel = np.zeros((Co, C, KH, KW), dtype=np.float64)
        kernel[:, c, ky, kx] = weights[woff[:, None] + np.arange(Co)].T
        pb = (H2 - 1) * sy + KH - H - pt
        pr = (W2 - 1) * sx + KW - W - pl
        weight = torch.from_numpy(kernel).float().contiguous(memory_format=torch.channels_last)
        return weight, (sy, sx), (pl, pr, pt, pb)

    def _matches(self):
        g = torch.Generator().manual_seed(0)
        x = (torch.rand(3, self.n_src, generator=g) < 0.2).float()
        ref = torch.sparse.mm(self.sparse, x.t()).t()
        got = self(x)
        return got.shape == ref.shape and torch.allclose(got, ref, rtol=1e-4, atol=1e-4 * max(1.0, ref.abs().max().item()))

    def __call__(self, x):
        if self.kind == "conv2d":
            H, W, C = self.src_shape
            v = x.view(-1, H, W, C).permute(0, 3, 1, 2)  # NCHW view, channels_last strides: no copy
            pl, pr, pt, pb = self.pads
            if pl == pr and pt == pb:
                y = F.conv2d(v, self.kernel, stride=self.stride, padding=(pt, pl))
            else:
                y = F.conv2d(F.pad(v, (pl, pr, pt, pb)), self.kernel, stride=self.stride)
            return y.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        if self.kind == "linear":
            return F.linear(x, self.matrix)
        return torch.sparse.mm(self.sparse, x.t()).t()


class Gate:
    def __init__(self, stage, arr, src_size):
        start, members = arr(stage["windowStart"]).astype(np.int64), arr(stage["members"]).astype(np.int64)
        counts = np.diff(start)
        k = int(counts.max())
        idx = np.full((len(counts), k), src_size, dtype=np.int64)  # column src_size: a silent dummy neuron
        for j in range(k):
            has = counts > j
            idx[has, j] = members[start[:-1][has] + j]
        self.index = torch.from_numpy(idx)
        self.gating = stage["pooling"] == "GATING"
        self.src_size = src_size

    def reset(self, batch):
        if self.gating:
            self.count = torch.zeros(batch, self.src_size + 1)
            self.count[:, -1] = -1  # the dummy never wins
        else:
            self.acc = torch.zeros(batch, *self.index.shape)

    def __call__(self, s):
        s1 = torch.cat([s, torch.zeros(s.shape[0], 1)], dim=1)
        member_spikes = s1[:, self.index]
        if self.gating:
            self.count += s1
            self.count[:, -1] = -1
            winner = torch.argmax(self.count[:, self.index], dim=2, keepdim=True)  # first maximum
            return member_spikes.gather(2, winner).squeeze(2)
        self.acc += member_spikes
        o = self.acc.max(dim=2).values.clamp(min=0)
        self.acc -= o.unsqueeze(2)
        return o


class Network:
    def __init__(self, path):
        net, arr = read_snn(path)
        self.input_name = net["input"]["name"]
        self.input_scale = float(net["input"]["scale"])
        shapes = {self.input_name: tuple(net["input"]["shape"])}
        self.stages = []
        for st in net["stages"]:
            shape = tuple(st["shape"])
            shapes[st["name"]] = shape
            n = int(np.prod(shape))
            if st["kind"] == "maxPoolGate":
                self.stages.append(("gate", st["name"], st["source"], Gate(st, arr, int(np.prod(shapes[st["source"]])))))
                continue
            ch = shape[-1]
            def per_neuron(a, n=n, ch=ch):
                # per-channel arrays repeat over positions; per-neuron ones (calibrated potentials) are used as is
                values = arr(a).astype(np.float64) / ONE
                return torch.from_numpy(values if values.size == n else np.tile(values, n // ch)).float()
            inputs = [(i["source"], Synapses(i, arr, shapes[i["source"]], shape)) for i in st["inputs"]]
            model = st["model"]
            spec = {
                "bias": torch.from_numpy(arr(st["bias"]).astype(np.float64) / ONE).float() + per_neuron(st["shift"]),
                "threshold": per_neuron(st["threshold"]),
                "v0": per_neuron(st["initialPotential"]),
                "spiking": model["kind"] == "integrateAndFire",
                "gamma": model.get("maxSpikes", 1),
                "zero": model.get("reset") == "ZERO",
            }
            self.stages.append(("neurons", st["name"], inputs, spec))
        self.kinds = [f"{name}<-{src}:{syn.kind}" for kind, name, inp, _ in self.stages if kind == "neurons"
                      for src, syn in inp]

    @torch.no_grad()
    def run(self, x, steps):
        """x: [B, n_in] channels-last input; returns the prediction after the last step."""
        b = x.shape[0]
        xin = x / self.input_scale
        const, v = {}, {}
        for kind, name, inputs, spec in self.stages:
            if kind == "gate":
                spec.reset(b)
                continue
            c = spec["bias"].expand(b, -1).clone()
            for src, syn in inputs:
                if src == self.input_name:
                    c += syn(xin)
            const[name] = c
            v[name] = spec["v0"].expand(b, -1).clone() if spec["spiking"] else torch.zeros_like(c)
        out = None
        for _ in range(steps):
            s = {}
            for kind, name, inputs, spec in self.stages:
                if kind == "gate":
                    s[name] = spec(s[inputs])
                    continue
                i = const[name].clone()
                for src, syn in inputs:
                    if src != self.input_name:
                        i += syn(s[src])
                vv = v[name]
                vv += i
                if spec["spiking"]:
                    th = spec["threshold"]
                    fired = torch.floor(vv / th).clamp_(0, spec["gamma"])
                    if spec["zero"]:
                        vv.masked_fill_(fired > 0, 0)
                    else:
                        vv -= fired * th
                    s[name] = fired
                out = name
        return torch.argmax(v[out], dim=1)  # first maximum, as the engines


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--snn", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--steps", default="32,64,128")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    net = Network(a.snn)
    labels = np.fromfile(f"{a.dir}/labels.i32", dtype="<i4")
    samples = torch.from_numpy(np.fromfile(f"{a.dir}/samples.f32", dtype="<f4").reshape(len(labels), -1))
    print(f"torch: {torch.__version__}, {a.threads} thread(s) (OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}), "
          f"batch {a.batch}; ops: {', '.join(net.kinds)}",
          file=sys.stderr)
    rows = ["steps\timages_per_cpu_s\tagree_pct\taccuracy_pct\tcpu_seconds\tbatch\twall_seconds\timages"]
    net.run(samples[: min(a.batch, len(labels))], 2)  # warm-up: oneDNN picks and caches its kernels per shape
    for steps in [int(t) for t in a.steps.split(",")]:
        event = np.fromfile(f"{a.dir}/pred-{steps}.i32", dtype="<i4")
        preds = []
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(labels), a.batch):
            preds.append(net.run(samples[i:i + a.batch], steps))
        wall, seconds = time.perf_counter() - t0, time.process_time() - c0
        pred = torch.cat(preds).numpy()
        agree = 100.0 * float((pred[: len(event)] == event[: len(pred)]).mean())
        acc = 100.0 * float((pred == labels).mean())
        print(f"torch: T={steps} {len(labels)} images in {wall:.2f} s wall, {seconds:.2f} s CPU "
              f"({len(labels) / seconds:.1f} images/s), "
              f"agreement with the event engine {agree:.1f} % (on the {min(len(event), len(pred))} images it ran), "
              f"accuracy {acc:.1f} %", file=sys.stderr)
        rows.append(f"{steps}\t{len(labels) / seconds:.6f}\t{agree:.4f}\t{acc:.4f}\t{seconds:.6f}\t{a.batch}\t{wall:.6f}"
                    f"\t{len(labels)}")
    with open(f"{a.dir}/torch.tsv", "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
