package org.spkeras.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.spkeras.sim.Engine;
import org.spkeras.sim.SampleResult;

/** Two engines must give the same results bit for bit: predictions per step, spikes, synaptic events, counts. */
public final class SameResults {
    private SameResults() {}

    public static void assertSameResults(Engine expected, Engine actual, ArrayCalibration data, String what) {
        for (int i = 0; i < data.size(); i++) {
            SampleResult a = expected.run(data.sample(i), i);
            SampleResult b = actual.run(data.sample(i), i);
            assertArrayEquals(a.predictions(), b.predictions(), what + " sample " + i + " predictions");
            assertArrayEquals(a.stageSpikes(), b.stageSpikes(), what + " sample " + i + " spikes per stage");
            assertArrayEquals(a.synapticEvents(), b.synapticEvents(), what + " sample " + i + " synaptic events");
            for (int s = 0; s < a.neuronCounts().length; s++) {
                assertArrayEquals(a.neuronCounts()[s], b.neuronCounts()[s], what + " sample " + i + " stage " + s);
            }
        }
    }
}
