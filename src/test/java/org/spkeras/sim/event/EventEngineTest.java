package org.spkeras.sim.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.Engine;
import org.spkeras.sim.EngineKind;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * What the event engine offers beyond {@link org.spkeras.sim.Engine} (its equality with the dense engine is
 * EngineEquivalenceTest's): simulating a prefix of the stages must give each stage the counts of a full run;
 * the 32-bit path is really taken where it is proven safe; engines sharing one plan on several threads give
 * the dense engine's results.
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

    @Test
    void lenetUsesThe32BitPathOnEveryNeuronStage() {
        SpikingNetwork snn = lenet(2);
        EventPlan plan = new EventPlan(snn, SimOptions.analog(64));
        for (int s = 0; s < snn.stages().size(); s++) {
            assertEquals(snn.stages().get(s) instanceof Stage.Neurons, plan.isNarrow(s), "stage " + s);
        }
        EventPlan wide = new EventPlan(snn, SimOptions.analog(64), EventPlan.Width.WIDE, EventPlan.Layout.MERGED,
                EventPlan.Kernel.BEST);
        for (int s = 0; s < snn.stages().size(); s++) {
            assertFalse(wide.isNarrow(s), "stage " + s);
        }
    }

    @Test
    void enginesOfOneSharedPlanOnConcurrentThreadsEqualTheDenseEngine() throws Exception {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 24", 24);
        SpikingNetwork snn = Converter.convert(ann, ConversionOptions.DEFAULTS, data, "0").network();
        SimOptions sim = new SimOptions(32, SimOptions.Encoding.ANALOG, 0, true);
        Supplier<Engine> factory = EngineKind.EVENT.factory(snn, sim, new int[] {32});
        DenseEngine dense = new DenseEngine(snn, sim);
        for (int threads : new int[] {1, 2, 3}) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<SampleResult[]>> runs = new ArrayList<>();
                for (int k = 0; k < threads; k++) {
                    runs.add(pool.submit(() -> {
                        Engine engine = factory.get();
                        SampleResult[] r = new SampleResult[data.size()];
                        for (int i = 0; i < data.size(); i++) {
                            r[i] = engine.run(data.sample(i), i);
                        }
                        return r;
                    }));
                }
                for (Future<SampleResult[]> run : runs) {
                    SampleResult[] r = run.get();
                    for (int i = 0; i < data.size(); i++) {
                        SampleResult d = dense.run(data.sample(i), i);
                        assertArrayEquals(d.predictions(), r[i].predictions(), threads + " threads, sample " + i);
                        for (int s = 0; s < snn.stages().size(); s++) {
                            assertArrayEquals(d.neuronCounts()[s], r[i].neuronCounts()[s],
                                    threads + " threads, sample " + i + " stage " + s);
                        }
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static SpikingNetwork lenet(int burst) {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 10", 10);
        ConversionOptions o = ConversionOptions.ECC.toBuilder().burst(burst).build();
        return Converter.convert(ann, o, data, "0").network();
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
