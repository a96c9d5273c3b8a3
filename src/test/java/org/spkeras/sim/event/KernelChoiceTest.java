package org.spkeras.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
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

/**
 * Which scatter kernel the event engine picks: SIMD in a JVM that has the Vector API's module (the tests' JVM,
 * like the launcher's, adds it, so the equivalence tests really run the SIMD kernel), scalar in one that does not
 * (a library user's plain {@code java -cp}), with the same results.
 */
class KernelChoiceTest {

    @Test
    void theTestJvmHasTheVectorApiAndThePlanUsesIt() {
        assertTrue(RowAdder.vectorAvailable(), "surefire's argLine must add jdk.incubator.vector");
        assertTrue(new EventPlan(lenet(), SimOptions.analog(8)).isVectorised());
        assertFalse(new EventPlan(lenet(), SimOptions.analog(8), EventPlan.Width.AUTO, EventPlan.Layout.MERGED,
                EventPlan.Kernel.SCALAR).isVectorised());
    }

    @Test
    void aJvmWithoutTheModuleFallsBackToScalarWithTheSameLenetPredictions() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("scalar " + Probe.predictions(), out);
    }

    private static SpikingNetwork lenet() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        return Converter.convert(ann, ConversionOptions.DEFAULTS, new ArrayCalibration(x, ann, "mnist first 4", 4), "0")
                .network();
    }

    /** Run in a child JVM without {@code --add-modules}: which kernel, and the per-step predictions of 4 images. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            EventPlan plan = new EventPlan(lenet(), SimOptions.analog(16));
            System.out.println((plan.isVectorised() ? "vector " : "scalar ") + predictions(plan));
        }

        static String predictions() {
            return predictions(new EventPlan(lenet(), SimOptions.analog(16)));
        }

        private static String predictions(EventPlan plan) {
            NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
            ArrayCalibration data = new ArrayCalibration(x, KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5")),
                    "mnist first 4", 4);
            EventEngine engine = new EventEngine(plan);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                SampleResult r = engine.run(data.sample(i), i);
                s.append(Arrays.toString(r.predictions())).append(Arrays.toString(r.stageSpikes()));
            }
            return s.toString();
        }
    }
}
