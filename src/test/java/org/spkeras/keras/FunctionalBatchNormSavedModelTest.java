package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.RealCheckpoints;

/**
 * The Functional TF 2.5 SavedModel with BatchNormalization first
 * ({@code savedmodel/andreas_cnn_bn_fashion_functional_tf25}): its outputs equal those of the independent NumPy
 * reader ({@code python-reference/tensor_bundle.py}, written to
 * {@code keras-fixtures/checkpoint-references/}), and it converts and runs as a spiking network.
 */
class FunctionalBatchNormSavedModelTest {
    private static final Path REFERENCE =
            Path.of("keras-fixtures/checkpoint-references/andreas_cnn_bn_fashion_functional_tf25.npz");

    @Test
    void outputsEqualTheNumPyReferenceAndTheModelConvertsAndRuns() {
        Network net = ModelFiles.read(RealCheckpoints.file("savedmodel/andreas_cnn_bn_fashion_functional_tf25"));
        assertEquals("Functional", net.source().modelClass());
        assertEquals("batch_normalization", net.layers().get(1).name());
        var reference = Npz.read(REFERENCE);
        NdArray input = reference.get("input");
        NdArray output = reference.get("output");
        ForwardPass forward = new ForwardPass(net);
        int agree = 0;
        for (int i = 0; i < input.rows(); i++) {
            double[] ours = forward.output(input.rowAsFloats(i));
            double[] want = output.row(i);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], ours[k], 1e-5, "image " + i + " class " + k);
            }
        }
        Conversion conversion = Converter.convert(net, ConversionOptions.DEFAULTS, new ArrayCalibration(input, net, "fashion"), "0");
        EventEngine engine = new EventEngine(conversion.network(), SimOptions.analog(64));
        int samples = 16;
        for (int i = 0; i < samples; i++) {
            SampleResult r = engine.run(input.rowAsFloats(i), i);
            agree += r.predictions()[63] == RealCheckpoints.argmax(output.row(i)) ? 1 : 0;
        }
        assertTrue(agree >= samples - 2, "SNN at T = 64 agrees with the ANN on " + agree + " of " + samples + " images");
    }
}
