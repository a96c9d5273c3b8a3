package org.spkeras.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spkeras.OptionText;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.report.ModelSummary;

/**
 * The trained Fashion-MNIST models (keras-fixtures/trained/, written by python-reference/train.py) import,
 * convert, and give the softmax outputs their training script recorded on the bundled 1,000 images.
 */
class TrainedModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"fmnist-cnn", "fmnist-vgg", "fmnist-resnet"})
    void outputsEqualTheRecordedPredictionsOnTheBundledImages(String name) {
        Network net = KerasModelReader.read(Path.of("keras-fixtures/trained/" + name + ".h5"));
        assertTrue(ModelSummary.of(net, ConversionOptions.DEFAULTS, OptionText.PLAIN).convertible());
        NdArray recorded = Npz.read(Path.of("keras-fixtures/trained/" + name + ".predictions.npz")).values().iterator().next();
        ForwardPass forward = new ForwardPass(net);
        try (Dataset data = Datasets.open("bundled", DataOptions.DEFAULTS, net)) {
            assertEquals(1000, data.size());
            assertEquals(recorded.rows(), data.size());
            for (int i = 0; i < data.size(); i++) {
                double[] ours = forward.output(data.sample(i));
                double[] want = recorded.row(i);
                for (int k = 0; k < ours.length; k++) {
                    assertEquals(want[k], ours[k], 1e-5 * Math.max(1e-3, Math.abs(want[k])), name + " image " + i + " class " + k);
                }
            }
        }
    }
}
