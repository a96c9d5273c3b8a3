#!/usr/bin/python3
"""Independent NumPy reference of temporal (time-to-first-spike, TTFS) coding as docs/temporal.md defines it,
and the generator of the TTFS files in keras-fixtures/snn-reference/.

Usage:
    /usr/bin/python3 python-reference/ttfs_reference.py [FIXTURES_DIR [OUT_DIR]]
        For every fixture in FIXTURES_DIR/fixtures.json (default keras-fixtures) and every option set in
        TTFS_SETS, convert the model (convert_reference.py with weight normalisation, theta 0, no shift, max
        pooling as first-spike gates; the fixture's own input batch is calibration and evaluation data) and
        run it at every K in KS; write OUT_DIR/<fixture>__<set>.npz (default FIXTURES_DIR/snn-reference) and
        OUT_DIR/ttfs.json (the index: sets, K values, stages, refusals). Byte-stable.
    /usr/bin/python3 python-reference/ttfs_reference.py --self-test [FIXTURES_DIR]
        Checks, on every fixture and set: (1) the literal tick-by-tick simulation (simulate()) equals the
        closed form (closed_form()) in every spike tick, V_end, prediction and first-spike decision for the K in
        LITERAL_KS; (2) at K = 65536 the predictions of the sets with max normalisation and full-precision
        weights equal the float64 ANN's (reference_forward.py) on every sample.

Written from docs/temporal.md only; it shares no code with the Java converter or engines. Both computations
below follow the document's rules; the closed form is the document's theorem, the simulation its definition.

Semantics in short (docs/temporal.md): window index d = 0 for the input, the source's for a first-spike gate,
1 + max over the sources for a neuron stage and the output; window d covers global ticks [d*K, (d+1)*K); a
synapse set from d_src into d has delay (d - 1 - d_src)*K. Input: xq = floor(x/lambda0 * 2^16 + 1/2),
q = sign(xq)*min(K, floor(|xq|*K / 2^16)), one spike of sign sign(q) at tick K - |q| if q != 0. A neuron
integrates during window d-1: S += sum sigma*W of the spikes arriving, then V += S + B, every tick; in window d,
not yet fired: fires if V >= K*ONE, else V += ONE. Closed form: V_end = B*K + sum sigma*W*(K - l) (l the
source spike's local tick), spike at local tick s = K - min(K, floor(V_end/ONE)) if floor(V_end/ONE) >= 1.
A gate passes the first spike of its window. Output: prediction argmax V_end (ties: lowest index); the
first-spike decision is the output that would fire first (largest min(K, floor(V_end/ONE)) >= 1, ties: lowest
index) and its global tick.
"""

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_reference                                          # noqa: E402
import reference_forward as rf                                    # noqa: E402
from convert_reference import ONE, Conversion, Refused            # noqa: E402

INPUT_ONE = 1 << 16
KS = (1, 4, 16, 256, 65536)
LITERAL_KS = (1, 4, 16)           # the self-test's tick-by-tick runs (K = 256 as well with --literal-256)
MAX_K = 1 << 20
BOUND = 2 ** 62

# The output stage has one lambda (the largest |logit| of the layer) also under per_channel (convert_reference.py,
# docs/conversion.md step 5, docs/temporal.md), so that argmax V_end is the ANN's argmax.
_COMMON = dict(percentile=None, scaling="weights", theta=0.0, shift=0, reset="subtract", burst=1,
               maxpool="gate", weight_bits=0)
TTFS_SETS = {
    "ttfs": dict(_COMMON, norm="max", per_channel=False),
    "ttfs_pc": dict(_COMMON, norm="max", per_channel=True),
    "ttfs_pct_8bit": dict(_COMMON, norm="percentile", percentile=99.0, per_channel=False, weight_bits=8),
    "ttfs_clip": dict(_COMMON, norm="clip", per_channel=False),
}
# Sets whose K = 65536 predictions must equal the float ANN's on the fixtures' own samples (lambda = the
# calibration maximum of these very samples, or the ReLUs' own trained clip, clips nothing; full-precision weights).
ANN_EXACT_SETS = ("ttfs", "ttfs_pc", "ttfs_clip")


class TtfsRefused(Exception):
    """A (network, K) pair the document's bound refuses."""


# ----------------------------------------------------------------------------------------------------
# The TTFS network: stages, window indices, integer weights and biases, gate windows
# ----------------------------------------------------------------------------------------------------

class TtfsNet:
    """The converted network as the TTFS semantics sees it (built from a convert_reference.Conversion)."""

    def __init__(self, cv):
        self.cv = cv
        self.stages = list(cv.stages)
        self.input = cv.input
        self.output = [t for t in self.stages if cv.role[t] == "output"]
        assert len(self.output) == 1
        self.output = self.output[0]
        self.role = {t: cv.role[t] for t in self.stages}
        self.size = {t: cv.size(t) for t in self.stages}
        self.depth = {}
        self.sources = {}          # neuron stage -> [(source, int64 W [n_t, n_src], delay in windows)]
        self.bias = {}
        self.gate_source = {}
        self.members = {}          # gate -> int64 [outputs, members], -1 padding
        for t in self.stages:
            r = self.role[t]
            if r == "input":
                self.depth[t] = 0
            elif r == "gate":
                src = cv.net.op(t).inputs[0]
                self.gate_source[t] = src
                self.members[t] = cv.members(t)
                self.depth[t] = self.depth[src]
            else:
                srcs = list(cv.weff[t].items())
                assert srcs, "stage %s has no synapses" % t
                d = 1 + max(self.depth[s] for s, _ in srcs)
                self.depth[t] = d
                self.sources[t] = [(s, m, d - 1 - self.depth[s]) for s, m in srcs]
                self.bias[t] = cv.params[t]["bias"].astype(np.int64)
                assert self.bias[t].shape == (self.size[t],)
        self.d_out = self.depth[self.output]

    def check_bound(self, k):
        """docs/temporal.md "Overflow bound": per neuron stage A = max_o (sum |W| + |B|), refuse K*(A + ONE) > 2^62;
        1 <= K <= 2^20 and (d_out + 1)*K < 2^31."""
        if not 1 <= k <= MAX_K:
            raise TtfsRefused("K = %d outside 1..2^20" % k)
        if (self.d_out + 1) * k >= 2 ** 31:
            raise TtfsRefused("(d_out + 1)*K = %d ticks >= 2^31" % ((self.d_out + 1) * k))
        for t, srcs in self.sources.items():
            a = np.abs(self.bias[t]).astype(object)
            for _, m, _ in srcs:
                a = a + np.abs(m).sum(axis=1).astype(object)
            big = int(max(a))
            if k * (big + ONE) > BOUND:
                raise TtfsRefused("stage '%s': K*(A + ONE) = %d > 2^62" % (t, k * (big + ONE)))

    def fanout(self):
        """Per stage (input, neuron stages, gates; not the output) the fan-out of each neuron: the number of
        stored weights leaving it (every route a weight of its own, as convert_reference.emit() forms them,
        weights that round to 0 included) plus, per gate it feeds, the number of that gate's windows that list
        it. Counted by running the converter's route emission with every weight replaced by 1."""
        cv = self.cv
        counts = {t: np.zeros(self.size[t], dtype=np.int64) for t in self.stages if t != self.output}
        real_fixed = convert_reference.fixed
        convert_reference.fixed = lambda x: np.ones(np.shape(x), dtype=np.int64)
        try:
            for t in self.sources:
                c = cv.channels(t)
                lam = cv.lam_of(t)
                s = 1.0 / lam if cv.o["scaling"] == "weights" else np.ones(c)
                for path in cv.paths_into(t):
                    m = np.zeros((self.size[t], self.size[path.source]), dtype=np.int64)
                    cv.emit(path, t, s, m)
                    counts[path.source] += m.sum(axis=0)
        finally:
            convert_reference.fixed = real_fixed
        for g, mb in self.members.items():
            counts[self.gate_source[g]] += np.bincount(mb[mb >= 0], minlength=self.size[self.gate_source[g]])
        return counts


def input_q(cv, k):
    """Signed q per input value: sign(xq) * min(K, floor(|xq|*K / 2^16)), xq = floor(x/lambda0 * 2^16 + 1/2)."""
    x = cv.x.reshape(cv.x.shape[0], -1)
    xq = np.floor((x / cv.lambda0) * float(INPUT_ONE) + 0.5)
    if not np.all(np.abs(xq) <= 1024 * INPUT_ONE):
        raise TtfsRefused("analog input outside |x/lambda0| <= 1024")
    xq = xq.astype(np.int64)
    return np.sign(xq) * np.minimum(k, (np.abs(xq) * k) // INPUT_ONE)


def _decide(v_end, k, d_out):
    """Prediction, first-spike decision and its global tick from the output's V_end (closed form)."""
    pred = v_end.argmax(axis=1).astype(np.int64)
    level = np.minimum(k, v_end // ONE)                  # floor division
    best = level.argmax(axis=1)                          # first maximum: lowest index
    top = level[np.arange(level.shape[0]), best]
    first = np.where(top >= 1, best, -1).astype(np.int64)
    latency = np.where(top >= 1, d_out * k + (k - top), -1).astype(np.int64)
    return pred, first, latency


# ----------------------------------------------------------------------------------------------------
# Closed form (docs/temporal.md "Closed form")
# ----------------------------------------------------------------------------------------------------

def closed_form(net, q, k):
    """Returns (ticks {stage: int64 [N, size], -1 none; not the output}, v_end int64 [N, out], pred, first,
    latency)."""
    net.check_bound(k)
    nb = q.shape[0]
    tick = {net.input: np.where(q != 0, k - np.abs(q), -1).astype(np.int64)}
    value = {net.input: q.astype(np.int64)}              # sigma * (K - l) per neuron, 0 if silent
    v_end = None
    for t in net.stages[1:]:
        d = net.depth[t]
        if net.role[t] == "gate":
            src = tick[net.gate_source[t]]
            mb = net.members[t]
            big = np.iinfo(np.int64).max
            cand = np.where((mb >= 0)[None], src[:, np.where(mb >= 0, mb, 0)], -1)
            cand = np.where(cand >= 0, cand, big).min(axis=2)
            tick[t] = np.where(cand == big, -1, cand).astype(np.int64)
            value[t] = np.where(tick[t] >= 0, k - (tick[t] - d * k), 0).astype(np.int64)
            continue
        v = np.tile(net.bias[t] * k, (nb, 1))
        bound = np.abs(v).astype(np.float64)
        for s, m, _ in net.sources[t]:
            val = value[s]
            bound = bound + np.abs(val).astype(np.float64) @ np.abs(m).astype(np.float64).T
            v = v + val @ m.T                             # int64, exact (bounded below)
        assert float(bound.max()) + k * ONE < 2.0 ** 62, "V_end may overflow int64"
        if t == net.output:
            v_end = v
            continue
        level = np.minimum(k, v // ONE)
        tick[t] = np.where(level >= 1, d * k + (k - level), -1).astype(np.int64)
        value[t] = np.where(level >= 1, level, 0).astype(np.int64)
    pred, first, latency = _decide(v_end, k, net.d_out)
    return tick, v_end, pred, first, latency


# ----------------------------------------------------------------------------------------------------
# The literal semantics, one tick per step (docs/temporal.md "The semantics")
# ----------------------------------------------------------------------------------------------------

def simulate(net, q, k):
    """Tick by tick over tau = 0 .. (d_out + 1)*K - 1, stages in order. Returns the same tuple as
    closed_form(); V_end is the output's potential at the end of its input window, and the first-spike
    decision is the output neuron that crosses first in its own window (ties: lowest index)."""
    net.check_bound(k)
    nb = q.shape[0]
    sigma_in = np.sign(q).astype(np.int64)
    in_tick = np.where(q != 0, k - np.abs(q), -1).astype(np.int64)
    tick = {t: np.full((nb, net.size[t]), -1, dtype=np.int64) for t in net.stages}
    sign = {t: np.ones((nb, net.size[t]), dtype=np.int64) for t in net.stages}
    sign[net.input] = sigma_in
    V = {t: np.zeros((nb, net.size[t]), dtype=np.int64) for t in net.sources}
    S = {t: np.zeros((nb, net.size[t]), dtype=np.int64) for t in net.sources}
    v_end = None
    out_tick = np.full((nb, net.size[net.output]), -1, dtype=np.int64)
    for tau in range((net.d_out + 1) * k):
        fired_now = {}
        now = in_tick == tau
        tick[net.input][now] = tau
        fired_now[net.input] = now
        for t in net.stages[1:]:
            d = net.depth[t]
            if net.role[t] == "gate":
                src_now = fired_now[net.gate_source[t]]
                mb = net.members[t]
                hit = np.where((mb >= 0)[None], src_now[:, np.where(mb >= 0, mb, 0)], False).any(axis=2)
                fire = hit & (tick[t] < 0)
                tick[t][fire] = tau
                fired_now[t] = fire
                continue
            fired_now[t] = np.zeros((nb, net.size[t]), dtype=bool)
            if (d - 1) * k <= tau < d * k:
                for s, m, delay in net.sources[t]:
                    arriving = tick[s] == tau - delay * k
                    arriving &= tick[s] >= 0
                    if arriving.any():
                        S[t] += np.where(arriving, sign[s], 0) @ m.T
                V[t] += S[t] + net.bias[t][None, :]
                if tau == d * k - 1 and t == net.output:
                    v_end = V[t].copy()
            elif d * k <= tau < (d + 1) * k:
                if t == net.output:
                    fire = (out_tick < 0) & (V[t] >= k * ONE)
                    out_tick[fire] = tau
                    V[t] = np.where((out_tick < 0), V[t] + ONE, V[t])
                    continue
                fire = (tick[t] < 0) & (V[t] >= k * ONE)
                tick[t][fire] = tau
                fired_now[t] = fire
                V[t] = np.where(tick[t] < 0, V[t] + ONE, V[t])
    for t, srcs in net.sources.items():               # every spike arrived inside its target's input window
        for s, _, delay in srcs:
            arrive = tick[s][tick[s] >= 0] + delay * k
            assert np.all((arrive >= (net.depth[t] - 1) * k) & (arrive < net.depth[t] * k)), (s, t)
    pred = v_end.argmax(axis=1).astype(np.int64)
    big = np.iinfo(np.int64).max
    ot = np.where(out_tick >= 0, out_tick, big)
    first = np.where(ot.min(axis=1) < big, ot.argmin(axis=1), -1).astype(np.int64)
    latency = np.where(first >= 0, ot.min(axis=1), -1).astype(np.int64)
    ticks = {t: tick[t] for t in net.stages if t != net.output}
    return ticks, v_end, pred, first, latency


# ----------------------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------------------

def load_fixture(entry, fixdir):
    arch = os.path.join(fixdir, entry["architecture"]) if entry["architecture"] else None
    model = rf.load(os.path.join(fixdir, entry["model"]), arch, entry["theanoKernels"])
    x = np.load(os.path.join(fixdir, entry["expected"]))["input"]
    return model, x


def convert(model, x, options):
    x_cl = x.transpose(0, 2, 3, 1) if (x.ndim == 4 and model.layout == "channels_first") else x
    cv = Conversion(model, options, x_cl)
    cv.self_check()
    return TtfsNet(cv)


def ann_prediction(model, x):
    """argmax of the float64 ANN's output (reference_forward.py; softmax does not change it)."""
    out = model.run(x)[model.output_names[0]]
    return out.reshape(out.shape[0], -1).argmax(axis=1)


def run_fixture(net):
    cv = net.cv
    arrays = {"ks": np.array(KS, dtype=np.int64), "input_lambda": np.float64(cv.lambda0)}
    for t in net.stages[1:]:
        if t in cv.lam:
            arrays["lambda__" + t] = cv.lam[t].astype(np.float64)
    for t in net.stages:
        if t in net.bias:
            arrays["bias__" + t] = net.bias[t]
    for t in net.stages:
        arrays["depth__" + t] = np.int64(net.depth[t])
    fan = net.fanout()
    summary = {}
    for k in KS:
        q = input_q(cv, k)
        ticks, v_end, pred, first, latency = closed_form(net, q, k)
        key = "K%d" % k
        arrays["inq__" + key] = q.astype(np.int64)
        synops = np.zeros(q.shape[0], dtype=np.int64)
        for t, tk in ticks.items():
            arrays["tick__%s__%s" % (t, key)] = tk
            arrays["spikes__%s__%s" % (t, key)] = (tk >= 0).sum(axis=1).astype(np.int64)
            synops += np.where(tk >= 0, fan[t][None, :], 0).sum(axis=1)
        arrays["vend__" + key] = v_end
        arrays["pred__" + key] = pred
        arrays["first__" + key] = first
        arrays["latency__" + key] = latency
        arrays["synops__" + key] = synops
        summary[key] = {"pred": [int(v) for v in pred], "first": [int(v) for v in first],
                        "spikesPerNeuron": {t: float((tk >= 0).mean()) for t, tk in ticks.items()}}
    return arrays, summary


def main(argv):
    fixdir = argv[1] if len(argv) > 1 else "keras-fixtures"
    outdir = argv[2] if len(argv) > 2 else os.path.join(fixdir, "snn-reference")
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(fixdir, "fixtures.json")) as fh:
        entries = json.load(fh)
    refused, fixtures = [], {}
    for e in entries:
        model, x = load_fixture(e, fixdir)
        ann = ann_prediction(model, x)
        for set_name, options in TTFS_SETS.items():
            try:
                net = convert(model, x, options)
            except Refused as ex:
                refused.append({"fixture": e["name"], "set": set_name, "reason": str(ex)})
                print("refused %-20s %-14s %s" % (e["name"], set_name, ex))
                continue
            arrays, summary = run_fixture(net)
            np.savez_compressed(os.path.join(outdir, "%s__%s.npz" % (e["name"], set_name)),
                                **{key: np.ascontiguousarray(v) for key, v in arrays.items()})
            fixtures.setdefault(e["name"], {})[set_name] = {
                "stages": [{"name": t, "role": net.role[t], "depth": int(net.depth[t]),
                            "shape": [int(v) for v in net.cv.shapes[t]]} for t in net.stages],
                "annPrediction": [int(v) for v in ann],
                "results": summary,
            }
            agree = int((np.array(summary["K65536"]["pred"]) == ann).sum())
            print("wrote   %-20s %-14s %d stages, output window %d, TTFS = ANN on %d/%d at K = 65536"
                  % (e["name"], set_name, len(net.stages), net.d_out, agree, len(ann)))
    doc = {
        "format": "one <fixture>__<set>.npz per convertible fixture and TTFS option set; keys in "
                  "docs/temporal.md (Reference files) and python-reference/README.md",
        "ks": list(KS),
        "samples": 4,
        "input": "analog, first-spike times",
        "calibration": "the fixture's own 'input' array (all 4 samples), channels-last",
        "sets": {k: {"norm": v["norm"] if v["percentile"] is None else "%s:%s" % (v["norm"], v["percentile"]),
                     "perChannel": v["per_channel"], "outputLambda": "one per layer",
                     "weightBits": v["weight_bits"]}
                 for k, v in TTFS_SETS.items()},
        "refused": refused,
        "fixtures": fixtures,
    }
    with open(os.path.join(outdir, "ttfs.json"), "w") as fh:
        json.dump(doc, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print("%d TTFS file(s) written, %d refused" % (sum(len(v) for v in fixtures.values()), len(refused)))
    return 0


def self_test(fixdir, literal_ks):
    with open(os.path.join(fixdir, "fixtures.json")) as fh:
        entries = json.load(fh)
    failures = 0
    for e in entries:
        model, x = load_fixture(e, fixdir)
        ann = ann_prediction(model, x)
        for set_name, options in TTFS_SETS.items():
            try:
                net = convert(model, x, options)
            except Refused:
                continue
            problems = []
            for k in literal_ks:
                q = input_q(net.cv, k)
                a = closed_form(net, q, k)
                b = simulate(net, q, k)
                for t in a[0]:
                    if not np.array_equal(a[0][t], b[0][t]):
                        problems.append("K=%d stage %s: ticks differ at %d neuron(s)"
                                        % (k, t, int((a[0][t] != b[0][t]).sum())))
                for name, u, w in zip(("V_end", "prediction", "first spike", "latency"), a[1:], b[1:]):
                    if not np.array_equal(u, w):
                        problems.append("K=%d %s: closed form %s, simulation %s" % (k, name, u.tolist(), w.tolist()))
            pred65536 = closed_form(net, input_q(net.cv, 65536), 65536)[2]
            exact = set_name in ANN_EXACT_SETS
            if exact and not np.array_equal(pred65536, ann):
                problems.append("K=65536 predictions %s, float ANN %s" % (pred65536.tolist(), ann.tolist()))
            if problems:
                failures += 1
                print("FAIL %-20s %-14s %s" % (e["name"], set_name, "; ".join(problems)))
            else:
                print("ok   %-20s %-14s literal = closed form at K = %s; K = 65536 predictions %s ANN (%d/4)"
                      % (e["name"], set_name, ",".join(str(k) for k in literal_ks),
                         "=" if exact else "vs", int((pred65536 == ann).sum())))
    print("TTFS self-test: %d failure(s)" % failures)
    return failures == 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        args = [a for a in sys.argv[2:] if not a.startswith("--")]
        ks = LITERAL_KS + ((256,) if "--literal-256" in sys.argv else ())
        sys.exit(0 if self_test(args[0] if args else "keras-fixtures", ks) else 1)
    sys.exit(main(sys.argv))
