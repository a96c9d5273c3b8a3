package org.spkeras.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.calibrate.SpikeCalibration;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionOptions.MaxPool;
import org.spkeras.convert.ConversionOptions.Norm;
import org.spkeras.convert.ConversionOptions.Reset;
import org.spkeras.convert.ConversionOptions.Scaling;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.ExactEngines;
import org.spkeras.testing.SameResults;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * Every event engine variant (32- and 64-bit input sums, merged and stored layout) equals the dense engine bit for
 * bit: predictions every step and spike counts per neuron.
 */
class EngineEquivalenceTest {
    private static final int STEPS = 24;

    /** Every combination of the options that change the dynamics. */
    static List<ConversionOptions> optionCombinations() {
        List<ConversionOptions> all = new ArrayList<>();
        for (Scaling scaling : Scaling.values()) {
            for (Reset reset : Reset.values()) {
                for (MaxPool pool : MaxPool.values()) {
                    for (int burst : new int[] {1, 3}) {
                        for (double theta : new double[] {0, 0.5}) {
                            for (int shift : new int[] {0, 8}) {
                                boolean pct = burst == 3;
                                all.add(ConversionOptions.ECC.toBuilder().norm(pct ? Norm.PERCENTILE : Norm.MAX)
                                        .percentile(99.0).perChannel(pct).scaling(scaling).initialPotential(theta)
                                        .shiftSteps(shift).reset(reset).burst(burst).maxPool(pool)
                                        .weightBits(pool == MaxPool.AVERAGE ? 6 : 0).build());
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fixture f : Fixtures.all()) {
            if (!f.name().equals("stride2_same")) {
                cases.add(Arguments.of(f));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eventEqualsDenseForEveryOptionCombinationAndEncoding(Fixture f) {
        Network ann = KerasModelReader.read(f.model(), f.options());
        NdArray input = Npz.read(f.expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
        for (ConversionOptions options : optionCombinations()) {
            SpikingNetwork snn = Converter.convert(ann, options, data, "0").network();
            for (SimOptions.Encoding encoding : SimOptions.Encoding.values()) {
                SimOptions sim = new SimOptions(STEPS, encoding, 42, true);
                assertSame(snn, sim, data, f.name() + " " + options + " " + encoding);
            }
        }
    }

    @Test
    void lenetOnMnistSamples() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 30", 30);
        for (MaxPool pool : new MaxPool[] {MaxPool.GATING, MaxPool.LIPOOL}) {
            ConversionOptions o = ConversionOptions.ECC.toBuilder().burst(2).maxPool(pool).build();
            SpikingNetwork snn = Converter.convert(ann, o, data, "0").network();
            assertSame(snn, new SimOptions(64, SimOptions.Encoding.ANALOG, 0, true), data, "lenet " + pool);
        }
    }

    @Test
    void lenetWithPerNeuronCalibratedPotentials() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 30", 30);
        ConversionOptions o = ConversionOptions.ECC.toBuilder().norm(Norm.PERCENTILE).burst(2).maxPool(MaxPool.LIPOOL)
                .calibrationSamples(30).calibrate(true, true).calibrationSteps(16).spikeCalibrationSamples(30).build();
        Conversion converted = Converter.convert(ann, o, data, "0");
        SpikingNetwork snn = SpikeCalibration.apply(converted, data, o).network();
        Stage.Neurons first = (Stage.Neurons) snn.stages().get(0);
        assertEquals(first.size(), first.initialPotential().length, "calibrated potentials are per neuron");
        assertSame(snn, new SimOptions(48, SimOptions.Encoding.ANALOG, 0, true), data, "lenet calibrated");
        assertSame(snn, new SimOptions(24, SimOptions.Encoding.BERNOULLI, 3, true), data, "lenet calibrated bernoulli");
    }

    private static void assertSame(SpikingNetwork snn, SimOptions sim, ArrayCalibration data, String what) {
        SameResults.assertSameResults(new DenseEngine(snn, sim), ExactEngines.variants(snn, sim), data, what);
    }
}
