package org.spkeras.sim;

import java.util.ArrayList;
import java.util.List;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Lookups both engines need: for each stage the index of each input's source (-1 = the network input), the
 * synapse sets leaving each stage (for event fan-out), and for each gate the windows each source neuron is in.
 */
public final class NetworkIndex {
    /** One synapse set seen from its source: it feeds {@code target}. */
    public record Outgoing(int target, Synapses synapses) {}

    public final SpikingNetwork net;
    public final int stageCount;
    public final int[][] inputSources;
    public final List<List<Outgoing>> outgoing;
    public final List<Outgoing> fromInput;
    /** For gate stages: CSR from source neuron to the windows containing it; null for other stages. */
    public final int[][] gateMemberStart;
    public final int[][] gateMemberWindows;
    public final int outputStage;
    /** Synaptic events one spike of each stage's neurons causes: synapses to neuron stages plus gate windows. */
    public final int[][] fanOut;

    public NetworkIndex(SpikingNetwork net) {
        this.net = net;
        this.stageCount = net.stages().size();
        this.inputSources = new int[stageCount][];
        this.outgoing = new ArrayList<>();
        this.fromInput = new ArrayList<>();
        this.gateMemberStart = new int[stageCount][];
        this.gateMemberWindows = new int[stageCount][];
        for (int s = 0; s < stageCount; s++) {
            outgoing.add(new ArrayList<>());
        }
        for (int s = 0; s < stageCount; s++) {
            Stage stage = net.stages().get(s);
            if (stage instanceof Stage.Neurons n) {
                inputSources[s] = new int[n.inputs().size()];
                for (int k = 0; k < n.inputs().size(); k++) {
                    Synapses syn = n.inputs().get(k);
                    int src = net.indexOf(syn.source());
                    inputSources[s][k] = src;
                    (src < 0 ? fromInput : outgoing.get(src)).add(new Outgoing(s, syn));
                }
            } else {
                Stage.MaxPoolGate g = (Stage.MaxPoolGate) stage;
                int src = net.indexOf(g.source());
                inputSources[s] = new int[] {src};
                invertWindows(s, g, src < 0 ? net.input().shape().size() : net.stages().get(src).size());
            }
        }
        this.outputStage = stageCount - 1;
        this.fanOut = new int[stageCount][];
        for (int s = 0; s < stageCount; s++) {
            fanOut[s] = new int[net.stages().get(s).size()];
            for (Outgoing out : outgoing.get(s)) {
                for (int p = 0; p < fanOut[s].length; p++) {
                    fanOut[s][p] += out.synapses().fanOut(p);
                }
            }
        }
        for (int g = 0; g < stageCount; g++) {
            if (gateMemberStart[g] != null && inputSources[g][0] >= 0) {
                int[] start = gateMemberStart[g];
                int[] f = fanOut[inputSources[g][0]];
                for (int p = 0; p < f.length; p++) {
                    f[p] += start[p + 1] - start[p];
                }
            }
        }
    }

    /** Multiply-accumulates of the analog input drive: every synapse leaving the input, once per sample. */
    public long analogMacs() {
        long macs = 0;
        for (Outgoing out : fromInput) {
            macs += out.synapses().synapseCount();
        }
        return macs;
    }

    private void invertWindows(int s, Stage.MaxPoolGate g, int sourceSize) {
        int[] count = new int[sourceSize + 1];
        for (int m : g.members()) {
            count[m + 1]++;
        }
        for (int i = 0; i < sourceSize; i++) {
            count[i + 1] += count[i];
        }
        int[] windows = new int[g.members().length];
        int[] fill = count.clone();
        for (int q = 0; q < g.size(); q++) {
            for (int k = g.windowStart()[q]; k < g.windowStart()[q + 1]; k++) {
                windows[fill[g.members()[k]]++] = q;
            }
        }
        gateMemberStart[s] = count;
        gateMemberWindows[s] = windows;
    }

    /** The constant current of every neuron of a Neurons stage for one sample: bias + shift + analog drive. */
    public long[] constantCurrent(int s, long[] xq, SimOptions options) {
        Stage.Neurons n = (Stage.Neurons) net.stages().get(s);
        long[] c = new long[n.size()];
        int channels = n.shape().channels();
        for (int o = 0; o < c.length; o++) {
            c[o] = n.bias()[o] + n.shift()[o % channels];
        }
        if (options.encoding() == SimOptions.Encoding.ANALOG) {
            for (int k = 0; k < n.inputs().size(); k++) {
                if (inputSources[s][k] < 0) {
                    InputCurrents.addAnalogDrive(xq, n.inputs().get(k), c);
                }
            }
        }
        return c;
    }
}
