package org.spkeras.sim.event;

import java.util.Arrays;
import org.spkeras.sim.Engine;
import org.spkeras.sim.InputCurrents;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * The event-driven engine: synaptic work is done only where a spike happens. A spike's fan-out is added, in
 * place and times its multiplicity, from contiguous weight rows into the target stage's synaptic input buffer
 * (32-bit where {@link EventPlan} proves it safe), by SIMD instructions where the JVM has the Vector API. Each
 * step, each neuron stage is then swept once: {@code V += c + input}, the input buffer is cleared and the
 * threshold is checked. A sweep costs one pass over a stage's neurons per step, far less than its synaptic
 * events on the networks this tool converts, and needs no per-event bookkeeping (the lazy alternative,
 * bench/java's {@code CalendarEngine}, is the benchmark's comparison point). Stages are swept in topological
 * order, so spikes reach later stages in the same step, as docs/simulation.md requires; results equal the
 * dense engine's bit for bit.
 *
 * <p>The immutable {@link EventPlan} is shared by the engines of all threads; an engine holds only the state
 * of the sample it simulates and is used by one thread at a time.
 */
public final class EventEngine implements Engine {
    private final EventPlan plan;
    private final NetworkIndex index;
    private final SimOptions options;
    private final Stage[] stages;
    private final long[][] potential;
    private final long[][] constant;
    private final int[][] input32;
    private final long[][] input64;
    private final GateWindows[] gates;
    private final SpikeTally tally;
    /** Stages after this one are not simulated (see {@link #countsUpTo}); the whole network otherwise. */
    private int lastStage;

    public EventEngine(SpikingNetwork net, SimOptions options) {
        this(new EventPlan(net, options));
    }

    public EventEngine(EventPlan plan) {
        this.plan = plan;
        this.index = plan.index;
        this.options = plan.options;
        this.tally = new SpikeTally(index, options.recordNeuronCounts());
        this.stages = plan.stages;
        int n = index.stageCount;
        potential = new long[n][];
        constant = new long[n][];
        input32 = new int[n][];
        input64 = new long[n][];
        gates = new GateWindows[n];
        for (int s = 0; s < n; s++) {
            int size = stages[s].size();
            if (stages[s] instanceof Stage.Neurons) {
                potential[s] = new long[size];
                if (plan.narrow[s]) {
                    input32[s] = new int[size];
                } else {
                    input64[s] = new long[size];
                }
            } else {
                gates[s] = new GateWindows(index, s);
            }
        }
    }

    @Override
    public SampleResult run(float[] sample, int sampleIndex) {
        return simulate(sample, sampleIndex, index.stageCount - 1);
    }

    /**
     * Spike counts of stage {@code stage} when only stages {@code 0..stage} are simulated. Stages are in
     * topological order, so later stages cannot influence it: the counts equal those of a full run, at
     * the cost of the prefix only (spike calibration measures one stage at a time).
     */
    public int[] countsUpTo(float[] sample, int sampleIndex, int stage) {
        if (!options.recordNeuronCounts()) {
            throw new IllegalStateException("countsUpTo needs SimOptions.recordNeuronCounts");
        }
        return simulate(sample, sampleIndex, stage).neuronCounts()[stage];
    }

    private SampleResult simulate(float[] sample, int sampleIndex, int lastStage) {
        this.lastStage = lastStage;
        long[] xq = InputCurrents.quantise(sample, index.net.input());
        reset(xq);
        int[] predictions = new int[options.steps()];
        for (int t = 1; t <= options.steps(); t++) {
            if (options.encoding() == SimOptions.Encoding.BERNOULLI) {
                for (int p = 0; p < xq.length; p++) {
                    if (InputCurrents.fires(options.seed(), sampleIndex, t, p, xq[p])) {
                        fanOut(0, p, 1, t);
                    }
                }
            }
            for (int s = 0; s <= lastStage; s++) {
                if (stages[s] instanceof Stage.Neurons n) {
                    if (plan.spiking[s]) {
                        sweep(s, n, t);
                    } else {
                        accumulate(s);
                    }
                } else {
                    stepGate(s, t);
                }
            }
            predictions[t - 1] = argmax(potential[index.outputStage]);
        }
        return tally.result(predictions);
    }

    private void reset(long[] xq) {
        tally.reset(options.steps());
        for (int s = 0; s < index.stageCount; s++) {
            if (stages[s] instanceof Stage.Neurons n) {
                constant[s] = index.constantCurrent(s, xq, options);
                for (int o = 0; o < n.size(); o++) {
                    potential[s][o] = plan.spiking[s] ? n.initialPotentialOf(o) : 0;
                }
                if (input32[s] != null) {
                    Arrays.fill(input32[s], 0);
                } else {
                    Arrays.fill(input64[s], 0);
                }
            } else {
                gates[s].reset();
            }
        }
    }

    /** One step of a spiking stage: {@code V += c + input}, clear the input, fire where the threshold is reached. */
    private void sweep(int s, Stage.Neurons n, int t) {
        NeuronModel.IntegrateAndFire neuron = (NeuronModel.IntegrateAndFire) n.model();
        boolean toZero = neuron.reset() == NeuronModel.Reset.ZERO;
        long gamma = neuron.maxSpikes();
        long[] threshold = n.threshold();
        int channels = threshold.length;
        long[] v = potential[s];
        long[] c = constant[s];
        int[] in32 = input32[s];
        long[] in64 = input64[s];
        for (int base = 0; base < v.length; base += channels) {
            for (int ch = 0; ch < channels; ch++) {
                int o = base + ch;
                long x;
                if (in32 != null) {
                    x = v[o] + c[o] + in32[o];
                    in32[o] = 0;
                } else {
                    x = v[o] + c[o] + in64[o];
                    in64[o] = 0;
                }
                long th = threshold[ch];
                int fired = Firing.spikes(x, th, gamma);
                if (fired > 0) {
                    v[o] = Firing.after(x, fired, th, toZero);
                    emit(s, o, fired, t);
                } else {
                    v[o] = x;
                }
            }
        }
    }

    /** One step of a non-spiking stage (the output): {@code V += c + input}. */
    private void accumulate(int s) {
        long[] v = potential[s];
        long[] c = constant[s];
        int[] in32 = input32[s];
        long[] in64 = input64[s];
        for (int o = 0; o < v.length; o++) {
            if (in32 != null) {
                v[o] += c[o] + in32[o];
                in32[o] = 0;
            } else {
                v[o] += c[o] + in64[o];
                in64[o] = 0;
            }
        }
    }

    private void emit(int s, int o, int m, int t) {
        tally.add(s, o, m, t);
        if (s < lastStage) {
            fanOut(s + 1, o, m, t);
        }
    }

    /** Applies a spike of neuron {@code p} of the source in {@code slot} (0 = input, s + 1 = stage s). */
    private void fanOut(int slot, int p, int m, int t) {
        RowAdder rows = plan.rows;
        for (EventPlan.Projection proj : plan.projections[slot]) {
            int[] tg = proj.segmentTarget();
            int[] len = proj.length();
            int[] off = proj.weightOffset();
            int[] segStart = proj.segmentStart();
            int[] acc32 = input32[proj.target()];
            long[] acc64 = input64[proj.target()];
            int[] narrow = proj.narrow();
            for (int seg = segStart[p], end = segStart[p + 1]; seg < end; seg++) {
                if (acc32 != null) {
                    rows.add(acc32, tg[seg], narrow, off[seg], len[seg], m);
                } else if (narrow != null) {
                    rows.add(acc64, tg[seg], narrow, off[seg], len[seg], (long) m);
                } else {
                    rows.add(acc64, tg[seg], proj.wide(), off[seg], len[seg], (long) m);
                }
            }
        }
        for (int g : plan.gatesFed[slot]) {
            gates[g].input(p, m, t);
        }
    }

    private void stepGate(int s, int t) {
        GateWindows g = gates[s];
        for (int k = 0, fired = g.step(t); k < fired; k++) {
            emit(s, g.firedWindow[k], g.firedCount[k], t);
        }
    }

    private static int argmax(long[] v) {
        int best = 0;
        for (int o = 1; o < v.length; o++) {
            if (v[o] > v[best]) {
                best = o;
            }
        }
        return best;
    }
}
