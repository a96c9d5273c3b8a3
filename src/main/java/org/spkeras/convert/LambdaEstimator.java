package org.spkeras.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.spkeras.SpkerasException;
import org.spkeras.model.Activation;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/**
 * Measures λ, the normalisation scale of every neuron stage, on calibration samples, streaming: memory
 * depends on the network, not on the number of samples.
 * <ul>
 *   <li>{@code max}: the largest activation (SpKeras); exact.</li>
 *   <li>{@code percentile p}: NumPy's {@code np.percentile(nonzero, p)} (linear interpolation between order
 *       statistics) over the non-zero activations (SNN Toolbox); exact, in three passes: count, a histogram
 *       of {@value #BINS} bins, then the values of the bins that hold the two order statistics. Should such
 *       a bin hold more than {@value #MAX_KEPT} values, the bin's upper edge is used instead (error at most
 *       max/{@value #BINS}).</li>
 *   <li>{@code clip}: the trained clip ({@code max_value}) of each stage's clipped ReLU, the exact top of its
 *       range (ReLU6, clip-trained networks); a stage whose ReLU has no clip is refused.</li>
 *   <li>{@code burst p}: Li &amp; Zeng's burst normalisation: the percentile p as above of the activations with
 *       every value above 1 divided by Γ (their calibration pass also passes the compressed values on to later
 *       layers; here each stage is measured on the ANN's own activations).</li>
 *   <li>{@code mmse}: Li et al.'s threshold search at the target T (the calibration steps), {@link ThresholdSearch}.</li>
 * </ul>
 * The output stage uses the largest logit (signed, as SpKeras: {@code findlambda} takes the plain maximum of the
 * layer before the softmax) in every mode, always one λ for the whole layer (also per channel), so that the
 * output's argmax is the ANN's; the input uses the largest input value (λ0). A λ of 0 (a silent layer or
 * channel) becomes the largest λ of the stage's channels, or 1 if the whole
 * stage is silent.
 */
final class LambdaEstimator {
    static final int BINS = 1024;
    /** Values kept per channel group in the third pass; beyond it, the bin's upper edge is used. */
    static final int MAX_KEPT = 1 << 20;

    record Result(Map<String, double[]> lambdas, double inputLambda) {}

    private final Network net;
    private final Topology topology;
    private final ConversionOptions options;
    private final List<Layer> stages;

    LambdaEstimator(Network net, Topology topology, ConversionOptions options) {
        this.net = net;
        this.topology = topology;
        this.options = options;
        this.stages = topology.stageLayers().stream()
                .filter(l -> topology.role(l.name()) == Topology.Role.NEURONS || topology.role(l.name()) == Topology.Role.OUTPUT)
                .toList();
    }

    Result estimate(CalibrationSet data) {
        return estimate(data, ConversionProgress.NONE);
    }

    /** As above, telling {@code progress} each pass over the data (one, or three for a percentile). */
    Result estimate(CalibrationSet data, ConversionProgress progress) {
        if (data.size() < 1) {
            throw new SpkerasException("the calibration data " + data.description() + " holds no samples");
        }
        if (options.norm() == ConversionOptions.Norm.CLIP) {
            stages.stream().filter(l -> topology.role(l.name()) == Topology.Role.NEURONS).forEach(this::trainedClip);
        }
        Map<String, double[]> lambdas = new LinkedHashMap<>();
        boolean percentile = options.norm() == ConversionOptions.Norm.PERCENTILE || options.norm() == ConversionOptions.Norm.BURST;
        int passes = percentile ? 3 : 1;
        progress.step("measuring λ", 1, passes, data.size());
        Stats first = pass(data, null, progress);
        if (percentile) {
            progress.step("measuring λ", 2, passes, data.size());
        }
        Stats hist = percentile ? pass(data, first, progress) : null;
        if (hist != null) {
            progress.step("measuring λ", 3, passes, data.size());
        }
        Stats exact = hist != null ? pass(data, hist, progress) : null;
        double[][] mmse = options.norm() == ConversionOptions.Norm.MMSE
                ? new ThresholdSearch(net, topology, stages, options.calibrationSteps()).search(data, first.max) : null;
        for (int s = 0; s < stages.size(); s++) {
            Layer stage = stages.get(s);
            boolean output = topology.role(stage.name()) == Topology.Role.OUTPUT;
            double[] lambda = !output && options.norm() == ConversionOptions.Norm.CLIP ? trainedClip(stage)
                    : !output && mmse != null ? mmse[s]
                    : output || hist == null ? first.max[s].clone() : exact.percentiles(s, options.percentile());
            lambdas.put(stage.name(), fillSilent(lambda));
        }
        double inputLambda = first.inputMax > 0 ? first.inputMax : 1.0;
        return new Result(lambdas, inputLambda);
    }

    private double[] trainedClip(Layer stage) {
        Activation a = stage.activation();
        if (a == null || !a.isClipped()) {
            throw new SpkerasException("stage '" + stage.name() + "' (" + net.sourceClass(stage.name()) + ") is a ReLU "
                    + "without a trained clip (max_value), so {norm} clip has no λ for it; use {norm} max or "
                    + "percentile, or clip every ReLU (e.g. ReLU(max_value=6)) and retrain");
        }
        double[] lambda = new double[groups(stage)];
        Arrays.fill(lambda, a.maxValue());
        return lambda;
    }

    /** Li &amp; Zeng's burst normalisation measures the percentile after dividing values above 1 by Γ. */
    private double[] burstCompressed(double[] values, boolean output) {
        if (output || options.norm() != ConversionOptions.Norm.BURST) {
            return values;
        }
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] > 1) {
                out[i] /= options.burst();
            }
        }
        return out;
    }

    private double[] fillSilent(double[] lambda) {
        double layer = Arrays.stream(lambda).max().orElse(0);
        if (!options.perChannel()) {
            return new double[] {layer > 0 ? layer : 1.0};
        }
        double[] out = lambda.clone();
        for (int c = 0; c < out.length; c++) {
            if (!(out[c] > 0)) {
                out[c] = layer > 0 ? layer : 1.0;
            }
        }
        return out;
    }

    /** The output stage always has one λ: per-channel λ would rescale each logit differently and change the argmax. */
    private int groups(Layer stage) {
        boolean output = topology.role(stage.name()) == Topology.Role.OUTPUT;
        return options.perChannel() && !output ? net.outputShape(stage.name()).channels() : 1;
    }

    /** One pass over the data: maxima and counts, then (given the previous pass) histograms, then bin values. */
    private Stats pass(CalibrationSet data, Stats previous, ConversionProgress progress) {
        ForwardPass forward = new ForwardPass(net);
        return IntStream.range(0, data.size()).parallel().collect(() -> new Stats(previous), (st, i) -> {
            progress.sampleDone();
            float[] x = data.sample(i);
            for (float v : x) {
                st.inputMax = Math.max(st.inputMax, v);
            }
            Map<String, double[]> acts = forward.activations(x);
            for (int s = 0; s < stages.size(); s++) {
                Layer stage = stages.get(s);
                boolean output = topology.role(stage.name()) == Topology.Role.OUTPUT;
                st.add(s, burstCompressed(StageActivity.of(stage, topology, acts, forward), output), output);
            }
        }, Stats::merge);
    }

    /**
     * Per stage and channel group: max, non-zero count, and in later passes a histogram or bin contents (the
     * output stage, whose λ is always its largest logit, only the max: its logits may be negative).
     */
    private final class Stats {
        final Stats previous;
        final double[][] max = new double[stages.size()][];
        final long[][] count = new long[stages.size()][];
        final long[][][] histogram;
        final List<List<List<Double>>> binValues;
        double inputMax = Double.NEGATIVE_INFINITY;

        Stats(Stats previous) {
            this.previous = previous;
            for (int s = 0; s < stages.size(); s++) {
                max[s] = new double[groups(stages.get(s))];
                count[s] = new long[groups(stages.get(s))];
            }
            boolean histPass = previous != null && previous.previous == null;
            histogram = histPass ? new long[stages.size()][][] : null;
            binValues = previous != null && !histPass ? new ArrayList<>() : null;
            for (int s = 0; s < stages.size(); s++) {
                int g = groups(stages.get(s));
                if (histogram != null) {
                    histogram[s] = new long[g][BINS];
                }
                if (binValues != null) {
                    List<List<Double>> perGroup = new ArrayList<>();
                    for (int k = 0; k < g; k++) {
                        perGroup.add(new ArrayList<>());
                    }
                    binValues.add(perGroup);
                }
            }
        }

        void add(int s, double[] values, boolean output) {
            int groups = max[s].length;
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                int g = groups == 1 ? 0 : i % groups;
                if (v > max[s][g]) {
                    max[s][g] = v;
                }
                if (v != 0 && !output) {
                    count[s][g]++;
                    if (histogram != null) {
                        histogram[s][g][previous.bin(s, g, v)]++;
                    } else if (binValues != null && previous.previous.wanted(s, g, previous, v)) {
                        List<Double> kept = binValues.get(s).get(g);
                        if (kept.size() < MAX_KEPT) {
                            kept.add(v);
                        }
                    }
                }
            }
        }

        int bin(int s, int g, double v) {
            double top = max[s][g];
            return top <= 0 ? 0 : Math.min(BINS - 1, (int) (v / top * BINS));
        }

        /** True when {@code v} falls in a bin that holds one of the two order statistics (pass 3). */
        boolean wanted(int s, int g, Stats hist, double v) {
            int b = bin(s, g, v);
            int[] bins = targetBins(s, g, hist);
            return b == bins[0] || b == bins[1];
        }

        int[] targetBins(int s, int g, Stats hist) {
            long n = count[s][g];
            double rank = options.percentile() / 100.0 * (n - 1);
            long lo = (long) Math.floor(rank);
            long hi = Math.min(n - 1, lo + 1);
            return new int[] {binOfRank(hist.histogram[s][g], lo), binOfRank(hist.histogram[s][g], hi)};
        }

        Stats merge(Stats o) {
            inputMax = Math.max(inputMax, o.inputMax);
            for (int s = 0; s < max.length; s++) {
                for (int g = 0; g < max[s].length; g++) {
                    max[s][g] = Math.max(max[s][g], o.max[s][g]);
                    count[s][g] += o.count[s][g];
                    if (histogram != null) {
                        for (int b = 0; b < BINS; b++) {
                            histogram[s][g][b] += o.histogram[s][g][b];
                        }
                    }
                    if (binValues != null) {
                        binValues.get(s).get(g).addAll(o.binValues.get(s).get(g));
                    }
                }
            }
            return this;
        }

        /** Exact percentile per group from the collected bin values (called on the third pass's result). */
        double[] percentiles(int s, double p) {
            Stats firstPass = previous.previous;
            double[] out = new double[max[s].length];
            for (int g = 0; g < out.length; g++) {
                long n = firstPass.count[s][g];
                if (n == 0) {
                    continue;
                }
                double rank = p / 100.0 * (n - 1);
                long lo = (long) Math.floor(rank);
                long hi = Math.min(n - 1, lo + 1);
                long[] hist = previous.histogram[s][g];
                double a = orderStatistic(s, g, hist, lo, firstPass);
                double b = orderStatistic(s, g, hist, hi, firstPass);
                out[g] = lerp(a, b, rank - lo);
            }
            return out;
        }

        private double orderStatistic(int s, int g, long[] hist, long rank, Stats firstPass) {
            int bin = binOfRank(hist, rank);
            long before = 0;
            for (int b = 0; b < bin; b++) {
                before += hist[b];
            }
            if (binValues.get(s).get(g).size() >= MAX_KEPT) {
                return firstPass.max[s][g] * Math.min(1.0, (bin + 1.0) / BINS);
            }
            double[] inBin = binValues.get(s).get(g).stream().mapToDouble(Double::doubleValue)
                    .filter(v -> firstPass.bin(s, g, v) == bin).sorted().toArray();
            return inBin[(int) (rank - before)];
        }
    }

    /** NumPy's interpolation ({@code numpy.lib.function_base._lerp}), so percentiles agree to the last bit. */
    static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private static int binOfRank(long[] hist, long rank) {
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            seen += hist[b];
            if (rank < seen) {
                return b;
            }
        }
        return hist.length - 1;
    }
}
