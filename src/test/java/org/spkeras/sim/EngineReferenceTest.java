package org.spkeras.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.ExactEngines;
import org.spkeras.testing.SnnReferences;
import org.spkeras.testing.SnnReferences.Case;

/**
 * Spike counts per neuron and predictions per step equal the NumPy dense simulation
 * (keras-fixtures/snn-reference/), exactly, for the dense engine and every event engine variant.
 */
class EngineReferenceTest {

    static List<Case> cases() {
        return SnnReferences.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void spikesAndPredictionsEqualNumpyReference(Case c) {
        Network ann = KerasModelReader.read(c.fixture().model(), c.fixture().options());
        NdArray input = Npz.read(c.fixture().expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, c.fixture().name());
        SpikingNetwork snn = Converter.convert(ann, c.options(), data, "0").network();
        SimOptions sim = new SimOptions(c.steps(), SimOptions.Encoding.ANALOG, 0, true);
        Map<String, Engine> engines = new LinkedHashMap<>(ExactEngines.variants(snn, sim));
        engines.put("dense", EngineKind.DENSE.create(snn, sim, new int[] {c.steps()}));
        for (Map.Entry<String, Engine> e : engines.entrySet()) {
            String kind = e.getKey();
            Engine engine = e.getValue();
            NdArray pred = c.arrays().get("pred");
            for (int i = 0; i < data.size(); i++) {
                SampleResult r = engine.run(data.sample(i), i);
                double[] wantPred = pred.row(i);
                for (int t = 0; t < c.steps(); t++) {
                    assertEquals((int) wantPred[t], r.predictions()[t], kind + " sample " + i + " step " + (t + 1));
                }
                for (int s = 0; s < snn.stages().size() - 1; s++) {
                    Stage stage = snn.stages().get(s);
                    double[] want = c.arrays().get("counts__" + stage.name()).row(i);
                    double[] got = new double[want.length];
                    for (int o = 0; o < got.length; o++) {
                        got[o] = r.neuronCounts()[s][o];
                    }
                    assertArrayEquals(want, got, kind + " sample " + i + " stage " + stage.name());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closedFormEqualsNumpyReferenceOfSpkerasFormula(Case c) {
        Network ann = KerasModelReader.read(c.fixture().model(), c.fixture().options());
        NdArray input = Npz.read(c.fixture().expected()).get("input");
        ArrayCalibration data = new ArrayCalibration(input, ann, c.fixture().name());
        SpikingNetwork snn = Converter.convert(ann, c.options(), data, "0").network();
        SimOptions sim = new SimOptions(c.steps(), SimOptions.Encoding.ANALOG, 0, true);
        Engine engine = EngineKind.CLOSEDFORM.create(snn, sim, new int[] {c.steps()});
        Engine accumulator = EngineKind.CLOSEDFORM_ACCUMULATOR.create(snn, sim, new int[] {c.steps()});
        double[] pred = c.arrays().get("cf_pred").values();
        double[] predAccumulator = c.arrays().get("cf_pred_accumulator").values();
        for (int i = 0; i < data.size(); i++) {
            SampleResult r = engine.run(data.sample(i), i);
            assertEquals((int) pred[i], r.predictions()[c.steps() - 1], "sample " + i + " prediction (output counts)");
            assertEquals((int) predAccumulator[i], accumulator.run(data.sample(i), i).predictions()[c.steps() - 1],
                    "sample " + i + " prediction (output accumulator)");
            for (int s = 0; s < snn.stages().size() - 1; s++) {
                Stage stage = snn.stages().get(s);
                double[] want = c.arrays().get("cf_counts__" + stage.name()).row(i);
                double[] got = new double[want.length];
                for (int o = 0; o < got.length; o++) {
                    got[o] = r.neuronCounts()[s][o];
                }
                assertArrayEquals(want, got, "sample " + i + " stage " + stage.name());
            }
        }
    }
}
