package org.spkeras.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.spkeras.convert.CalibrationSet;
import org.spkeras.convert.Conversion;
import org.spkeras.convert.ConversionProgress;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.WeightedStage;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Network;
import org.spkeras.sim.PotentialBounds;
import org.spkeras.sim.SimOptions;
import org.spkeras.sim.event.EventEngine;
import org.spkeras.sim.event.EventPlan;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.Provenance;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * Li et al. (2021) calibration after conversion, stage by stage in network order, each stage measured on
 * the network whose earlier stages are already corrected. For stage l with target rate {@code r = a/λ}
 * (the ANN activation over λ) and simulated rate {@code q = count/T} over the calibration samples:
 * <ul>
 *   <li>bias correction: {@code b_c −= (mean q − mean r)·V_th} per channel (means over samples and
 *       positions), Li et al.'s "light" calibration;</li>
 *   <li>potential correction: the initial potential of each neuron gains {@code (mean r − mean q)·T·V_th}
 *       (means over samples), Li et al.'s "advanced" calibration on CIFAR;</li>
 *   <li>weight calibration (before the other two, Li et al.'s "advanced" calibration on ImageNet): the kernel of
 *       the layer feeding the stage is fitted to the actual input rates ({@link WeightCalibration}).</li>
 * </ul>
 * The simulation uses the event engine with analog input for {@code calibrationSteps} steps, and simulates
 * only the stages up to the one being calibrated.
 */
public final class SpikeCalibration {
    private SpikeCalibration() {}

    public static Conversion apply(Conversion conversion, CalibrationSet data, ConversionOptions options) {
        return apply(conversion, data, options, ConversionProgress.NONE);
    }

    /**
     * As above, telling {@code progress} each stage calibrated (k of n) and each sample simulated in it (the count is
     * known for bias and potential calibration; with weights it is not, and the step says 0 samples).
     */
    public static Conversion apply(Conversion conversion, CalibrationSet all, ConversionOptions options,
                                   ConversionProgress progress) {
        if (!options.calibrates()) {
            return conversion;
        }
        SpikingNetwork net = conversion.network();
        Network ann = conversion.convertedAnn();
        CalibrationSet data = all;
        int samples = Math.min(data.size(), Math.min(options.calibrationSamples(), options.spikeCalibrationSamples()));
        int steps = options.calibrationSteps();
        Map<String, double[]> targets = targetRates(ann, net, data, samples);
        Map<String, float[][]> perSample = options.weightCalibration() ? sampleTargets(ann, net, data, samples) : Map.of();
        List<String> fits = new ArrayList<>();
        int calibrated = (int) net.stages().stream().filter(st -> st instanceof Stage.Neurons n && n.spiking()).count();
        int runs = (options.biasCalibration() ? 1 : 0) + (options.potentialCalibration() ? 1 : 0);
        CalibrationSet counted = all.tellingEachSample(progress::sampleDone);
        int k = 0;
        for (int s = 0; s < net.stages().size(); s++) {
            if (!(net.stages().get(s) instanceof Stage.Neurons n) || !n.spiking()) {
                continue;
            }
            progress.step("calibrating stage '" + n.name() + "'", ++k, calibrated,
                    options.weightCalibration() ? 0 : samples * runs);
            if (options.weightCalibration()) {
                net = calibrateWeights(net, ann, s, counted, samples, steps, options, perSample.get(n.name()), fits);
                n = (Stage.Neurons) net.stages().get(s);
            }
            double[] target = targets.get(n.name());
            if (options.biasCalibration()) {
                double[] error = channelMeans(subtract(meanRates(net, s, counted, samples, steps), target), n);
                net = replace(net, s, correctBias(n, error));
                n = (Stage.Neurons) net.stages().get(s);
            }
            if (options.potentialCalibration()) {
                double[] error = subtract(meanRates(net, s, counted, samples, steps), target);
                net = replace(net, s, correctPotential(n, error, steps));
            }
        }
        List<String> notes = new ArrayList<>(conversion.approximations());
        List<String> kinds = new ArrayList<>();
        if (options.weightCalibration()) {
            kinds.add("weights");
        }
        if (options.biasCalibration()) {
            kinds.add("bias");
        }
        if (options.potentialCalibration()) {
            kinds.add("initial potential");
        }
        notes.add("calibrated (" + String.join(", ", kinds) + ") on " + samples + " samples at T = " + steps
                + ", stage by stage (Li et al. 2021)" + (fits.isEmpty() ? "" : "; weight fit loss per stage: "
                + String.join(", ", fits)));
        return new Conversion(ann, recordOptions(net, options, notes), notes);
    }

    /**
     * Stage {@code s} with the kernel of its weighted layer fitted by {@link WeightCalibration} to the actual input
     * rates of the network as calibrated so far, then compiled again (and quantised) as the converter does; a
     * stage fed by several paths keeps its weights. Adds {@code "stage before→after"} (the fit's loss) to
     * {@code fits}.
     */
    private static SpikingNetwork calibrateWeights(SpikingNetwork net, Network ann, int s, CalibrationSet data,
                                                   int samples, int steps, ConversionOptions options,
                                                   float[][] targets, List<String> fits) {
        Stage.Neurons n = (Stage.Neurons) net.stages().get(s);
        Optional<WeightedStage.Feed> found = WeightedStage.feedOf(ann, options, n.name());
        if (found.isEmpty()) {
            fits.add(n.name() + " kept (several inputs)");
            return net;
        }
        WeightedStage.Feed feed = found.get();
        double[][] sources = sourceActivity(net, ann, feed.source(), data, samples, steps);
        ForwardPass forward = new ForwardPass(ann);
        double[][] inputs = new double[samples][];
        for (int i = 0; i < samples; i++) {
            inputs[i] = WeightCalibration.layerInput(forward, feed, sources[i]);
        }
        double[] lambda = new double[n.shape().channels()];
        for (int c = 0; c < lambda.length; c++) {
            lambda[c] = lambdaOf(net, n.name(), c);
        }
        int burst = ((NeuronModel.IntegrateAndFire) n.model()).maxSpikes();
        WeightCalibration.Fit fit = WeightCalibration.fit(
                WeightCalibration.problem(feed.weighted(), ann, n, inputs, targets, lambda, steps, burst));
        Network fitted = WeightedStage.withKernel(ann, feed.weighted().name(), fit.kernel(), options);
        SpikingNetwork out = replace(net, s, WeightedStage.compile(fitted, options, net, n.name()));
        PotentialBounds.of(out, steps).requireWithinLimit();
        fits.add(String.format(Locale.ROOT, "%s %.4g→%.4g", n.name(), fit.lossBefore(), fit.lossAfter()));
        return out;
    }

    /**
     * Per sample, the activity of stage {@code source} in activation units: the sample itself for the input,
     * otherwise the simulated counts over T times the stage's λ.
     */
    private static double[][] sourceActivity(SpikingNetwork net, Network ann, String source, CalibrationSet data,
                                             int samples, int steps) {
        double[][] out = new double[samples][];
        if (source.equals(ann.input().name())) {
            for (int i = 0; i < samples; i++) {
                float[] x = data.sample(i);
                out[i] = new double[x.length];
                for (int k = 0; k < x.length; k++) {
                    out[i][k] = x[k];
                }
            }
            return out;
        }
        int index = stageIndex(net, source);
        int channels = net.stages().get(index).shape().channels();
        List<int[]> counts = counts(net, index, data, samples, steps);
        for (int i = 0; i < samples; i++) {
            int[] c = counts.get(i);
            out[i] = new double[c.length];
            for (int k = 0; k < c.length; k++) {
                out[i][k] = c[k] / (double) steps * lambdaOf(net, source, k % channels);
            }
        }
        return out;
    }

    private static int stageIndex(SpikingNetwork net, String name) {
        for (int s = 0; s < net.stages().size(); s++) {
            if (net.stages().get(s).name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no stage named " + name);
    }

    /** λ of a stage's channel; a gate passes its source's spikes, so it has its source's λ. */
    private static double lambdaOf(SpikingNetwork net, String stage, int channel) {
        Stage st = net.stages().get(stageIndex(net, stage));
        if (st instanceof Stage.MaxPoolGate g) {
            return lambdaOf(net, g.source(), channel);
        }
        double[] l = net.provenance().lambdas().get(stage);
        return l.length == 1 ? l[0] : l[channel];
    }

    /** Per sample and spiking stage, the ANN activation over λ (the weight fit's targets). */
    private static Map<String, float[][]> sampleTargets(Network ann, SpikingNetwork net, CalibrationSet data, int samples) {
        ForwardPass forward = new ForwardPass(ann);
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (Stage stage : net.stages()) {
            if (stage instanceof Stage.Neurons n && n.spiking()) {
                out.put(n.name(), new float[samples][]);
            }
        }
        IntStream.range(0, samples).parallel().forEach(i -> {
            Map<String, double[]> acts = forward.activations(data.sample(i));
            for (Map.Entry<String, float[][]> e : out.entrySet()) {
                double[] a = acts.get(e.getKey());
                int channels = ann.outputShape(e.getKey()).channels();
                double[] lambda = net.provenance().lambdas().get(e.getKey());
                float[] r = new float[a.length];
                for (int o = 0; o < a.length; o++) {
                    r[o] = (float) (a[o] / (lambda.length == 1 ? lambda[0] : lambda[o % channels]));
                }
                e.getValue()[i] = r;
            }
        });
        return out;
    }

    /** The provenance gains the spike calibration settings applied here; the converter's own options stay. */
    private static SpikingNetwork recordOptions(SpikingNetwork net, ConversionOptions options, List<String> notes) {
        Provenance p = net.provenance();
        Map<String, String> recorded = new LinkedHashMap<>(p.options());
        Map<String, String> applied = options.toMap();
        for (String key : List.of("calibrate", "calibration-steps", "spike-calibration-samples")) {
            recorded.put(key, applied.get(key));
        }
        return new SpikingNetwork(net.input(), net.stages(), p.with(recorded, notes));
    }

    /** Per channel: mean simulated rate minus mean target rate of stage {@code s} (what bias calibration drives to 0). */
    static double[] channelRateErrors(SpikingNetwork net, Network ann, int s, CalibrationSet data, int samples, int steps) {
        return channelMeans(neuronRateErrors(net, ann, s, data, samples, steps), (Stage.Neurons) net.stages().get(s));
    }

    /** Per neuron: mean simulated rate minus mean target rate of stage {@code s} (what potential calibration drives to 0). */
    static double[] neuronRateErrors(SpikingNetwork net, Network ann, int s, CalibrationSet data, int samples, int steps) {
        double[] target = targetRates(ann, net, data, samples).get(net.stages().get(s).name());
        return subtract(meanRates(net, s, data, samples, steps), target);
    }

    /**
     * Per spiking stage, the mean over samples of its ANN activation divided by its λ (per neuron). The ANN
     * and λ do not change during calibration, so one forward pass serves every stage.
     */
    private static Map<String, double[]> targetRates(Network ann, SpikingNetwork net, CalibrationSet data, int samples) {
        ForwardPass forward = new ForwardPass(ann);
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Stage stage : net.stages()) {
            if (stage instanceof Stage.Neurons n && n.spiking()) {
                sums.put(n.name(), new double[n.size()]);
            }
        }
        for (int i = 0; i < samples; i++) {
            Map<String, double[]> acts = forward.activations(data.sample(i));
            for (Stage stage : net.stages()) {
                if (stage instanceof Stage.Neurons n && n.spiking()) {
                    addScaled(sums.get(n.name()), acts.get(n.name()), net.provenance().lambdas().get(n.name()), n.shape().channels());
                }
            }
        }
        for (double[] sum : sums.values()) {
            for (int o = 0; o < sum.length; o++) {
                sum[o] /= samples;
            }
        }
        return sums;
    }

    private static void addScaled(double[] sum, double[] a, double[] lambda, int channels) {
        for (int o = 0; o < sum.length; o++) {
            sum[o] += a[o] / (lambda.length == 1 ? lambda[0] : lambda[o % channels]);
        }
    }

    /** Mean spikes per step of every neuron of stage s; deterministic (fixed-order sums). */
    private static double[] meanRates(SpikingNetwork net, int s, CalibrationSet data, int samples, int steps) {
        double[] mean = new double[net.stages().get(s).size()];
        for (int[] c : counts(net, s, data, samples, steps)) {
            for (int o = 0; o < mean.length; o++) {
                mean[o] += c[o];
            }
        }
        for (int o = 0; o < mean.length; o++) {
            mean[o] /= (double) samples * steps;
        }
        return mean;
    }

    /** Spike counts of every neuron of stage s, per sample (event engine, analog input, T steps). */
    private static List<int[]> counts(SpikingNetwork net, int s, CalibrationSet data, int samples, int steps) {
        SimOptions sim = new SimOptions(steps, SimOptions.Encoding.ANALOG, 0, true);
        EventPlan plan = new EventPlan(net, sim);
        ThreadLocal<EventEngine> engines = ThreadLocal.withInitial(() -> new EventEngine(plan));
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            return pool.submit(() -> IntStream.range(0, samples).parallel()
                    .mapToObj(i -> engines.get().countsUpTo(data.sample(i), i, s)).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double[] channelMeans(double[] perNeuron, Stage.Neurons n) {
        int channels = n.shape().channels();
        double[] mean = new double[channels];
        for (int o = 0; o < perNeuron.length; o++) {
            mean[o % channels] += perNeuron[o];
        }
        int positions = perNeuron.length / channels;
        for (int c = 0; c < channels; c++) {
            mean[c] /= positions;
        }
        return mean;
    }

    private static Stage.Neurons correctBias(Stage.Neurons n, double[] error) {
        int channels = n.shape().channels();
        long[] bias = n.bias().clone();
        for (int o = 0; o < bias.length; o++) {
            bias[o] -= FixedPoint.round(error[o % channels] * n.threshold()[o % channels] / (double) FixedPoint.ONE);
        }
        return new Stage.Neurons(n.name(), n.shape(), n.inputs(), bias, n.shift(), n.threshold(), n.initialPotential(), n.model());
    }

    /** Per neuron, as Li et al.: the initial potential becomes per-neuron storage. */
    private static Stage.Neurons correctPotential(Stage.Neurons n, double[] error, int steps) {
        int channels = n.shape().channels();
        long[] initial = new long[n.size()];
        for (int o = 0; o < initial.length; o++) {
            initial[o] = n.initialPotentialOf(o)
                    - FixedPoint.round(error[o] * steps * n.threshold()[o % channels] / (double) FixedPoint.ONE);
        }
        return new Stage.Neurons(n.name(), n.shape(), n.inputs(), n.bias(), n.shift(), n.threshold(), initial, n.model());
    }

    private static SpikingNetwork replace(SpikingNetwork net, int s, Stage stage) {
        List<Stage> stages = new ArrayList<>(net.stages());
        stages.set(s, stage);
        Provenance p = net.provenance();
        return new SpikingNetwork(net.input(), stages, p);
    }
}
