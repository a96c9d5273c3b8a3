package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.spkeras.OptionText;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Convertibility;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.data.ReferenceActivations;
import org.spkeras.model.DataFormat;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.pipeline.Verification;
import org.spkeras.report.ModelSummary;
import org.spkeras.testing.RealKeras;

/** Files saved by real Keras installations (../shared/real-keras/), checked against what Keras recorded. */
class RealKerasImportTest {

    @Test
    void cnnBatchNormMatchesKerasRecordedPredictions() {
        Network net = KerasModelReader.read(RealKeras.file("dl4j-cnn-batch-norm/cnn_batch_norm.h5"));
        NdArray input = Npz.readNpy(RealKeras.file("dl4j-cnn-batch-norm/input.npy"));
        NdArray predictions = Npz.readNpy(RealKeras.file("dl4j-cnn-batch-norm/predictions.npy"));
        ForwardPass forward = new ForwardPass(net);
        for (int s = 0; s < input.rows(); s++) {
            double ours = forward.output(input.rowAsFloats(s))[0];
            double keras = predictions.row(s)[0];
            assertEquals(keras, ours, 1e-5 * Math.abs(keras), "sample " + s);
        }
    }

    @Test
    void mnistMlpWeightsOnlyMatchesEveryKerasRecordedLayer() {
        Path dir = Path.of("dl4j-mnist-mlp");
        Network net = KerasModelReader.read(RealKeras.file(dir.resolve("mnist_mlp_tf_keras_2_weights.h5").toString()),
                new ImportOptions(RealKeras.file(dir.resolve("mnist_mlp_tf_keras_2_config.json").toString()), false));
        ReferenceActivations ref = ReferenceActivations.read(
                RealKeras.file(dir.resolve("mnist_mlp_tf_keras_2_inputs_and_outputs.h5").toString()));
        List<Verification.LayerResult> results = Verification.run(net, ref, 1e-4, 1e-5);
        assertEquals(List.of("dense_1", "dense_2", "dense_3", "dropout_1", "dropout_2"),
                results.stream().map(Verification.LayerResult::layer).sorted().toList());
        for (Verification.LayerResult r : results) {
            assertTrue(r.passed() && r.maxRelError() <= 1e-4, r.toString());
        }
    }

    @Test
    void lenetTheanoChannelsFirstReachesItsRecordedAccuracyOnMnist() {
        Network net = KerasModelReader.read(RealKeras.file("snn-toolbox-lenet5/lenet5_98.96.h5"));
        assertTrue(net.source().theanoKernelsFlipped());
        assertEquals(DataFormat.CHANNELS_FIRST, net.source().dataFormat());
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        NdArray y = Npz.read(Path.of("keras-fixtures/data/mnist/y_test.npz")).get("arr_0");
        ForwardPass forward = new ForwardPass(net);
        long correct = IntStream.range(0, x.rows()).parallel().filter(i -> {
            double[] out = forward.output(DataFormat.CHANNELS_FIRST.toChannelsLast(x.rowAsFloats(i), net.inputShape()));
            return argmax(out) == argmax(y.row(i));
        }).count();
        assertEquals(10_000, x.rows());
        assertEquals(9896, correct, "the file name records Keras's accuracy: 98.96 %");
    }

    @Test
    void toyResnetFunctionalWeightsOnlyImports() {
        Network net = KerasModelReader.read(RealKeras.file("kotlindl-toyresnet/weights.h5"),
                new ImportOptions(RealKeras.file("kotlindl-toyresnet/modelConfig.json"), false));
        assertEquals(2, net.layers().stream().filter(l -> l instanceof Layer.Add).count());
        assertTrue(ModelSummary.of(net, ConversionOptions.DEFAULTS, OptionText.PLAIN).convertible());
        double[] out = new ForwardPass(net).output(new float[net.inputShape().size()]);
        assertEquals(10, out.length);
    }

    @Test
    void dcganImportsButLeakyReluIsReportedAsNotConvertible() {
        Network net = KerasModelReader.read(RealKeras.file("dl4j-dcgan/dcgan_discriminator.h5"));
        Layer.ZeroPadding2D pad = (Layer.ZeroPadding2D) net.layer("zero_padding2d_1");
        assertEquals(List.of(0, 1, 0, 1), List.of(pad.top(), pad.bottom(), pad.left(), pad.right()));
        assertFalse(ModelSummary.of(net, ConversionOptions.DEFAULTS, OptionText.PLAIN).convertible());
        assertTrue(Convertibility.assess(net, ConversionOptions.DEFAULTS).stream()
                .anyMatch(v -> v.layer().equals("leaky_re_lu_1") && !v.converts() && v.how().contains("LeakyReLU")));
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
