package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.testing.RealKeras;

/** Unusable inputs are refused with one message naming the file, the layer and the fix. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static String refusal(Path model, ImportOptions options) {
        return assertThrows(SpkerasException.class, () -> KerasModelReader.read(model, options)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void missingFile() {
        assertMentions(refusal(tmp.resolve("nope.h5"), ImportOptions.DEFAULT), "nope.h5", "no such model file");
    }

    @Test
    void notAnHdf5File() throws IOException {
        Path f = Files.writeString(tmp.resolve("model.h5"), "hello, I am text\n");
        assertMentions(refusal(f, ImportOptions.DEFAULT), "model.h5", "not an HDF5 file");
    }

    @Test
    void architectureJsonGivenAsModel() {
        Path json = RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json");
        assertMentions(refusal(json, ImportOptions.DEFAULT), "option architecture");
    }

    @Test
    void hdf5FileThatIsNotAKerasModel() {
        Path f = RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_inputs_and_outputs.h5");
        assertMentions(refusal(f, ImportOptions.DEFAULT), "mnist_mlp_tf_keras_2_inputs_and_outputs.h5", "not a Keras model");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(RealKeras.file("snn-toolbox-lenet5/lenet5_98.96.h5"));
        Path f = Files.write(tmp.resolve("lenet_cut.h5"), Arrays.copyOf(whole, whole.length / 2));
        assertMentions(refusal(f, ImportOptions.DEFAULT), "lenet_cut.h5", "truncated");
    }

    @Test
    void lambdaLayerIsRefusedByName() {
        assertMentions(refusal(RealKeras.file("negative/sequential_lambda.h5"), ImportOptions.DEFAULT),
                "sequential_lambda.h5", "'lambda_1'", "Lambda", "replace it");
    }

    @Test
    void weightsOnlyCheckpointWithoutArchitecture() {
        assertMentions(refusal(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"), ImportOptions.DEFAULT),
                "weights-only", "option architecture");
    }

    @Test
    void weightsThatDoNotMatchTheArchitecture() {
        Path weights = RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5");
        Path otherJson = RealKeras.file("kotlindl-toyresnet/modelConfig.json");
        assertMentions(refusal(weights, new ImportOptions(otherJson, false)), "mnist_mlp_tf_keras_2_weights.h5",
                "architecture");
    }

    @Test
    void unsupportedLayerInArchitectureIsRefusedBeforeWeightsAreRead() throws IOException {
        String json = Files.readString(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json"))
                .replaceFirst("\"class_name\": \"Dropout\"", "\"class_name\": \"LSTM\"");
        Path arch = Files.writeString(tmp.resolve("lstm.json"), json);
        assertMentions(refusal(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"), new ImportOptions(arch, false)),
                "'dropout_1' (LSTM)", "recurrent");
    }

    @Test
    void absurdDeclaredShapesAreRefusedBeforeAllocation() throws IOException {
        String json = Files.readString(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json"))
                .replace("\"units\": 512", "\"units\": 2000000000");
        Path arch = Files.writeString(tmp.resolve("huge.json"), json);
        assertMentions(refusal(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"), new ImportOptions(arch, false)),
                "'units'", "2.0E9");
        String input = Files.readString(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_config.json"))
                .replaceAll("\"batch_input_shape\": \\[[^\\]]*\\]", "\"batch_input_shape\": [null, 1000000, 1000000, 3]");
        Path arch2 = Files.writeString(tmp.resolve("huge_input.json"), input);
        assertMentions(refusal(RealKeras.file("dl4j-mnist-mlp/mnist_mlp_tf_keras_2_weights.h5"), new ImportOptions(arch2, false)),
                "input", "1000000");
    }
}
