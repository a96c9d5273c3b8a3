package org.spkeras.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.dense.DenseEngine;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;
import org.spkeras.testing.SnnReferences;

/**
 * Li et al.'s weight calibration equals the independent NumPy implementation (python-reference/weight_calibration.py,
 * keras-fixtures/snn-reference/&lt;fixture&gt;__weightcal.npz): on fixtures seq_cnn and seq_cnn_k21, converted with
 * the set recorded in options.json ("weightCalibration") and calibrated on their own 4 samples at its T, every
 * effective weight agrees within 2^-20 of the threshold (the fits run in float64 in different summation orders and
 * are stored as float32), the fit's loss per stage to 4 significant digits, and the spike counts of every stage of
 * the calibrated network over T steps exactly.
 */
class WeightCalibrationReferenceTest {
    private static final double WEIGHT_TOLERANCE = 0x1p-20;

    static List<Fixture> fixtures() {
        return Fixtures.all().stream().filter(f -> Files.exists(reference(f.name()))).toList();
    }

    private static java.nio.file.Path reference(String fixture) {
        return SnnReferences.ROOT.resolve(fixture + "__weightcal.npz");
    }

    private static JsonObject setup() throws IOException {
        return JsonParser.parseString(Files.readString(SnnReferences.ROOT.resolve("options.json"))).getAsJsonObject()
                .getAsJsonObject("weightCalibration");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void calibratedNetworkEqualsNumpyReference(Fixture f) throws IOException {
        JsonObject setup = setup();
        int steps = setup.get("steps").getAsInt();
        int samples = setup.get("samples").getAsInt();
        ConversionOptions options = SnnReferences.options(setup.getAsJsonObject("set")).toBuilder()
                .calibrationSamples(samples).spikeCalibrationSamples(samples).calibrationSteps(steps)
                .calibrate(false, false).calibrateWeights(true).build();
        Network ann = KerasModelReader.read(f.model(), f.options());
        NdArray input = Npz.read(f.expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
        Conversion plain = Converter.convert(ann, options, data, "0");
        Conversion calibrated = SpikeCalibration.apply(plain, data, options);
        Map<String, NdArray> want = Npz.read(reference(f.name()));

        SpikingNetwork net = calibrated.network();
        int changed = 0;
        for (int s = 0; s < net.stages().size(); s++) {
            if (!(net.stages().get(s) instanceof Stage.Neurons n)) {
                continue;
            }
            for (int k = 0; k < n.inputs().size(); k++) {
                Synapses syn = n.inputs().get(k);
                double[] ref = want.get("weff__" + n.name() + "__" + syn.source()).values();
                double[] got = SnnReferences.effectiveWeights(syn, n.size());
                assertEquals(ref.length, got.length, n.name());
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], got[i], WEIGHT_TOLERANCE, n.name() + " <- " + syn.source() + " weight " + i);
                }
                Synapses before = ((Stage.Neurons) plain.network().stages().get(s)).inputs().get(k);
                changed += java.util.Arrays.equals(before.weights(), syn.weights()) ? 0 : 1;
            }
        }
        assertTrue(changed > 0, "weight calibration changed no weights");

        String note = calibrated.approximations().get(calibrated.approximations().size() - 1);
        for (Map.Entry<String, NdArray> e : want.entrySet()) {
            if (e.getKey().startsWith("loss__")) {
                double[] loss = e.getValue().values();
                String stage = e.getKey().substring("loss__".length());
                String expected = String.format(Locale.ROOT, "%s %.4g→%.4g", stage, loss[0], loss[1]);
                assertTrue(note.contains(expected), "expected '" + expected + "' in: " + note);
            }
        }

        DenseEngine engine = new DenseEngine(net, new SimOptions(steps, SimOptions.Encoding.ANALOG, 0, true));
        for (int i = 0; i < data.size(); i++) {
            SampleResult r = engine.run(data.sample(i), i);
            for (int s = 0; s < net.stages().size(); s++) {
                NdArray counts = want.get("counts__" + net.stages().get(s).name());
                if (counts == null) {
                    continue;
                }
                int size = net.stages().get(s).size();
                long[] row = new long[size];
                for (int o = 0; o < size; o++) {
                    row[o] = (long) counts.values()[i * size + o];
                }
                assertArrayEquals(row, java.util.Arrays.stream(r.neuronCounts()[s]).asLongStream().toArray(),
                        net.stages().get(s).name() + " counts, sample " + i);
            }
        }
        assertNotEquals(0, want.keySet().stream().filter(k -> k.startsWith("loss__")).count());
    }
}
