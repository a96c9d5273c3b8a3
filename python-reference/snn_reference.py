#!/usr/bin/python3
"""Independent NumPy reference of the dense spiking simulator (docs/simulation.md) and the generator of
keras-fixtures/snn-reference/.

Usage:
    /usr/bin/python3 python-reference/snn_reference.py [FIXTURES_DIR [OUT_DIR]]
        For every fixture in FIXTURES_DIR/fixtures.json (default keras-fixtures) and every option set in
        OPTION_SETS, convert the model (convert_reference.py, docs/conversion.md) with the fixture's own
        input batch as calibration data, and simulate it for T = 32 steps with analog input; write
        OUT_DIR/<fixture>__<set>.npz (default FIXTURES_DIR/snn-reference) and OUT_DIR/options.json.
        Byte-stable: same inputs, same bytes. Every conversion is self-checked first.

The simulator is the literal dense time-stepped loop of docs/simulation.md in numpy int64 (bounds that
rule out overflow are asserted). Beside it, closed_form() computes SpKeras's closed-form spike counts and
prediction at the same T (no time loop; see ClosedFormEngine's Javadoc). Neither shares code with the
Java engines.
"""

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf                                    # noqa: E402
from cost_reference import ann_macs                               # noqa: E402
from convert_reference import (FRACTION_BITS, ONE, SILENT_CHANNEL_FILL, Conversion,  # noqa: E402
                               Refused)
import weight_calibration                                         # noqa: E402

INPUT_ONE = 1 << 16
STEPS = 32
SAMPLES = 4

OPTION_SETS = {
    "ecc": dict(norm="max", percentile=None, per_channel=False, scaling="weights", theta=0.5, shift=0,
                reset="subtract", burst=1, maxpool="gate", weight_bits=0),
    "pct_burst_lipool": dict(norm="percentile", percentile=99.0, per_channel=True, scaling="weights",
                             theta=0.0, shift=4, reset="zero", burst=3, maxpool="lipool", weight_bits=0),
    "tb_avg_8bit": dict(norm="max", percentile=None, per_channel=False, scaling="thresholds", theta=0.5,
                        shift=0, reset="subtract", burst=1, maxpool="avg", weight_bits=8),
    "clip": dict(norm="clip", percentile=None, per_channel=False, scaling="weights", theta=0.5,
                 shift=0, reset="subtract", burst=1, maxpool="gate", weight_bits=0),
    "mmse": dict(norm="mmse", percentile=None, per_channel=False, scaling="weights", theta=0.5,
                 shift=0, reset="subtract", burst=1, maxpool="lipool", weight_bits=0, target_steps=8),
    "burst_norm": dict(norm="burst", percentile=99.0, per_channel=False, scaling="weights", theta=0.5,
                       shift=0, reset="subtract", burst=3, maxpool="lipool", weight_bits=0),
    "tb_shift_auto": dict(norm="max", percentile=None, per_channel=False, scaling="thresholds", theta=0.0,
                          shift=STEPS, shift_auto=True, reset="subtract", burst=1, maxpool="avg", weight_bits=0),
    "mmse_pc": dict(norm="mmse", percentile=None, per_channel=True, scaling="weights", theta=0.0,
                    shift=0, reset="subtract", burst=1, maxpool="gate", weight_bits=0, target_steps=4),
}

# Li et al.'s weight calibration (weight_calibration.py) on these fixtures, at WEIGHT_CAL_STEPS, calibrating on
# the fixture's own 4 samples; written as <fixture>__weightcal.npz.
WEIGHT_CAL_FIXTURES = ("seq_cnn", "seq_cnn_k21")
WEIGHT_CAL_STEPS = 8
WEIGHT_CAL_SET = dict(norm="max", percentile=None, per_channel=False, scaling="weights", theta=0.5, shift=0,
                      reset="subtract", burst=2, maxpool="lipool", weight_bits=0)


# ----------------------------------------------------------------------------------------------------
# Simulation (docs/simulation.md, dense engine, analog input)
# ----------------------------------------------------------------------------------------------------

def simulate(cv, steps=STEPS):
    o = cv.o
    gamma = o["burst"]
    x = cv.x.reshape(cv.x.shape[0], -1)
    nb = x.shape[0]
    xq = np.floor((x / cv.lambda0) * float(INPUT_ONE) + 0.5)
    assert np.all(np.abs(xq) < 2.0 ** 62)
    xq = xq.astype(np.int64)
    const, V, members, acc, state = {}, {}, {}, {}, {}
    for t in cv.stages[1:]:
        r = cv.role[t]
        if r == "gate":
            members[t] = cv.members(t)
            mb = members[t]
            state[t] = np.zeros((nb,) + mb.shape, dtype=np.int64) if o["maxpool"] == "lipool" \
                else np.zeros((nb, cv.size(cv.net.op(t).inputs[0])), dtype=np.int64)
            acc[t] = np.zeros((nb, cv.size(t)), dtype=np.int64)
            continue
        pr = cv.params[t]
        c = cv.channels(t)
        reps = cv.size(t) // c
        cc = np.tile(pr["bias"] + np.tile(pr["shift"], reps), (nb, 1))
        bound = float(np.abs(cc).max())
        for src, m in cv.weff[t].items():
            if src == cv.input:
                # overflow guard for the products and their sum
                lim = float((np.abs(xq).astype(np.float64) @ np.abs(m).astype(np.float64).T).max())
                assert lim < 2.0 ** 62, "input drive overflows int64"
                cc = cc + (xq @ m.T) // INPUT_ONE
            else:
                bound += gamma * float(np.abs(m).astype(np.float64).sum(axis=1).max())
        bound += float(np.abs(cc).max())
        assert (steps + 2) * bound + float(np.abs(pr["initial"]).max(initial=0)) + \
            float(pr["threshold"].max()) * gamma < 2.0 ** 62, "membrane may overflow int64"
        const[t] = cc
        V[t] = np.tile(np.tile(pr["initial"], reps), (nb, 1))
        acc[t] = np.zeros((nb, cv.size(t)), dtype=np.int64)
    out = cv.net.output
    pred = np.zeros((nb, steps), dtype=np.int64)
    for step in range(steps):
        spikes = {}
        for t in cv.stages[1:]:
            r = cv.role[t]
            if r == "gate":
                src = cv.net.op(t).inputs[0]
                sp = spikes[src]
                mb = members[t]
                mask = mb >= 0
                idx = np.where(mask, mb, 0)
                if o["maxpool"] == "lipool":
                    A = state[t] + np.where(mask[None], sp[:, idx], 0)
                    top = np.where(mask[None], A, np.iinfo(np.int64).min).max(axis=2)
                    g = np.maximum(top, 0)
                    state[t] = np.where(mask[None], A - g[:, :, None], 0)
                else:
                    state[t] = state[t] + sp
                    cnt = np.where(mask[None], state[t][:, idx], -1)
                    win = cnt.argmax(axis=2)                       # first maximum: lowest member
                    chosen = np.take_along_axis(np.broadcast_to(idx, cnt.shape), win[:, :, None], 2)[:, :, 0]
                    g = np.take_along_axis(sp, chosen, 1)
                spikes[t] = g
                acc[t] += g
                continue
            current = const[t].copy()
            for src, m in cv.weff[t].items():
                if src == cv.input:
                    continue
                sp = spikes[src]
                nz = np.nonzero(sp.any(axis=0))[0]
                if nz.size:
                    current += sp[:, nz] @ m[:, nz].T
            V[t] += current
            if r == "output":
                continue
            pr = cv.params[t]
            th = np.tile(pr["threshold"], cv.size(t) // cv.channels(t))[None, :]
            fire = V[t] >= th
            s = np.where(fire, np.minimum(gamma, np.where(fire, V[t], 0) // th), 0)
            if o["reset"] == "subtract":
                V[t] = V[t] - s * th
            else:
                V[t] = np.where(s > 0, 0, V[t])
            spikes[t] = s
            acc[t] += s
        pred[:, step] = V[out].argmax(axis=1)
    counts = {t: acc[t] for t in cv.stages[1:] if cv.role[t] != "output"}
    return counts, pred


# ----------------------------------------------------------------------------------------------------
# Closed-form spike count (SpKeras, Wu et al. 2022; no time loop)
# ----------------------------------------------------------------------------------------------------

def closed_form(cv, steps=STEPS):
    """Closed-form counts after `steps` steps: input n = max(0, (T*xq) // 2^16); per stage in topological
    order u = T*(bias + shift) + sum over sources of n_src @ w (int64, the same integer weights as the
    dense simulation); spiking stages n = min((max(0, u) + initial) // V_th, Gamma*T); gates (gating and
    LIPooling alike) n = max of the window's member counts. SpKeras's prediction is the argmax of the
    output stage's counts min((max(0, u) + initial) // V_th, T) (its own threshold and initial value); the
    accumulator prediction the argmax of its u (ties: lowest index). Returns ({stage: int64 [samples,
    neurons]} for spiking stages and gates, int64 [samples] count predictions, int64 [samples] accumulator
    predictions)."""
    gamma = cv.o["burst"]
    x = cv.x.reshape(cv.x.shape[0], -1)
    nb = x.shape[0]
    xq = np.floor((x / cv.lambda0) * float(INPUT_ONE) + 0.5)
    assert np.all(np.abs(xq) * steps < 2.0 ** 62)
    xq = xq.astype(np.int64)
    n = {cv.input: np.maximum(0, (steps * xq) // INPUT_ONE)}
    u_out = None
    for t in cv.stages[1:]:
        if cv.role[t] == "gate":
            src = n[cv.net.op(t).inputs[0]]
            mb = cv.members(t)
            n[t] = np.where((mb >= 0)[None], src[:, np.where(mb >= 0, mb, 0)], 0).max(axis=2)
            continue
        pr = cv.params[t]
        reps = cv.size(t) // cv.channels(t)
        base = steps * (pr["bias"] + np.tile(pr["shift"], reps))
        bound = np.abs(base).astype(np.float64)
        u = np.tile(base, (nb, 1))
        for src, m in cv.weff[t].items():
            bound = bound + np.abs(n[src]).astype(np.float64) @ np.abs(m).astype(np.float64).T
            u = u + n[src] @ m.T
        assert float(bound.max()) + float(np.abs(pr["initial"]).max(initial=0)) < 2.0 ** 62, \
            "closed-form potential may overflow int64"
        th = np.tile(pr["threshold"], reps)[None, :]
        init = np.tile(pr["initial"], reps)[None, :]
        if cv.role[t] == "output":
            u_out = u
            n_out = np.minimum((np.maximum(0, u) + init) // th, steps)
            continue
        n[t] = np.minimum((np.maximum(0, u) + init) // th, gamma * steps)
    counts = {t: n[t] for t in cv.stages[1:] if cv.role[t] != "output"}
    return counts, n_out.argmax(axis=1).astype(np.int64), u_out.argmax(axis=1).astype(np.int64)


# ----------------------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------------------

def run_fixture(entry, fixdir, options):
    arch = os.path.join(fixdir, entry["architecture"]) if entry["architecture"] else None
    model = rf.load(os.path.join(fixdir, entry["model"]), arch, entry["theanoKernels"])
    x = np.load(os.path.join(fixdir, entry["expected"]))["input"]
    if x.ndim == 4 and model.layout == "channels_first":
        x = x.transpose(0, 2, 3, 1)
    cv = Conversion(model, options, x)
    cv.self_check()
    counts, pred = simulate(cv)
    arrays = {"input_lambda": np.float64(cv.lambda0)}
    for t in cv.stages[1:]:
        if t in cv.lam:
            arrays["lambda__" + t] = cv.lam[t].astype(np.float64)
    for t in cv.stages[1:]:
        if t in cv.params:
            for key in ("threshold", "initial", "shift", "bias"):
                arrays["%s__%s" % (key, t)] = cv.params[t][key].astype(np.int64)
    for t in cv.stages[1:]:
        for src, m in cv.weff.get(t, {}).items():
            assert np.all(np.abs(m) < 2 ** 53)
            arrays["weff__%s__%s" % (t, src)] = m.astype(np.float64) / ONE
    for op in cv.net.ops:
        if op.kind in ("conv", "dense"):
            arrays["folded__%s__kernel" % op.name] = op.p["kernel"].astype(np.float32)
            b = op.p["bias"]
            cout = op.p["kernel"].shape[-1]
            arrays["folded__%s__bias" % op.name] = (np.zeros(cout, np.float32) if b is None
                                                     else b.astype(np.float32))
    for t, cnt in counts.items():
        arrays["spikes__" + t] = cnt.sum(axis=1).astype(np.int64)
        arrays["counts__" + t] = cnt.astype(np.int64)
    arrays["pred"] = pred
    cf_counts, cf_pred, cf_pred_acc = closed_form(cv)
    for t, cnt in cf_counts.items():
        arrays["cf_counts__" + t] = np.ascontiguousarray(cnt, dtype=np.int64)
    arrays["cf_pred"] = cf_pred
    arrays["cf_pred_accumulator"] = cf_pred_acc
    ann = cv.activity(cv.net.output).reshape(cv.x.shape[0], -1).argmax(axis=1)
    summary = {
        "stages": [{"name": t, "role": cv.role[t], "shape": [int(v) for v in cv.shapes[t]]}
                   for t in cv.stages],
        "annPrediction": [int(v) for v in ann],
        "snnPrediction": [int(v) for v in pred[:, -1]],
    }
    return arrays, summary, cv


def weight_calibration_fixture(entry, fixdir):
    """The fixture converted with WEIGHT_CAL_SET, weight-calibrated, then simulated at WEIGHT_CAL_STEPS."""
    arch = os.path.join(fixdir, entry["architecture"]) if entry["architecture"] else None
    model = rf.load(os.path.join(fixdir, entry["model"]), arch, entry["theanoKernels"])
    x = np.load(os.path.join(fixdir, entry["expected"]))["input"]
    cv = Conversion(model, WEIGHT_CAL_SET, x)
    losses = weight_calibration.calibrate(cv, WEIGHT_CAL_STEPS, simulate)
    counts, pred = simulate(cv, WEIGHT_CAL_STEPS)
    arrays = {}
    for t in cv.stages[1:]:
        for src, m in cv.weff.get(t, {}).items():
            arrays["weff__%s__%s" % (t, src)] = m.astype(np.float64) / ONE
    for t, (before, after) in losses.items():
        arrays["loss__" + t] = np.array([before, after], dtype=np.float64)
    for t, cnt in counts.items():
        arrays["counts__" + t] = cnt.astype(np.int64)
    arrays["pred"] = pred
    return arrays


def fixture_macs(entry, fixdir):
    """The fixture's ANN MACs per inference, valid taps only (cost_reference.py)."""
    arch = os.path.join(fixdir, entry["architecture"]) if entry["architecture"] else None
    model = rf.load(os.path.join(fixdir, entry["model"]), arch, entry["theanoKernels"])
    return ann_macs(model, np.load(os.path.join(fixdir, entry["expected"]))["input"])


def main(argv):
    fixdir = argv[1] if len(argv) > 1 else "keras-fixtures"
    outdir = argv[2] if len(argv) > 2 else os.path.join(fixdir, "snn-reference")
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(fixdir, "fixtures.json")) as fh:
        entries = json.load(fh)
    refused, fixtures, notes, macs = [], {}, [], {}
    for e in entries:
        macs[e["name"]] = fixture_macs(e, fixdir)
        for set_name, options in OPTION_SETS.items():
            try:
                arrays, summary, cv = run_fixture(e, fixdir, options)
            except Refused as ex:
                refused.append({"fixture": e["name"], "set": set_name, "reason": str(ex)})
                print("refused %-20s %-17s %s" % (e["name"], set_name, ex))
                continue
            path = os.path.join(outdir, "%s__%s.npz" % (e["name"], set_name))
            np.savez_compressed(path, **arrays)
            fixtures.setdefault(e["name"], {})[set_name] = summary
            for n in cv.notes:
                notes.append("%s/%s: %s" % (e["name"], set_name, n))
            for n in cv.silent:
                notes.append("%s/%s: silent %s" % (e["name"], set_name, n))
            agree = sum(a == b for a, b in zip(summary["annPrediction"], summary["snnPrediction"]))
            print("wrote   %-20s %-17s %d stages, SNN = ANN on %d/4 at t=%d"
                  % (e["name"], set_name, len(summary["stages"]), agree, STEPS))
    weight_cal = {}
    for e in entries:
        if e["name"] in WEIGHT_CAL_FIXTURES:
            arrays = weight_calibration_fixture(e, fixdir)
            np.savez_compressed(os.path.join(outdir, "%s__weightcal.npz" % e["name"]), **arrays)
            weight_cal[e["name"]] = {k[len("loss__"):]: [float(v) for v in a] for k, a in arrays.items()
                                     if k.startswith("loss__")}
            print("wrote   %-20s %-17s loss per stage (before, after): %s" % (e["name"], "weightcal",
                                                                              weight_cal[e["name"]]))
    doc = {
        "format": "one <fixture>__<set>.npz per convertible fixture and option set; see "
                  "python-reference/README.md",
        "steps": STEPS,
        "input": "analog",
        "samples": SAMPLES,
        "calibration": "the fixture's own 'input' array (all 4 samples), channels-last",
        "silentChannelFill": SILENT_CHANNEL_FILL,
        "fixedPointFractionBits": FRACTION_BITS,
        "inputFractionBits": 16,
        "sets": {k: dict({"norm": (v["norm"] if v["percentile"] is None else "%s:%s" % (v["norm"], v["percentile"])),
                     "perChannel": v["per_channel"], "scaling": v["scaling"], "theta": v["theta"],
                     "shift": "auto" if v.get("shift_auto") else v["shift"], "reset": v["reset"],
                     "neuron": "if" if v["burst"] == 1 else "burst:%d" % v["burst"],
                     "maxpool": v["maxpool"], "weightBits": v["weight_bits"]},
                     **({"calibrationSteps": v["target_steps"]} if "target_steps" in v else {}))
                 for k, v in OPTION_SETS.items()},
        "weightCalibration": {"steps": WEIGHT_CAL_STEPS, "samples": SAMPLES, "set": {
            "norm": WEIGHT_CAL_SET["norm"], "perChannel": WEIGHT_CAL_SET["per_channel"],
            "scaling": WEIGHT_CAL_SET["scaling"], "theta": WEIGHT_CAL_SET["theta"], "shift": WEIGHT_CAL_SET["shift"],
            "reset": WEIGHT_CAL_SET["reset"], "neuron": "burst:%d" % WEIGHT_CAL_SET["burst"],
            "maxpool": WEIGHT_CAL_SET["maxpool"], "weightBits": WEIGHT_CAL_SET["weight_bits"]},
            "fixtures": weight_cal},
        "refused": refused,
        "fixtures": fixtures,
        "annMacs": macs,
        "notes": notes,
    }
    with open(os.path.join(outdir, "options.json"), "w") as fh:
        json.dump(doc, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print("%d file(s) written, %d refused" % (sum(len(v) for v in fixtures.values()), len(refused)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
