package org.spkeras.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Python;
import org.spkeras.testing.SnnReferences;

/**
 * {@code --engine closedform} follows SpKeras's output rule on a real network: the bundled LeNet-5
 * (keras-fixtures/real/lenet5_98.96.h5) converted with the ECC options on MNIST test images 0–999 predicts
 * images 1000–1499 at T = 4 and 8 exactly as python-reference/closed_form_real.py (λ_out = the largest logit,
 * {@code ⌊u/λ_out + θ⌋} on the last Dense too).
 */
class ClosedFormRealReferenceTest {
    private static final int[] STEPS = {4, 8};

    @Test
    void lenetPredictionsEqualTheNumpyReference(@TempDir Path tmp) throws IOException {
        String missing = Python.missing();
        assumeTrue(missing == null, () -> "NumPy reference not run: " + missing);
        Path out = tmp.resolve("cf.npz");
        Python.Result r = Python.run("python-reference/closed_form_real.py", out.toString(), "--calibration", "0:1000",
                "--evaluate", "1000:1500", "-T", "4,8");
        assertEquals(0, r.exitCode(), r.output());
        Map<String, NdArray> want = Npz.read(out);

        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ConversionOptions ecc = SnnReferences.options(JsonParser.parseString(Files.readString(
                SnnReferences.ROOT.resolve("options.json"))).getAsJsonObject().getAsJsonObject("sets").getAsJsonObject("ecc"));
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist test 0-999", 1000);
        SpikingNetwork snn = Converter.convert(ann, ecc, data, "0").network();
        SimOptions sim = new SimOptions(8, SimOptions.Encoding.ANALOG, 0, false);
        Engine counts = EngineKind.CLOSEDFORM.create(snn, sim, STEPS);
        Engine accumulator = EngineKind.CLOSEDFORM_ACCUMULATOR.create(snn, sim, STEPS);
        int differentRules = 0;
        for (int i = 0; i < 500; i++) {
            float[] sample = data.sample(1000 + i);
            SampleResult c = counts.run(sample, 1000 + i);
            SampleResult a = accumulator.run(sample, 1000 + i);
            for (int t : STEPS) {
                assertEquals((int) want.get("pred_T" + t).values()[i], c.predictions()[t - 1],
                        "image " + (1000 + i) + " T = " + t + " (output counts)");
                assertEquals((int) want.get("pred_accumulator_T" + t).values()[i], a.predictions()[t - 1],
                        "image " + (1000 + i) + " T = " + t + " (output accumulator)");
                differentRules += c.predictions()[t - 1] != a.predictions()[t - 1] ? 1 : 0;
            }
        }
        // The two decodings must differ somewhere here, or this test could not tell them apart.
        assertNotEquals(0, differentRules);
    }
}
