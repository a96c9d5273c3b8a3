package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import java.util.List;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.RealCheckpoints;

/** Keras 3 {@code .weights.h5} files ({@code save_weights}, {@code ModelCheckpoint}) read with an architecture. */
class Keras3WeightsFileTest {
    private static final String REU_ARCHITECTURE = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
             {"class_name": "InputLayer", "config": {"name": "input_layer", "batch_shape": [null, 28, 28, 1]}},
             {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 8, "kernel_size": [3, 3],
              "activation": "linear", "data_format": "channels_last"}},
             {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "pool_size": [2, 2]}},
             {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
             {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}]}}
            """;

    @Test
    void weightsFileWithTheArchitectureOfTheWholeModelGivesTheWholeModelsOutputs() {
        Path dir = RealCheckpoints.file("keras3/kss_mlp_fashion");
        Network whole = ModelFiles.read(dir.resolve("model-whole.keras"));
        Network weights = ModelFiles.read(dir.resolve("model.weights.h5"), new ImportOptions(dir.resolve("model-whole.keras"), false));
        assertEquals("Keras 3 weights + architecture", weights.source().format());
        assertEquals("3.11.3", weights.source().kerasVersion());
        assertEquals(Shape.spatial(28, 28, 1), weights.inputShape());
        ForwardPass a = new ForwardPass(whole);
        ForwardPass b = new ForwardPass(weights);
        try (Dataset data = Datasets.open("bundled", DataOptions.DEFAULTS, whole)) {
            for (int i = 0; i < data.size(); i++) {
                float[] x = data.sample(i);
                assertArrayEquals(a.output(x), b.output(x), "bundled image " + i);
            }
        }
    }

    @Test
    void weightsFileWithAnArchitectureLackingOneOfItsLayersIsRefused(@TempDir Path tmp) throws IOException {
        Path arch = tmp.resolve("one-dense.json");
        Files.writeString(arch, """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                 {"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [null, 28, 28]}},
                 {"class_name": "Flatten", "config": {"name": "flatten"}},
                 {"class_name": "Dense", "config": {"name": "dense_8", "units": 100, "activation": "relu"}}]}}
                """);
        SpkerasException e = assertThrows(SpkerasException.class, () -> ModelFiles.read(
                RealCheckpoints.file("keras3/kss_mlp_fashion/model.weights.h5"), new ImportOptions(arch, false)));
        assertEquals("model.weights.h5 (architecture one-dense.json): holds weights in 'layers/dense_1/vars', which no "
                + "layer of the architecture uses; "
                + "the weights file and the architecture belong to different models", e.getMessage());
    }

    @Test
    void weightsFileWithoutArchitectureIsRefusedWithWhatToPass() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> ModelFiles.read(RealCheckpoints.file("keras3/kss_mlp_fashion/model.weights.h5")));
        assertEquals("model.weights.h5: is a Keras 3 weights file (.weights.h5, no architecture inside); pass the "
                + "architecture with option architecture: the model's Keras 3 config.json, its .keras file, or model.to_json() "
                + "JSON", e.getMessage());
    }

    @Test
    void earlyKeras3WeightsWithoutNamesImportAndTheirLinearConvolutionBeforeMaxPoolingConvertsOnlyAveragedAndMerged(
            @TempDir Path tmp)
            throws IOException {
        Path arch = tmp.resolve("reu.json");
        Files.writeString(arch, REU_ARCHITECTURE);
        Network net = ModelFiles.read(RealCheckpoints.file("keras3/reu_cnn8_mnist/mnist.weights.h5"), new ImportOptions(arch, false));
        Layer.Conv2D conv = (Layer.Conv2D) net.layer("conv2d");
        assertEquals(8, conv.filters());
        assertEquals(1352, ((Layer.Dense) net.layer("dense")).inputSize());
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, net, "mnist", 100);
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> Converter.convert(net, ConversionOptions.DEFAULTS, data, "0"));
        assertTrue(e.getMessage().contains("which is not a ReLU") && e.getMessage().contains("option maxpool avg"), e.getMessage());
        ConversionOptions average = ConversionOptions.builder().maxPool(ConversionOptions.MaxPool.AVERAGE).build();
        SpkerasException unmerged = assertThrows(SpkerasException.class, () -> Converter.convert(net, average, data, "0"));
        assertTrue(unmerged.getMessage().contains("layers 'conv2d' and 'dense' are weighted layers with no activation between "
                + "them") && unmerged.getMessage().contains("option merge-linear"), unmerged.getMessage());
        Conversion converted = Converter.convert(net, average.toBuilder().mergeLinear(true).build(), data, "0");
        assertEquals(List.of("dense"), converted.network().stages().stream().map(Stage::name).toList());
        assertTrue(converted.approximations().contains("layers conv2d, max_pooling2d, flatten merged into the Dense "
                + "layer they feed (no activation between them: one affine map, its weights rounded to float32)"),
                converted.approximations().toString());
    }

    @Test
    void kerasThreeExportWithTheArchitectureHoldsTheWeightsOfItsWeightsFile(@TempDir Path tmp) throws IOException {
        Path arch = tmp.resolve("reu.json");
        Files.writeString(arch, REU_ARCHITECTURE);
        ImportOptions options = new ImportOptions(arch, false);
        Network exported = ModelFiles.read(RealCheckpoints.file("negative/reu_keras3_export_savedmodel_tf216"), options);
        Network weights = ModelFiles.read(RealCheckpoints.file("keras3/reu_cnn8_mnist/mnist.weights.h5"), options);
        assertEquals("TF SavedModel without Keras metadata, TF 2.16.1 + architecture", exported.source().format());
        for (String name : new String[] {"conv2d", "dense"}) {
            assertArrayEquals(weights.layer(name) instanceof Layer.Conv2D c ? c.kernel() : ((Layer.Dense) weights.layer(name)).kernel(),
                    exported.layer(name) instanceof Layer.Conv2D c ? c.kernel() : ((Layer.Dense) exported.layer(name)).kernel(), name);
        }
    }
}
