package org.spkeras.convert;

import java.util.List;
import java.util.stream.IntStream;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/**
 * Li et al.'s MMSE threshold search (anchors.md §4.1): for each stage (or channel), the candidates
 * {@code V = max·(1 − 0.01·i)}, i = 0..94, and the one (lowest i on a tie) minimising
 * {@code Σ (x − ⌊clamp(x·T/V, 0, T)⌋·V/T)²} over the calibration activations at the target T. One streaming
 * pass after the maxima are known.
 */
final class ThresholdSearch {
    static final int CANDIDATES = 95;

    private final Network net;
    private final Topology topology;
    private final List<Layer> stages;
    private final int steps;

    ThresholdSearch(Network net, Topology topology, List<Layer> stages, int steps) {
        this.net = net;
        this.topology = topology;
        this.stages = stages;
        this.steps = steps;
    }

    static double candidate(double max, int i) {
        return max * (1 - 0.01 * i);
    }

    /** Per stage and group, the best candidate; {@code max[s][g]} are the groups' maxima (0 where silent). */
    double[][] search(CalibrationSet data, double[][] max) {
        ForwardPass forward = new ForwardPass(net);
        double[][][] error = IntStream.range(0, data.size()).parallel().collect(() -> zeros(max), (acc, i) -> {
            var acts = forward.activations(data.sample(i));
            for (int s = 0; s < stages.size(); s++) {
                if (topology.role(stages.get(s).name()) == Topology.Role.NEURONS) {
                    accumulate(acc[s], max[s], StageActivity.of(stages.get(s), topology, acts, forward));
                }
            }
        }, ThresholdSearch::merge);
        double[][] best = new double[max.length][];
        for (int s = 0; s < max.length; s++) {
            best[s] = new double[max[s].length];
            for (int g = 0; g < max[s].length; g++) {
                int arg = 0;
                for (int i = 1; i < CANDIDATES; i++) {
                    if (error[s][g][i] < error[s][g][arg]) {
                        arg = i;
                    }
                }
                best[s][g] = max[s][g] > 0 ? candidate(max[s][g], arg) : 0;
            }
        }
        return best;
    }

    private void accumulate(double[][] error, double[] max, double[] values) {
        int groups = max.length;
        for (int k = 0; k < values.length; k++) {
            double x = values[k];
            int g = groups == 1 ? 0 : k % groups;
            if (!(max[g] > 0)) {
                continue;
            }
            for (int i = 0; i < CANDIDATES; i++) {
                double v = candidate(max[g], i);
                double q = Math.floor(Math.min(Math.max(x * steps / v, 0), steps)) * v / steps;
                error[g][i] += (x - q) * (x - q);
            }
        }
    }

    private static double[][][] zeros(double[][] max) {
        double[][][] z = new double[max.length][][];
        for (int s = 0; s < max.length; s++) {
            z[s] = new double[max[s].length][CANDIDATES];
        }
        return z;
    }

    private static void merge(double[][][] a, double[][][] b) {
        for (int s = 0; s < a.length; s++) {
            for (int g = 0; g < a[s].length; g++) {
                for (int i = 0; i < CANDIDATES; i++) {
                    a[s][g][i] += b[s][g][i];
                }
            }
        }
    }
}
