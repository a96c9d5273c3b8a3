package org.spkeras.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spkeras.testing.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.spkeras.snn.SnnFile;
import org.spkeras.testing.CliRun;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.RealKeras;

/**
 * {@code inspect}'s verdict equals the converter's outcome, and a refusal carries the same reason, on every model
 * file of keras-fixtures/ and ../shared/real-keras/, under option sets that make the graph rules differ.
 */
class ConvertibilityAgreementTest {
    private static final Path REAL = RealKeras.ROOT;
    /** Files of the two folders that are not models (data a model's outputs were recorded on). */
    private static final Set<Path> NOT_MODELS = Set.of(REAL.resolve("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_inputs_and_outputs.h5"));
    /** Real weights-only files and the architecture they import with. */
    private static final Map<Path, Path> ARCHITECTURES = Map.of(
            REAL.resolve("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"), REAL.resolve("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json"),
            REAL.resolve("kotlindl-toyresnet/weights.h5"), REAL.resolve("kotlindl-toyresnet/modelConfig.json"));
    private static final ConversionOptions AVERAGE = ConversionOptions.builder().maxPool(ConversionOptions.MaxPool.AVERAGE).build();
    private static final List<ConversionOptions> OPTION_SETS = List.of(ConversionOptions.DEFAULTS, AVERAGE,
            ConversionOptions.builder().mergeLinear(true).build(), AVERAGE.toBuilder().mergeLinear(true).build());

    @TempDir
    Path tmp;

    /** Every .h5 and .keras file of both folders, each with the import options it needs. */
    static Stream<Arguments> models() throws IOException {
        Map<Path, ImportOptions> fixtures = new HashMap<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            fixtures.put(f.model().normalize(), f.options());
        }
        List<Arguments> all = new ArrayList<>();
        for (Path root : List.of(Fixtures.ROOT, REAL)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(ConvertibilityAgreementTest::isModelFile).sorted().toList()) {
                    ImportOptions options = fixtures.getOrDefault(p.normalize(), new ImportOptions(ARCHITECTURES.get(p), false));
                    all.add(Arguments.of(root.relativize(p).toString(), p, options));
                }
            }
        }
        return all.stream();
    }

    private static boolean isModelFile(Path p) {
        String name = p.getFileName().toString();
        return (name.endsWith(".h5") || name.endsWith(".keras")) && !NOT_MODELS.contains(p);
    }

    @Test
    void theWalkFindsEveryFixtureAndTheRealFiles() throws IOException {
        List<Path> walked = models().map(a -> ((Path) a.get()[1]).normalize()).toList();
        for (Fixtures.Fixture f : Fixtures.all()) {
            assertTrue(walked.contains(f.model().normalize()), f.name());
        }
        assertTrue(walked.contains(Fixtures.ROOT.resolve("trained/fmnist-vgg.h5")), walked.toString());
        if (Files.isDirectory(REAL)) {
            assertTrue(walked.contains(REAL.resolve("dl4j-cnn-batch-norm/cnn_batch_norm.h5").normalize()), walked.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void inspectVerdictIsTheConvertersOutcome(String name, Path model, ImportOptions options) {
        Network net;
        try {
            net = KerasModelReader.read(model, options);
        } catch (SpkerasException e) {
            CliRun inspect = run("inspect", model.toString());
            CliRun imported = run("import", model.toString(), "--calibration", "mnist", "-o", tmp.resolve("x.snn").toString());
            assertEquals(List.of(2, 2), List.of(inspect.exitCode(), imported.exitCode()), name + ": read fails, so both commands refuse it");
            assertEquals(inspect.err(), imported.err(), name);
            return;
        }
        for (ConversionOptions o : OPTION_SETS) {
            ModelSummary summary = ModelSummary.of(net, o, OptionText.PLAIN);
            String refusal = null;
            try {
                Converter.convert(net, o, randomInputs(net), "0");
            } catch (SpkerasException e) {
                refusal = e.template();
            }
            assertEquals(refusal == null, summary.convertible(), name + " " + o + ": " + refusal);
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
        CliRun inspect = run("inspect", "keras-fixtures/stride2_same.h5", "--maxpool", "gate");
        assertTrue(inspect.out().contains("convert it to average pooling with --maxpool avg"), inspect.out());
        CliRun imported = run("import", "keras-fixtures/stride2_same.h5", "--maxpool", "gate", "--calibration", "mnist",
                "-o", tmp.resolve("x.snn").toString());
        assertTrue(imported.err().contains("convert it to average pooling with --maxpool avg"), imported.err());
    }

    /**
     * Two files whose layers all convert one by one but whose graph does not: stride2_same's linear conv2d_2 feeds
     * max pooling; cnn_batch_norm's linear conv2d_2 feeds dense_1 through a Flatten, which only {@code
     * --merge-linear} merges.
     */
    @Test
    void inspectAndImportRefuseStride2SameAndCnnBatchNormForTheSameReason() {
        Map<String, String> reasons = Map.of(
                "keras-fixtures/stride2_same.h5", "max pooling 'max_pooling2d' takes the output of 'conv2d_2'",
                RealKeras.file("dl4j-cnn-batch-norm/cnn_batch_norm.h5").toString(), "layers 'conv2d_2' and 'dense_1' are "
                        + "weighted layers with no activation between them; insert a ReLU or merge them into one layer, "
                        + "or let the converter merge them with --merge-linear");
        reasons.forEach((model, expected) -> {
            CliRun inspect = run("inspect", model);
            assertEquals(0, inspect.exitCode(), inspect.err());
            assertTrue(inspect.out().contains("does NOT convert"), inspect.out());
            String reason = inspect.out().lines().filter(l -> l.contains("NO: ")).findFirst().orElseThrow();
            reason = reason.substring(reason.indexOf("NO: ") + 4).strip();
            assertTrue(reason.startsWith(expected), reason);
            CliRun imported = run("import", model, "--calibration", "mnist", "-o", tmp.resolve("x.snn").toString());
            assertEquals(2, imported.exitCode(), imported.out());
            assertTrue(imported.err().contains(reason), reason + " | " + imported.err());
            assertFalse(reason.contains("{") || reason.contains("option "), reason);
            assertFalse(tmp.resolve("x.snn").toFile().exists());
            // Without calibration data the graph's refusal still comes first: data would not make it convert.
            CliRun bare = run("import", model, "-o", tmp.resolve("x.snn").toString());
            assertEquals(2, bare.exitCode(), bare.out());
            assertTrue(bare.err().contains(reason), reason + " | " + bare.err());
            CliRun exported = run("export", model, "--format", "nir", "-o", tmp.resolve("x.nir").toString());
            assertEquals(2, exported.exitCode(), exported.out());
            assertTrue(exported.err().contains(reason), reason + " | " + exported.err());
        });
    }

    @Test
    void cnnBatchNormConvertsWithMergeLinearByFlagOrConfig() throws IOException {
        String model = RealKeras.file("dl4j-cnn-batch-norm/cnn_batch_norm.h5").toString();
        CliRun inspect = run("inspect", model, "--merge-linear");
        assertTrue(inspect.out().contains("every layer converts"), inspect.out());
        Path config = Files.writeString(tmp.resolve("conv.json"), "{\"merge-linear\": true}");
        assertEquals(inspect.out(), run("inspect", model, "--config", config.toString()).out());
        CliRun imported = run("import", model, "--merge-linear", "--calibration",
                RealKeras.file("dl4j-cnn-batch-norm/input.npy").toString(), "-o", tmp.resolve("m.snn").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("layers conv2d_2, flatten_1 merged into the Dense layer they feed"), imported.out());
        assertEquals("true", SnnFile.read(tmp.resolve("m.snn")).provenance().options().get("merge-linear"));
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
