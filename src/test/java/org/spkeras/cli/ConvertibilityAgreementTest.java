package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.OptionText;
import org.spkeras.SpkerasException;
import org.spkeras.convert.CalibrationSet;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.convert.Convertibility;
import org.spkeras.keras.ImportOptions;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.report.ModelSummary;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.RealKeras;
import picocli.CommandLine;

/**
 * {@code inspect}'s verdict equals the converter's outcome, and a refusal carries the same reason, on every
 * fixture of keras-fixtures/fixtures.json and every real Keras model of ../shared/real-keras/ that imports.
 */
class ConvertibilityAgreementTest {
    private static final Path REAL = RealKeras.ROOT;

    @TempDir
    Path tmp;

    static Stream<Arguments> models() {
        List<Arguments> all = new ArrayList<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            all.add(Arguments.of(f.name(), f.model(), f.options()));
        }
        ImportOptions plain = new ImportOptions(null, false);
        all.add(Arguments.of("lenet5", REAL.resolve("snn-toolbox-lenet5/lenet5_98.96.h5"), plain));
        all.add(Arguments.of("cnn_batch_norm", REAL.resolve("dl4j-cnn-batch-norm/cnn_batch_norm.h5"), plain));
        all.add(Arguments.of("dcgan", REAL.resolve("dl4j-dcgan/dcgan_discriminator.h5"), plain));
        all.add(Arguments.of("mnist_mlp", REAL.resolve("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"),
                new ImportOptions(REAL.resolve("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json"), false)));
        all.add(Arguments.of("toyresnet", REAL.resolve("kotlindl-toyresnet/weights.h5"),
                new ImportOptions(REAL.resolve("kotlindl-toyresnet/modelConfig.json"), false)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void inspectVerdictIsTheConvertersOutcome(String name, Path model, ImportOptions options) {
        org.junit.jupiter.api.Assumptions.assumeTrue(model.toFile().exists(), "not present: " + model);
        Network net = KerasModelReader.read(model, options);
        for (ConversionOptions o : List.of(ConversionOptions.DEFAULTS, ConversionOptions.DEFAULTS.toBuilder()
                .maxPool(ConversionOptions.MaxPool.AVERAGE).build())) {
            ModelSummary summary = ModelSummary.of(net, o);
            String refusal = null;
            try {
                Converter.convert(net, o, randomInputs(net), "0");
            } catch (SpkerasException e) {
                refusal = e.template();
            }
            assertEquals(refusal == null, summary.convertible(), name + " " + o.maxPool() + ": " + refusal);
            if (refusal != null) {
                Convertibility.Verdict first = Convertibility.assess(net, o).stream().filter(v -> !v.converts())
                        .findFirst().orElseThrow();
                assertEquals(Convertibility.refusal(net, first), refusal);
                String shown = OptionText.render(first.how(), OptionText.PLAIN);
                assertTrue(summary.layers().stream().anyMatch(r -> !r.converts() && r.conversion().equals(shown)));
            }
        }
    }

    /** The command line renders an option named in a refusal as its flag (stride2_same with gating). */
    @Test
    void refusalsNameTheFlag() {
        String[] inspect = run("inspect", "keras-fixtures/stride2_same.h5", "--maxpool", "gate");
        assertTrue(inspect[1].contains("convert it to average pooling with --maxpool avg"), inspect[1]);
        String[] imported = run("import", "keras-fixtures/stride2_same.h5", "--maxpool", "gate", "--calibration", "mnist",
                "-o", tmp.resolve("x.snn").toString());
        assertTrue(imported[2].contains("convert it to average pooling with --maxpool avg"), imported[2]);
    }

    /**
     * A file whose layers all convert one by one but whose graph does not (linear conv2d_2 feeds max pooling).
     * cnn_batch_norm.h5 was the other one (linear conv2d_2 → flatten → dense): that chain is now merged into one
     * Dense, so it converts; {@code mergedLinearChainConverts} checks it.
     */
    @Test
    void inspectAndImportRefuseStride2SameForTheSameReason() {
        for (String model : List.of("keras-fixtures/stride2_same.h5")) {
            String[] inspect = run("inspect", model);
            assertEquals("0", inspect[0], inspect[2]);
            assertTrue(inspect[1].contains("does NOT convert"), inspect[1]);
            String reason = inspect[1].lines().filter(l -> l.contains("NO: ")).findFirst().orElseThrow();
            reason = reason.substring(reason.indexOf("NO: ") + 4).strip();
            String[] imported = run("import", model, "--calibration", "mnist", "-o", tmp.resolve("x.snn").toString());
            assertEquals("2", imported[0], imported[1]);
            assertTrue(imported[2].contains(reason), reason + " | " + imported[2]);
            assertFalse(reason.contains("{") || reason.contains("option maxpool"), reason);
            assertFalse(tmp.resolve("x.snn").toFile().exists());
        }
    }

    @Test
    void mergedLinearChainConverts() {
        String model = RealKeras.file("dl4j-cnn-batch-norm/cnn_batch_norm.h5").toString();
        String[] inspect = run("inspect", model);
        assertTrue(inspect[1].contains("every layer converts"), inspect[1]);
        String[] imported = run("import", model, "--calibration", RealKeras.file("dl4j-cnn-batch-norm/input.npy").toString(),
                "-o", tmp.resolve("m.snn").toString());
        assertEquals("0", imported[0], imported[2]);
        assertTrue(imported[1].contains("layers conv2d_2, flatten_1 merged into the Dense layer they feed"), imported[1]);
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** Four samples of uniform [0, 1) inputs: enough for the converter to reach every graph rule. */
    private static CalibrationSet randomInputs(Network net) {
        int size = net.inputShape().size();
        return new CalibrationSet() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public float[] sample(int index) {
                Random r = new Random(index);
                float[] x = new float[size];
                for (int i = 0; i < size; i++) {
                    x[i] = r.nextFloat();
                }
                return x;
            }

            @Override
            public String description() {
                return "random";
            }
        };
    }
}
