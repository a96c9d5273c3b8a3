package org.spkeras.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.spkeras.data.DataOptions;
import org.spkeras.data.Dataset;
import org.spkeras.data.Datasets;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;

/** Locates the real TF/Keras checkpoints of {@code ../shared/real-checkpoints/}, and measures ANN accuracy. */
public final class RealCheckpoints {
    public static final Path ROOT = Path.of("..", "shared", "real-checkpoints");

    private RealCheckpoints() {}

    public static Path file(String relative) {
        Path p = ROOT.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "real checkpoint not present: " + p);
        return p;
    }

    /** Number of samples of a named data set whose ANN argmax equals the label. */
    public static int correct(Network net, String data) {
        return correct(net, data, DataOptions.DEFAULTS);
    }

    /** Number of samples of a data set, read with the given options, whose ANN argmax equals the label. */
    public static int correct(Network net, String data, DataOptions options) {
        ForwardPass forward = new ForwardPass(net);
        int correct = 0;
        try (Dataset d = Datasets.open(data, options, net)) {
            for (int from = 0; from < d.size(); from += 1000) {
                List<float[]> batch = new ArrayList<>();
                int to = Math.min(d.size(), from + 1000);
                for (int i = from; i < to; i++) {
                    batch.add(d.sample(i));
                }
                double[][] out = forward.outputs(batch);
                for (int i = from; i < to; i++) {
                    correct += argmax(out[i - from]) == d.label(i) ? 1 : 0;
                }
            }
        }
        return correct;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
