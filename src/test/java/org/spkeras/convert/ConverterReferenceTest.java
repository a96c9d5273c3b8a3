package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.SpkerasException;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.SnnReferences;
import org.spkeras.testing.SnnReferences.Case;

/**
 * Converted parameters equal the independent NumPy conversion (keras-fixtures/snn-reference/): folded
 * weights and λ to 1e-6 relative, and the integer thresholds, biases, initial potentials, shifts and
 * effective weight matrices exactly.
 */
class ConverterReferenceTest {

    static List<Case> cases() {
        return SnnReferences.all();
    }

    static Conversion convert(Case c) {
        Network ann = KerasModelReader.read(c.fixture().model(), c.fixture().options());
        NdArray input = Npz.read(c.fixture().expected()).get("input");
        return Converter.convert(ann, c.options(), new ArrayCalibration(input, ann, c.fixture().name()), "0");
    }

    static List<SnnReferences.Refusal> clipRefusals() {
        return SnnReferences.refused().stream().filter(r -> r.reason().startsWith("norm clip")).toList();
    }

    /** {@code norm clip} is refused, naming the same stage, wherever the NumPy reference finds a ReLU without a clip. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clipRefusals")
    void clipNormRefusedWhereNumpyRefusesIt(SnnReferences.Refusal r) {
        Network ann = KerasModelReader.read(r.fixture().model(), r.fixture().options());
        NdArray input = Npz.read(r.fixture().expected()).get("input");
        SpkerasException e = assertThrows(SpkerasException.class, () -> Converter.convert(ann, r.options(),
                new ArrayCalibration(input, ann, r.fixture().name()), "0"));
        String stage = r.reason().substring(r.reason().indexOf("stage '"), r.reason().indexOf("' is") + 1);
        assertTrue(e.getMessage().contains(stage) && e.getMessage().contains("norm max"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parametersEqualNumpyReference(Case c) {
        Conversion conv = convert(c);
        SpikingNetwork snn = conv.network();
        assertClose(new double[] {c.arrays().get("input_lambda").values()[0]}, new double[] {snn.provenance().inputLambda()}, "λ0");
        for (Layer layer : conv.convertedAnn().layers()) {
            if (layer instanceof Layer.Conv2D || layer instanceof Layer.Dense) {
                float[] kernel = layer instanceof Layer.Conv2D cv ? cv.kernel() : ((Layer.Dense) layer).kernel();
                float[] bias = layer instanceof Layer.Conv2D cv ? cv.bias() : ((Layer.Dense) layer).bias();
                assertClose(c.arrays().get("folded__" + layer.name() + "__kernel").values(), toDouble(kernel), layer.name() + " kernel");
                if (bias != null) {
                    assertClose(c.arrays().get("folded__" + layer.name() + "__bias").values(), toDouble(bias), layer.name() + " bias");
                }
            }
        }
        for (Stage s : snn.stages()) {
            if (!(s instanceof Stage.Neurons n)) {
                continue;
            }
            String name = n.name();
            assertClose(c.arrays().get("lambda__" + name).values(), snn.provenance().lambdas().get(name), name + " λ");
            assertExact(c, "threshold__" + name, n.threshold());
            assertExact(c, "bias__" + name, n.bias());
            assertExact(c, "initial__" + name, n.initialPotential());
            assertExact(c, "shift__" + name, n.shift());
            for (Synapses syn : n.inputs()) {
                NdArray want = c.arrays().get("weff__" + name + "__" + syn.source());
                assertTrue(want != null, "reference has no weff for " + name + " <- " + syn.source());
                assertArrayEquals(want.values(), SnnReferences.effectiveWeights(syn, n.size()), name + " <- " + syn.source() + " weights");
            }
        }
    }

    private static void assertExact(Case c, String key, long[] got) {
        double[] want = c.arrays().get(key).values();
        assertEquals(want.length, got.length, key);
        for (int i = 0; i < got.length; i++) {
            assertEquals((long) want[i], got[i], key + "[" + i + "]");
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * Math.max(Math.abs(want[i]), 1e-12), what + "[" + i + "]");
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
