package org.spkeras.sim.event;

import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.SampleResult;

/**
 * What a sample's run reports besides its predictions, counted spike by spike for the event engines
 * ({@link EventEngine} and bench/java's {@code CalendarEngine}): spikes per stage, synaptic events per step
 * (spikes times fan-out) and, when asked for, spikes per neuron. The dense engine counts the same from its
 * spike vectors each step.
 */
final class SpikeTally {
    private final NetworkIndex index;
    private final boolean perNeuron;
    private long[] stageSpikes;
    private long[] events;
    private int[][] counts;

    SpikeTally(NetworkIndex index, boolean perNeuron) {
        this.index = index;
        this.perNeuron = perNeuron;
    }

    /** Starts a sample of {@code steps} steps (new arrays: the previous sample's result keeps its own). */
    void reset(int steps) {
        stageSpikes = new long[index.stageCount];
        events = new long[steps];
        counts = perNeuron ? new int[index.stageCount][] : null;
        if (perNeuron) {
            for (int s = 0; s < index.stageCount; s++) {
                counts[s] = new int[index.net.stages().get(s).size()];
            }
        }
    }

    /** {@code m} spikes of neuron {@code o} of stage {@code s} at step {@code t}. */
    void add(int s, int o, int m, int t) {
        stageSpikes[s] += m;
        events[t - 1] += (long) m * index.fanOut[s][o];
        if (counts != null) {
            counts[s][o] += m;
        }
    }

    SampleResult result(int[] predictions) {
        return new SampleResult(predictions, stageSpikes, events, counts);
    }
}
