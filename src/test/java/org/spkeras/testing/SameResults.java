package org.spkeras.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.spkeras.sim.Engine;
import org.spkeras.sim.SampleResult;

/** Two engines must give the same results bit for bit: predictions per step, spikes, synaptic events, counts. */
public final class SameResults {
    private SameResults() {}

    public static void assertSameResults(Engine expected, Engine actual, ArrayCalibration data, String what) {
        assertSameResults(expected, Map.of("", actual), data, what);
    }

    /** Each of {@code actual} (by name) against {@code expected}, which runs once per sample. */
    public static void assertSameResults(Engine expected, Map<String, Engine> actual, ArrayCalibration data, String what) {
        for (int i = 0; i < data.size(); i++) {
            SampleResult a = expected.run(data.sample(i), i);
            for (Map.Entry<String, Engine> e : actual.entrySet()) {
                SampleResult b = e.getValue().run(data.sample(i), i);
                String where = what + " " + e.getKey() + " sample " + i;
                assertArrayEquals(a.predictions(), b.predictions(), where + " predictions");
                assertArrayEquals(a.stageSpikes(), b.stageSpikes(), where + " spikes per stage");
                assertArrayEquals(a.synapticEvents(), b.synapticEvents(), where + " synaptic events");
                for (int s = 0; s < a.neuronCounts().length; s++) {
                    assertArrayEquals(a.neuronCounts()[s], b.neuronCounts()[s], where + " stage " + s);
                }
            }
        }
    }
}
