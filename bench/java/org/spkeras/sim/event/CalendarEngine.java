package org.spkeras.sim.event;

import java.util.Arrays;
import org.spkeras.sim.Engine;
import org.spkeras.sim.InputCurrents;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.PotentialBounds;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * The lazy event-driven engine, kept in bench/java (not part of the product) as the benchmark's comparison
 * point for {@link EventEngine}'s threshold
 * sweep and as the base of {@link HeapQueueEngine}: a spike's fan-out is applied in place from contiguous
 * weight rows; neurons driven by a constant current (bias, analog input, shift) are brought up to date
 * lazily, {@code V + c·Δt}, and their next threshold crossing is scheduled in a {@link Calendar}. Within a
 * step, stages are processed in order, so events are handled in (step, stage, sequence) order and spikes
 * reach later stages in the same step, as docs/simulation.md requires; results equal the dense engine's bit
 * for bit.
 */
public final class CalendarEngine implements Engine {
    private final NetworkIndex index;
    private final SimOptions options;
    private final Stage[] stages;
    private final long[][] potential;
    private final long[][] constant;
    private final int[][] lastUpdate;
    private final int[][] mark;
    private final int[][] scheduledFor;
    private final int[][] runMark;
    private final int[][] runLength;
    private final IntBag[] touched;
    private final GateWindows[] gates;
    private final CrossingQueue calendar;
    /** Per source slot (0 = the input, s + 1 = stage s): the gates that source feeds. */
    private final int[][] gatesFed;
    private final int[][] neuronTargets;
    private final Synapses[][] neuronSynapses;
    private final boolean[] spikingStage;
    private final SpikeTally tally;

    public CalendarEngine(SpikingNetwork net, SimOptions options) {
        this(net, options, new Calendar(net.stages().size(), options.steps()));
    }

    /** An event engine keeping its crossings in {@code queue} (the benchmark compares queue structures). */
    CalendarEngine(SpikingNetwork net, SimOptions options, CrossingQueue queue) {
        PotentialBounds.of(net, options.steps()).requireWithinLimit();
        this.index = new NetworkIndex(net);
        this.options = options;
        this.tally = new SpikeTally(index, options.recordNeuronCounts());
        int n = index.stageCount;
        stages = net.stages().toArray(Stage[]::new);
        potential = new long[n][];
        constant = new long[n][];
        lastUpdate = new int[n][];
        mark = new int[n][];
        scheduledFor = new int[n][];
        runMark = new int[n][];
        runLength = new int[n][];
        touched = new IntBag[n];
        gates = new GateWindows[n];
        for (int s = 0; s < n; s++) {
            int size = stages[s].size();
            touched[s] = new IntBag();
            mark[s] = new int[size];
            if (stages[s] instanceof Stage.Neurons) {
                potential[s] = new long[size];
                lastUpdate[s] = new int[size];
                scheduledFor[s] = new int[size];
                runMark[s] = new int[size];
                runLength[s] = new int[size];
            } else {
                gates[s] = new GateWindows(index, s);
            }
        }
        calendar = queue;
        gatesFed = new int[n + 1][];
        neuronTargets = new int[n + 1][];
        neuronSynapses = new Synapses[n + 1][];
        spikingStage = new boolean[n];
        for (int s = 0; s < n; s++) {
            spikingStage[s] = stages[s] instanceof Stage.Neurons neurons && neurons.spiking();
        }
        for (int slot = 0; slot <= n; slot++) {
            java.util.List<NetworkIndex.Outgoing> out = (slot == 0 ? index.fromInput : index.outgoing.get(slot - 1)).stream()
                    .filter(o -> stages[o.target()] instanceof Stage.Neurons).toList();
            neuronTargets[slot] = out.stream().mapToInt(NetworkIndex.Outgoing::target).toArray();
            neuronSynapses[slot] = out.stream().map(NetworkIndex.Outgoing::synapses).toArray(Synapses[]::new);
            final int src = slot - 1;
            gatesFed[slot] = java.util.stream.IntStream.range(0, n)
                    .filter(g -> stages[g] instanceof Stage.MaxPoolGate && index.inputSources[g][0] == src).toArray();
        }
    }

    @Override
    public SampleResult run(float[] sample, int sampleIndex) {
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
            for (int s = 0; s < index.stageCount; s++) {
                if (stages[s] instanceof Stage.Neurons n) {
                    if (n.spiking()) {
                        stepNeurons(s, n, t);
                    }
                } else {
                    stepGate(s, t);
                }
            }
            predictions[t - 1] = prediction(t);
        }
        return tally.result(predictions);
    }

    private void reset(long[] xq) {
        calendar.clear();
        tally.reset(options.steps());
        for (int s = 0; s < index.stageCount; s++) {
            touched[s].clear();
            Arrays.fill(mark[s], 0);
            if (stages[s] instanceof Stage.Neurons n) {
                constant[s] = index.constantCurrent(s, xq, options);
                Arrays.fill(lastUpdate[s], 0);
                Arrays.fill(scheduledFor[s], 0);
                Arrays.fill(runMark[s], 0);
                int channels = n.shape().channels();
                for (int o = 0; o < n.size(); o++) {
                    potential[s][o] = n.spiking() ? n.initialPotentialOf(o) : 0;
                    if (n.spiking()) {
                        schedule(s, o, 0, n.threshold()[o % channels]);
                    }
                }
            } else {
                gates[s].reset();
            }
        }
    }

    /** Predicts the first step after {@code t} at which the neuron crosses threshold on its constant current alone. */
    private void schedule(int s, int o, int t, long threshold) {
        long v = potential[s][o];
        long c = constant[s][o];
        long gap = threshold - v;
        int left = options.steps() - t;
        if (left < 1) {
            scheduledFor[s][o] = 0;
            return;
        }
        if (c >= gap) {
            scheduledFor[s][o] = t + 1;
            calendar.schedule(s, t + 1, o);
            return;
        }
        if (c <= 0 || gap > c * left) {
            scheduledFor[s][o] = 0;
            return;
        }
        int k = (int) ((gap - 1) / c + 1);
        scheduledFor[s][o] = t + k;
        calendar.schedule(s, t + k, o);
    }

    private void stepNeurons(int s, Stage.Neurons n, int t) {
        IntBag due = calendar.due(s, t);
        if (due != null) {
            for (int i = 0; i < due.size; i++) {
                int o = due.items[i];
                if (scheduledFor[s][o] == t) {
                    touchRun(s, o, 1, t);
                }
            }
            due.clear();
        }
        NeuronModel.IntegrateAndFire neuron = (NeuronModel.IntegrateAndFire) n.model();
        boolean toZero = neuron.reset() == NeuronModel.Reset.ZERO;
        int channels = n.shape().channels();
        long[] v = potential[s];
        long[] c = constant[s];
        int[] last = lastUpdate[s];
        int[] marks = mark[s];
        int[] lengths = runLength[s];
        IntBag runs = touched[s];
        for (int i = 0; i < runs.size; i++) {
            int base = runs.items[i];
            for (int o = base, stop = base + lengths[base]; o < stop; o++) {
                if (marks[o] == t) {
                    continue;
                }
                marks[o] = t;
                v[o] += c[o] * (t - last[o]);
                last[o] = t;
                long th = n.threshold()[o % channels];
                int fired = Firing.spikes(v[o], th, neuron.maxSpikes());
                if (fired > 0) {
                    v[o] = Firing.after(v[o], fired, th, toZero);
                    emit(s, o, fired, t);
                }
                schedule(s, o, t, th);
            }
        }
        runs.clear();
    }

    private void emit(int s, int o, int m, int t) {
        tally.add(s, o, m, t);
        fanOut(s + 1, o, m, t);
    }

    /** Applies a spike of neuron {@code p} of the source in {@code slot} (0 = input, s + 1 = stage s). */
    private void fanOut(int slot, int p, int m, int t) {
        int[] targets = neuronTargets[slot];
        Synapses[] synapses = neuronSynapses[slot];
        for (int k = 0; k < targets.length; k++) {
            applySynapses(targets[k], synapses[k], p, m, t);
        }
        for (int g : gatesFed[slot]) {
            gates[g].input(p, m, t);
        }
    }

    private void applySynapses(int target, Synapses syn, int p, int m, int t) {
        long[] v = potential[target];
        boolean spiking = spikingStage[target];
        int[] tg = syn.target();
        int[] len = syn.length();
        int[] off = syn.weightOffset();
        long[] w = syn.weights();
        int[] segStart = syn.segmentStart();
        for (int seg = segStart[p], end = segStart[p + 1]; seg < end; seg++) {
            int base = tg[seg];
            int n = len[seg];
            int wb = off[seg];
            for (int j = 0; j < n; j++) {
                v[base + j] += m * w[wb + j];
            }
            if (spiking) {
                touchRun(target, base, n, t);
            }
        }
    }

    /** Records that neurons {@code base .. base+n-1} of a stage must be checked at step t (one entry per run start). */
    private void touchRun(int s, int base, int n, int t) {
        if (runMark[s][base] != t) {
            runMark[s][base] = t;
            runLength[s][base] = n;
            touched[s].add(base);
        } else if (n > runLength[s][base]) {
            runLength[s][base] = n;
        }
    }

    private void stepGate(int s, int t) {
        GateWindows g = gates[s];
        for (int k = 0, fired = g.step(t); k < fired; k++) {
            emit(s, g.firedWindow[k], g.firedCount[k], t);
        }
    }

    /** Crossings scheduled so far by this engine (all samples). */
    long queueInsertions() {
        return calendar.insertions();
    }

    private int prediction(int t) {
        int out = index.outputStage;
        long[] v = potential[out];
        long[] c = constant[out];
        int best = 0;
        long bestValue = Long.MIN_VALUE;
        for (int o = 0; o < v.length; o++) {
            long value = v[o] + c[o] * t;
            if (value > bestValue) {
                bestValue = value;
                best = o;
            }
        }
        return best;
    }
}
