package org.spkeras.sim.closedform;

import java.util.Arrays;
import org.spkeras.sim.Engine;
import org.spkeras.sim.InputCurrents;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.PotentialBounds;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * SpKeras's closed-form spike count (Wu et al. 2022; anchors.md §1.1), no time loop: input counts
 * {@code ⌊T·x/λ0⌋}, then stage by stage {@code u = T·(b + shift) + Σ w·n_in} and
 * {@code n = clip(⌊(max(0, u) + θ·V_th)/V_th⌋, 0, Γ·T)}; a max-pooling gate passes the largest count of its
 * window. The prediction is, as in SpKeras (anchors.md §1.6), the argmax of the output's clipped, floored counts
 * {@code n = clip(⌊(max(0, u) + θ_out)/V_th⌋, 0, T)} with the output stage's own threshold and initial potential
 * ({@link OutputRule#COUNTS}, ties to the lowest index): the converter scales the output by λ_out = the largest
 * logit and starts it at θ, so this is SpKeras's {@code clip(⌊u/λ_out + θ⌋, 0, T)} on the last Dense (.snn files
 * written before this rule kept λ_out = max |logit| and θ_out = 0; reconvert them). Or the argmax of the raw {@code u}
 * ({@link OutputRule#ACCUMULATOR}, what the simulating engines decode). It is exact for a neuron with constant input
 * and differs from the simulated dynamics otherwise, which is why SpKeras's numbers are reported beside the
 * event engine's rather than instead of them. It is computed only for the requested budgets.
 */
public final class ClosedFormEngine implements Engine {
    /** How the output stage's accumulated value becomes a prediction. */
    public enum OutputRule { COUNTS, ACCUMULATOR }

    private final NetworkIndex index;
    private final SimOptions options;
    private final int[] budgets;
    private final OutputRule outputRule;

    public ClosedFormEngine(SpikingNetwork net, SimOptions options, int[] budgets) {
        this(net, options, budgets, OutputRule.COUNTS);
    }

    public ClosedFormEngine(SpikingNetwork net, SimOptions options, int[] budgets, OutputRule outputRule) {
        PotentialBounds.of(net, options.steps()).requireWithinLimit();
        this.outputRule = outputRule;
        this.index = new NetworkIndex(net);
        this.options = options;
        this.budgets = budgets.clone();
        for (int t : budgets) {
            if (t < 1 || t > options.steps()) {
                throw new IllegalArgumentException("budget " + t + " outside 1.." + options.steps());
            }
        }
    }

    @Override
    public SampleResult run(float[] sample, int sampleIndex) {
        long[] xq = InputCurrents.quantise(sample, index.net.input());
        int[] predictions = new int[options.steps()];
        Arrays.fill(predictions, -1);
        long[] events = new long[options.steps()];
        long[] stageSpikes = new long[index.stageCount];
        int[][] neuronCounts = null;
        long previousEvents = 0;
        int[] sorted = budgets.clone();
        Arrays.sort(sorted);
        for (int t : sorted) {
            long[][] counts = counts(xq, t);
            long[] out = outputRule == OutputRule.COUNTS ? outputCounts(counts[index.outputStage], t)
                    : counts[index.outputStage];
            int best = 0;
            for (int o = 1; o < out.length; o++) {
                if (out[o] > out[best]) {
                    best = o;
                }
            }
            predictions[t - 1] = best;
            long total = 0;
            for (int s = 0; s < index.stageCount; s++) {
                if (s == index.outputStage) {
                    continue;
                }
                for (int o = 0; o < counts[s].length; o++) {
                    total += counts[s][o] * index.fanOut[s][o];
                }
            }
            events[t - 1] = total - previousEvents;
            previousEvents = total;
            if (t == sorted[sorted.length - 1]) {
                neuronCounts = options.recordNeuronCounts() ? new int[index.stageCount][] : null;
                for (int s = 0; s < index.stageCount; s++) {
                    if (s != index.outputStage) {
                        stageSpikes[s] = Arrays.stream(counts[s]).sum();
                    }
                    if (neuronCounts != null) {
                        neuronCounts[s] = s == index.outputStage ? new int[counts[s].length]
                                : Arrays.stream(counts[s]).mapToInt(v -> (int) v).toArray();
                    }
                }
            }
        }
        return new SampleResult(predictions, stageSpikes, events, neuronCounts);
    }

    /** Spike counts per stage after {@code t} steps (for the output stage: the accumulated value u). */
    private long[][] counts(long[] xq, int t) {
        SpikingNetwork net = index.net;
        long[] input = new long[xq.length];
        for (int p = 0; p < xq.length; p++) {
            input[p] = Math.max(0, Math.floorDiv(t * xq[p], FixedPoint.INPUT_ONE));
        }
        long[][] counts = new long[index.stageCount][];
        for (int s = 0; s < index.stageCount; s++) {
            Stage stage = net.stages().get(s);
            if (stage instanceof Stage.MaxPoolGate g) {
                long[] in = counts[index.inputSources[s][0]];
                long[] out = new long[g.size()];
                for (int q = 0; q < out.length; q++) {
                    for (int k = g.windowStart()[q]; k < g.windowStart()[q + 1]; k++) {
                        out[q] = Math.max(out[q], in[g.members()[k]]);
                    }
                }
                counts[s] = out;
                continue;
            }
            Stage.Neurons n = (Stage.Neurons) stage;
            int channels = n.shape().channels();
            long[] u = new long[n.size()];
            for (int o = 0; o < u.length; o++) {
                u[o] = t * (n.bias()[o] + n.shift()[o % channels]);
            }
            for (int k = 0; k < n.inputs().size(); k++) {
                int src = index.inputSources[s][k];
                add(n.inputs().get(k), src < 0 ? input : counts[src], u);
            }
            if (n.model() instanceof NeuronModel.IntegrateAndFire neuron) {
                for (int o = 0; o < u.length; o++) {
                    long th = n.threshold()[o % channels];
                    long c = (Math.max(0, u[o]) + n.initialPotentialOf(o)) / th;
                    u[o] = Math.min(c, (long) neuron.maxSpikes() * t);
                }
            }
            counts[s] = u;
        }
        return counts;
    }

    private long[] outputCounts(long[] u, int t) {
        Stage.Neurons out = index.net.output();
        int channels = out.shape().channels();
        long[] n = new long[u.length];
        for (int o = 0; o < u.length; o++) {
            n[o] = Math.min((Math.max(0, u[o]) + out.initialPotentialOf(o)) / out.threshold()[o % channels], t);
        }
        return n;
    }

    private static void add(Synapses syn, long[] in, long[] u) {
        for (int p = 0; p < in.length; p++) {
            long m = in[p];
            if (m != 0) {
                syn.addFanOut(p, m, u);
            }
        }
    }
}
