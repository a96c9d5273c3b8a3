package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.SpkerasException;
import org.spkeras.data.DataOptions;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.testing.RealCheckpoints;

/**
 * SavedModel folders and TF checkpoints as TensorFlow 2.0 – 2.10 wrote them ({@code ../shared/real-checkpoints/}):
 * they import, reach the accuracy Keras recorded in them, and the ones that are not Keras models are refused.
 */
class TensorBundleModelReaderTest {
    private static final String KITENITE_SAVED = "savedmodel_legacy/kitenite_mlp_fashion_tf20";

    @Test
    void th368SavedModelReachesTheAccuracyKerasRecorded() {
        Network net = ModelFiles.read(RealCheckpoints.file("savedmodel/th368_cnn_mnist_tf26"));
        assertEquals("TF SavedModel, TF 2.6.0", net.source().format());
        assertEquals("2.6.0", net.source().kerasVersion());
        assertEquals("sparse_categorical_accuracy 9891/10000 = 0.9891", net.source().recordedAccuracy());
        assertEquals(9891, RealCheckpoints.correct(net, "mnist"));
    }

    @Test
    void savedModelIsAlsoFoundThroughItsSavedModelPb() {
        Path folder = RealCheckpoints.file("savedmodel/th368_cnn_mnist_tf26");
        assertSameWeights(ModelFiles.read(folder), ModelFiles.read(folder.resolve("saved_model.pb")), "dense_32", "dense_33");
    }

    @Test
    void ionasSavedModelReachesTheAccuracyKerasRecorded() {
        Network net = ModelFiles.read(RealCheckpoints.file("savedmodel/ionas_cnn_mnist_tf26"));
        assertEquals("accuracy 9906/10000 = 0.9906", net.source().recordedAccuracy());
        assertEquals(9906, RealCheckpoints.correct(net, "mnist"));
    }

    @Test
    void legacySavedModelAndItsCheckpointHoldTheSameWeightsAndReachTheRecordedAccuracy() {
        Network saved = ModelFiles.read(RealCheckpoints.file(KITENITE_SAVED));
        assertEquals("TF SavedModel, TF 2.0.0, Keras metadata in saved_model.pb", saved.source().format());
        assertEquals("accuracy 8790/10000 = 0.8790", saved.source().recordedAccuracy());
        Network checkpoint = ModelFiles.read(RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1").resolve("cp.ckpt"),
                new ImportOptions(RealCheckpoints.file(KITENITE_SAVED), false));
        assertSameWeights(saved, checkpoint);
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "the Debian package dataset-fashion-mnist is not installed");
        assertEquals(8790, RealCheckpoints.correct(saved, "fashion-mnist"));
    }

    @Test
    void checkpointIsFoundByItsPrefixIndexFileOrFolder() {
        Path folder = RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1");
        ImportOptions options = new ImportOptions(RealCheckpoints.file(KITENITE_SAVED), false);
        Network byFolder = ModelFiles.read(folder, options);
        assertSameWeights(byFolder, ModelFiles.read(folder.resolve("cp.ckpt.index"), options));
        assertSameWeights(byFolder, ModelFiles.read(folder.resolve("cp.ckpt.data-00000-of-00001"), options));
    }

    @Test
    void twoShardCheckpointImportsWithAnArchitectureJson(@TempDir Path tmp) throws IOException {
        Path arch = tmp.resolve("shahed.json");
        Files.writeString(arch, """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                 {"class_name": "Conv2D", "config": {"name": "conv2d", "batch_input_shape": [null, 28, 28, 1],
                  "filters": 32, "kernel_size": [3, 3], "activation": "relu"}},
                 {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "pool_size": [2, 2]}},
                 {"class_name": "Conv2D", "config": {"name": "conv2d_1", "filters": 32, "kernel_size": [3, 3],
                  "activation": "relu"}},
                 {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1", "pool_size": [2, 2]}},
                 {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
                 {"class_name": "Dense", "config": {"name": "dense", "units": 100, "activation": "relu"}},
                 {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.5}},
                 {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax"}}]}}
                """);
        Network net = ModelFiles.read(RealCheckpoints.file("bundle/shahed_cnn_mnist_2shards/training_1"),
                new ImportOptions(arch, false));
        assertEquals("TF checkpoint cp.ckpt (2 data shards) + architecture", net.source().format());
        int correct = RealCheckpoints.correct(net, "mnist", DataOptions.DEFAULTS.withLimit(2000));
        assertTrue(correct >= 1960, "the author reports 99 % on MNIST; measured " + correct + "/2000");
    }

    @Test
    void checkpointFolderNamingAMissingCheckpointIsRefusedWithTheOnesPresent() {
        Path folder = RealCheckpoints.file("bundle/nighthawks_tutorial_mlp512_epoch0/training_2");
        Path arch = RealCheckpoints.file("bundle/nighthawks_tutorial_mlp512_epoch0/arch_from_saved_model_my_model/keras_metadata.pb");
        SpkerasException e = assertThrows(SpkerasException.class, () -> ModelFiles.read(folder, new ImportOptions(arch, false)));
        assertEquals("training_2: has no checkpoint 'cp-0050.ckpt' (named by its checkpoint file; cp-0050.ckpt.index is "
                + "missing); checkpoints present: cp-0000.ckpt; pick one with option checkpoint NAME", e.getMessage());
        Network net = ModelFiles.read(folder, new ImportOptions(arch, false, "cp-0000.ckpt"));
        assertEquals(List.of(784), List.of(net.inputShape().size()));
        assertEquals("2.10.0", net.source().kerasVersion());
        assertEquals(512, ((Layer.Dense) net.layer("dense_10")).units());
    }

    @Test
    void checkpointWithoutArchitectureIsRefusedWithWhatToPass() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> ModelFiles.read(RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1").resolve("cp.ckpt")));
        assertTrue(e.getMessage().startsWith("cp.ckpt: is a TF checkpoint (weights only, from save_weights or "
                + "ModelCheckpoint); pass the architecture with option architecture"), e.getMessage());
    }

    @Test
    void corruptedByteIsRefusedWithTheTensorsName(@TempDir Path tmp) throws IOException {
        Path source = RealCheckpoints.file("bundle/shahed_cnn_mnist_2shards/training_1");
        for (String f : List.of("checkpoint", "cp.ckpt.index", "cp.ckpt.data-00000-of-00002", "cp.ckpt.data-00001-of-00002")) {
            Files.copy(source.resolve(f), tmp.resolve(f));
        }
        // layer_with_weights-1/kernel lies in shard 1 at bytes 1280 .. 38144 (its index entry).
        Path shard = tmp.resolve("cp.ckpt.data-00001-of-00002");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[2000] ^= 0x01;
        Files.write(shard, bytes);
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> ModelFiles.read(tmp, new ImportOptions(RealCheckpoints.file(KITENITE_SAVED), false)));
        assertTrue(e.getMessage().startsWith("cp.ckpt.data-00001-of-00002: tensor "
                + "'layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE' fails its CRC-32C check"), e.getMessage());
    }

    @Test
    void kerasThreeExportWithoutArchitectureIsRefusedWithWhatToPass() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> ModelFiles.read(RealCheckpoints.file("negative/reu_keras3_export_savedmodel_tf216")));
        assertEquals("reu_keras3_export_savedmodel_tf216: is a SavedModel without Keras metadata (written by TF 2.16.1, "
                + "e.g. by Keras 3 model.export() or tf.saved_model.save): it holds weights but no Keras architecture; "
                + "pass the model's architecture with option architecture (its Keras 3 config.json or .keras file, or "
                + "model.to_json() JSON), or import the .keras file saved from the same model", e.getMessage());
    }

    @Test
    void tensorFlowOneGraphSavedModelIsRefusedAsNotKeras() {
        SpkerasException e = assertThrows(SpkerasException.class,
                () -> ModelFiles.read(RealCheckpoints.file("negative/tensorspace_tf112_lenet_savedmodel")));
        assertEquals("tensorspace_tf112_lenet_savedmodel: is a TensorFlow 1 graph SavedModel (written by TF 1.12.0), "
                + "not a Keras model: it holds a computation graph and unnamed variables, no Keras layers to import; "
                + "save the model from Keras (model.save('model.h5'), or model.save('dir') in TF 2) and import that",
                e.getMessage());
    }

    @Test
    void weightOfTheWrongShapeNamesTheLayerAndBothShapes(@TempDir Path tmp) throws IOException {
        Path arch = tmp.resolve("wrong.json");
        Files.writeString(arch, """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                 {"class_name": "Flatten", "config": {"name": "flatten", "batch_input_shape": [null, 28, 28]}},
                 {"class_name": "Dense", "config": {"name": "dense", "units": 64, "activation": "relu"}},
                 {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax"}}]}}
                """);
        SpkerasException e = assertThrows(SpkerasException.class, () -> ModelFiles.read(
                RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1").resolve("cp.ckpt"), new ImportOptions(arch, false)));
        assertEquals("cp.ckpt: layer 'dense' (Dense) has weight 'layer_with_weights-0/kernel' of shape [784, 128], expected [784, 64] "
                + "from the layer config; the weights do not belong to this architecture", e.getMessage());
    }

    @Test
    void twoDimensionalInputReshapedToAnImageOrAVectorGivesTheSameOutputs(@TempDir Path tmp) throws IOException {
        Network saved = ModelFiles.read(RealCheckpoints.file(KITENITE_SAVED));
        Path checkpoint = RealCheckpoints.file("bundle/kitenite_mlp_fashion_tf20/training_1").resolve("cp.ckpt");
        for (String reshape : List.of("[28, 28, 1]", "[784]")) {
            Path arch = tmp.resolve("reshape.json");
            Files.writeString(arch, """
                    {"class_name": "Sequential", "config": {"name": "s", "layers": [
                     {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 28, 28]}},
                     {"class_name": "Reshape", "config": {"name": "reshape", "target_shape": %s}},
                     {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
                     {"class_name": "Dense", "config": {"name": "dense", "units": 128, "activation": "relu"}},
                     {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax"}}]}}
                    """.formatted(reshape));
            Network reshaped = ModelFiles.read(checkpoint, new ImportOptions(arch, false));
            float[] image = new float[784];
            for (int i = 0; i < image.length; i++) {
                image[i] = (i * 37 % 256) / 255f;
            }
            assertArrayEquals(new org.spkeras.model.ForwardPass(saved).output(image),
                    new org.spkeras.model.ForwardPass(reshaped).output(image), reshape);
        }
    }

    private static void assertSameWeights(Network a, Network b) {
        assertSameWeights(a, b, "dense", "dense_1");
    }

    private static void assertSameWeights(Network a, Network b, String... denseLayers) {
        for (String name : denseLayers) {
            Layer.Dense x = (Layer.Dense) a.layer(name);
            Layer.Dense y = (Layer.Dense) b.layer(name);
            assertArrayEquals(x.kernel(), y.kernel(), name);
            assertArrayEquals(x.bias(), y.bias(), name);
        }
    }
}
