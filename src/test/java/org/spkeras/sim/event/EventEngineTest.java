package org.spkeras.sim.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * What the event engine offers beyond {@link org.spkeras.sim.Engine} (its equality with the dense engine is
 * EngineEquivalenceTest's): simulating a prefix of the stages must give each stage the counts of a full run.
 */
class EventEngineTest {

    @Test
    void countsUpToEqualFullRunOnEveryFixtureAndStage() {
        int converted = 0;
        for (Fixture f : Fixtures.all()) {
            Network ann = KerasModelReader.read(f.model(), f.options());
            ArrayCalibration data = new ArrayCalibration(Npz.read(f.expected()).get("input"), ann, f.name());
            SpikingNetwork snn;
            try {
                snn = Converter.convert(ann, ConversionOptions.DEFAULTS, data, "0").network();
            } catch (SpkerasException notConvertible) {
                continue;
            }
            converted++;
            assertPrefixCounts(snn, data, 24, f.name());
        }
        assertTrue(converted >= 10, "only " + converted + " fixtures converted");
    }

    @Test
    void countsUpToEqualFullRunOnLenet() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 10", 10);
        assertPrefixCounts(Converter.convert(ann, ConversionOptions.DEFAULTS, data, "0").network(), data, 40, "lenet");
    }

    @Test
    void countsUpToNeedsRecordedCounts() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 2", 2);
        SpikingNetwork snn = Converter.convert(ann, ConversionOptions.DEFAULTS, data, "0").network();
        EventEngine engine = new EventEngine(snn, SimOptions.analog(8));
        assertThrows(IllegalStateException.class, () -> engine.countsUpTo(data.sample(0), 0, 0));
    }

    private static void assertPrefixCounts(SpikingNetwork snn, ArrayCalibration data, int steps, String what) {
        EventEngine engine = new EventEngine(snn, new SimOptions(steps, SimOptions.Encoding.ANALOG, 0, true));
        for (int i = 0; i < data.size(); i++) {
            SampleResult full = engine.run(data.sample(i), i);
            for (int s = 0; s < snn.stages().size(); s++) {
                assertArrayEquals(full.neuronCounts()[s], engine.countsUpTo(data.sample(i), i, s),
                        what + " sample " + i + " stage " + s);
            }
            // the engine is reusable after a prefix run
            assertArrayEquals(full.predictions(), engine.run(data.sample(i), i).predictions(), what + " sample " + i);
        }
    }
}
