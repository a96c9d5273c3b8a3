package org.spkeras.sim.dense;

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
 * The literal implementation of docs/simulation.md: every step, every stage in order, every neuron updated.
 * It defines the semantics the event engine must reproduce and is the time-stepped speed baseline.
 */
public final class DenseEngine implements Engine {
    private final NetworkIndex index;
    private final SimOptions options;
    private final long[][] potential;
    private final long[][] constant;
    private final int[][] spikes;
    private final long[][] gateState;
    private final int[] inputSpikes;

    public DenseEngine(SpikingNetwork net, SimOptions options) {
        PotentialBounds.of(net, options.steps()).requireWithinLimit();
        this.index = new NetworkIndex(net);
        this.options = options;
        int n = index.stageCount;
        potential = new long[n][];
        constant = new long[n][];
        spikes = new int[n][];
        gateState = new long[n][];
        for (int s = 0; s < n; s++) {
            Stage stage = net.stages().get(s);
            spikes[s] = new int[stage.size()];
            if (stage instanceof Stage.Neurons) {
                potential[s] = new long[stage.size()];
            } else {
                Stage.MaxPoolGate g = (Stage.MaxPoolGate) stage;
                gateState[s] = new long[g.kind() == Stage.MaxPoolGate.Kind.GATING ? sourceSize(net, g) : g.members().length];
            }
        }
        inputSpikes = new int[net.input().shape().size()];
    }

    private static int sourceSize(SpikingNetwork net, Stage.MaxPoolGate g) {
        int src = net.indexOf(g.source());
        return src < 0 ? net.input().shape().size() : net.stages().get(src).size();
    }

    @Override
    public SampleResult run(float[] sample, int sampleIndex) {
        SpikingNetwork net = index.net;
        long[] xq = InputCurrents.quantise(sample, net.input());
        int[][] counts = options.recordNeuronCounts() ? new int[index.stageCount][] : null;
        for (int s = 0; s < index.stageCount; s++) {
            Stage stage = net.stages().get(s);
            if (stage instanceof Stage.Neurons n) {
                constant[s] = index.constantCurrent(s, xq, options);
                for (int o = 0; o < n.size(); o++) {
                    potential[s][o] = n.spiking() ? n.initialPotentialOf(o) : 0;
                }
            } else {
                Arrays.fill(gateState[s], 0);
            }
            if (counts != null) {
                counts[s] = new int[stage.size()];
            }
        }
        long[] stageSpikes = new long[index.stageCount];
        long[] events = new long[options.steps()];
        int[] predictions = new int[options.steps()];
        for (int t = 1; t <= options.steps(); t++) {
            if (options.encoding() == SimOptions.Encoding.BERNOULLI) {
                for (int p = 0; p < xq.length; p++) {
                    inputSpikes[p] = InputCurrents.fires(options.seed(), sampleIndex, t, p, xq[p]) ? 1 : 0;
                }
            }
            for (int s = 0; s < index.stageCount; s++) {
                Stage stage = net.stages().get(s);
                if (stage instanceof Stage.Neurons n) {
                    stepNeurons(s, n);
                } else {
                    stepGate(s, (Stage.MaxPoolGate) stage);
                }
                for (int o = 0; o < spikes[s].length; o++) {
                    stageSpikes[s] += spikes[s][o];
                    events[t - 1] += (long) spikes[s][o] * index.fanOut[s][o];
                    if (counts != null) {
                        counts[s][o] += spikes[s][o];
                    }
                }
            }
            predictions[t - 1] = argmax(potential[index.outputStage]);
        }
        return new SampleResult(predictions, stageSpikes, events, counts);
    }

    private void stepNeurons(int s, Stage.Neurons n) {
        long[] v = potential[s];
        long[] current = constant[s].clone();
        for (int k = 0; k < n.inputs().size(); k++) {
            int src = index.inputSources[s][k];
            if (src < 0 && options.encoding() == SimOptions.Encoding.ANALOG) {
                continue;
            }
            int[] in = src < 0 ? inputSpikes : spikes[src];
            addSpikes(n.inputs().get(k), in, current);
        }
        int[] out = spikes[s];
        if (!(n.model() instanceof NeuronModel.IntegrateAndFire neuron)) {
            for (int o = 0; o < v.length; o++) {
                v[o] += current[o];
            }
            return;
        }
        int channels = n.shape().channels();
        boolean toZero = neuron.reset() == NeuronModel.Reset.ZERO;
        for (int o = 0; o < v.length; o++) {
            v[o] += current[o];
            long th = n.threshold()[o % channels];
            if (v[o] >= th) {
                int fired = (int) Math.min(neuron.maxSpikes(), v[o] / th);
                out[o] = fired;
                v[o] = toZero ? 0 : v[o] - fired * th;
            } else {
                out[o] = 0;
            }
        }
    }

    /** {@code current += W ⊛ s}: every synapse, silent sources included, as a time-stepped simulator does. */
    private static void addSpikes(Synapses syn, int[] in, long[] current) {
        for (int p = 0; p < in.length; p++) {
            syn.addFanOut(p, in[p], current);
        }
    }

    private void stepGate(int s, Stage.MaxPoolGate g) {
        int src = index.inputSources[s][0];
        int[] in = src < 0 ? inputSpikes : spikes[src];
        long[] state = gateState[s];
        int[] out = spikes[s];
        int[] start = g.windowStart();
        int[] members = g.members();
        if (g.kind() == Stage.MaxPoolGate.Kind.GATING) {
            for (int i = 0; i < in.length; i++) {
                state[i] += in[i];
            }
            for (int q = 0; q < out.length; q++) {
                int winner = -1;
                for (int k = start[q]; k < start[q + 1]; k++) {
                    if (winner < 0 || state[members[k]] > state[winner]) {
                        winner = members[k];
                    }
                }
                out[q] = winner < 0 ? 0 : in[winner];
            }
            return;
        }
        for (int q = 0; q < out.length; q++) {
            long best = 0;
            for (int k = start[q]; k < start[q + 1]; k++) {
                state[k] += in[members[k]];
                best = Math.max(best, state[k]);
            }
            for (int k = start[q]; k < start[q + 1]; k++) {
                state[k] -= best;
            }
            out[q] = (int) best;
        }
    }

    static int argmax(long[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
