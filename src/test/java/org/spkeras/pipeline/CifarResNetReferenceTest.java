package org.spkeras.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.data.NdArray;
import org.spkeras.keras.ModelFiles;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.testing.NumpyForward;

/**
 * The two real CIFAR-10 ResNets of {@code ../shared/cifar10/models/} (read there, never copied): the product's ANN
 * predictions on all 1,000 images of the named set {@code cifar10-1000} equal those of the independent NumPy forward
 * pass ({@code python-reference/reference_forward.py --final}) on the very same float32 inputs, image for image, and
 * so do the accuracies. Skips with the reason when ../shared or /usr/bin/python3 with numpy and h5py is absent.
 */
class CifarResNetReferenceTest {
    private static final Path MODELS = Path.of("..", "shared", "cifar10", "models");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlperf_tiny_resnet8_k240.h5, 1", "ejb_cifar10_resnet20_k224.h5, auto"})
    void annPredictionsEqualTheNumpyForwardPassOnAllThousandImages(String file, String scale) throws Exception {
        Path model = MODELS.resolve(file);
        assumeTrue(Files.isRegularFile(model), "../shared/cifar10 is absent: " + model + " not found");
        String missing = NumpyForward.missing(dir);
        assumeTrue(missing == null, missing);
        Network net = ModelFiles.read(model);
        DataOptions options = scale.equals("auto") ? DataOptions.DEFAULTS : DataOptions.DEFAULTS.withScale(1.0);
        int n;
        float[] inputs;
        int[] labels;
        ForwardPass forward = new ForwardPass(net);
        int[] java;
        try (Dataset data = Datasets.open("cifar10-1000", options, net)) {
            n = data.size();
            int size = net.inputShape().size();
            inputs = new float[n * size];
            labels = new int[n];
            java = new int[n];
            for (int i = 0; i < n; i++) {
                float[] x = data.sample(i);
                System.arraycopy(x, 0, inputs, i * size, size);
                labels[i] = data.label(i);
                java[i] = argmax(forward.output(x));
            }
        }
        NdArray outputs = NumpyForward.outputs(model, net.outputNames().get(0), new int[] {n, 32, 32, 3}, inputs, dir);
        int same = 0;
        int javaCorrect = 0;
        int numpyCorrect = 0;
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int numpy = argmax(outputs.row(i));
            same += numpy == java[i] ? 1 : 0;
            javaCorrect += java[i] == labels[i] ? 1 : 0;
            numpyCorrect += numpy == labels[i] ? 1 : 0;
            if (numpy != java[i] && differ.size() < 10) {
                differ.add(i);
            }
        }
        assertEquals(n, same, file + ": predictions differ on images " + differ);
        assertEquals(numpyCorrect, javaCorrect);
        System.out.printf("%s: ANN %d/%d correct on cifar10-1000, NumPy %d/%d, same predictions on all %d%n", file,
                javaCorrect, n, numpyCorrect, n, same);
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
